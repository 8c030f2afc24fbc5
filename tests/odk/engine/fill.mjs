// Fill an XForm with answers and print the submission ODK's engine writes.
//
// Usage: node fill.mjs FORM.xml ANSWERS.json [FORM.xml ANSWERS.json ...]
// prints a JSON list of the submissions' XML, one per pair, in order.
// ANSWERS maps a question's name to its value; a repeat's name to a list of
// such maps, one per repeat instance. A file question's value is the file's
// name (its bytes are not needed for the instance). Everything runs offline:
// the engine reads the XForm given, jsdom stands in for the browser.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('');
for (const name of ['DOMParser', 'XMLSerializer', 'Node', 'Element', 'Document', 'XPathResult']) {
  globalThis[name] ??= dom.window[name];
}
globalThis.document ??= dom.window.document;
// The engine's bundled XPath parser (tree-sitter, its WebAssembly inlined)
// was built for CommonJS: on Node it reads these two names, which an ES
// module lacks. Nothing is loaded from them.
globalThis.__dirname ??= new URL('.', import.meta.url).pathname;
globalThis.module ??= { exports: {} };

const { createInstance } = await import('@getodk/xforms-engine');

function nameOf(node) {
  return node.definition.nodeName ?? node.definition.nodeset.split('/').pop();
}

function fill(node, given) {
  for (const child of node.currentState.children) {
    const name = nameOf(child);
    const value = given[name];
    if (child.nodeType.startsWith('repeat-range')) {
      const rows = value ?? [];
      const have = child.currentState.children.length;
      if (rows.length > have) child.addInstances(have - 1, rows.length - have);
      child.currentState.children.forEach((instance, i) => fill(instance, rows[i] ?? {}));
    } else if (child.nodeType === 'group' || child.nodeType === 'repeat-instance') {
      fill(child, typeof value === 'object' && value !== null ? value : given);
    } else if (value === undefined) {
      continue;
    } else if (child.nodeType === 'select') {
      child.selectValue(value);
    } else if (child.nodeType === 'upload') {
      child.setValue(new File([new Uint8Array([0xff, 0xd8, 0xff])], value, { type: 'image/jpeg' }));
    } else if (child.nodeType === 'input') {
      child.setValue(value);
    }
  }
}

async function submission(formPath, answersPath) {
  const answers = JSON.parse(readFileSync(answersPath, 'utf8'));
  const form = await createInstance(readFileSync(formPath, 'utf8'), {
    instance: { preloadProperties: { deviceID: answers.deviceid ?? 'engine:test' } },
  });
  fill(form.root, answers);
  const payload = await form.root.prepareInstancePayload();
  if (payload.status !== 'ready') {
    const where = payload.violations.map((v) => v.reference ?? JSON.stringify(v));
    throw new Error(`${formPath}: the engine will not submit it (${payload.status}: ${where})`);
  }
  return payload.data[0].get('xml_submission_file').text();
}

const args = process.argv.slice(2);
const out = [];
for (let i = 0; i < args.length; i += 2) out.push(await submission(args[i], args[i + 1]));
process.stdout.write(JSON.stringify(out));
