"""A submission's XML, read safely into plain values and repeats.

The XML comes from phones and servers we do not control: it is parsed by
defusedxml with DTDs refused, so no entity can read a local file (XXE) or
blow up in memory, and it is refused above ``MAX_XML_BYTES``. Values are
keyed by their path below the enclosing group or repeat, joined with ``-``
as ODK Briefcase and Central name their CSV columns (``meta-instanceID``);
each repeat is a list of groups under its element's name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Collection
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sabt.odk.errors import OdkError

MAX_XML_BYTES = 10 * 1024 * 1024
JAVAROSA = "http://openrosa.org/javarosa"
# How deep groups may nest; a real form is a few levels, a hostile one more.
MAX_DEPTH = 32


@dataclass
class Group:
    """One level of a submission: its values and the repeats within it."""

    values: dict[str, str] = field(default_factory=dict)
    repeats: dict[str, list[Group]] = field(default_factory=dict)


@dataclass
class Submission:
    """One filled-in form, as a phone finalised it."""

    form_id: str
    version: str
    instance_id: str
    deprecated_id: str
    data: Group
    # File name as the XML names it -> the file's bytes.
    media: dict[str, bytes] = field(default_factory=dict)
    # True if it came encrypted from the phone and was opened here.
    encrypted: bool = False
    # What the server that received it adds (ODK Central's export columns).
    device_id: str = ""
    submitted_at: str = ""

    @property
    def instance_name(self) -> str:
        return self.data.values.get("meta-instanceName", "")


def local_name(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def parse_xml(raw: bytes, *, what: str = "submission.xml") -> ET.Element:
    """Parse untrusted XML, refusing DTDs, entities and oversized input."""
    if len(raw) > MAX_XML_BYTES:
        limit = MAX_XML_BYTES // (1024 * 1024)
        raise OdkError(f"{what} is larger than {limit} MiB")
    try:
        root: ET.Element = SafeET.fromstring(
            raw, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise OdkError(
            f"{what} declares a DTD or entities, which are refused "
            f"({exc.__class__.__name__})"
        ) from exc
    except ET.ParseError as exc:
        raise OdkError(f"{what} is not well-formed XML: {exc}") from exc
    return root


def parse_submission(
    raw: bytes,
    *,
    repeats: Collection[str] = (),
    what: str = "submission.xml",
) -> Submission:
    """Read a plain (decrypted) submission.

    ``repeats`` are the paths of the form's repeats (``g1``, ``g1/g2``), so a
    repeat answered once is still a repeat; without them, an element that
    occurs more than once among its siblings is one. Raises OdkError.
    """
    root = parse_xml(raw, what=what)
    form_id = root.get("id", "")
    if not form_id:
        raise OdkError(f"{what}: the root element names no form (no id attribute)")
    data = _group(root, "", set(repeats), 0)
    instance_id = data.values.get("meta-instanceID", "") or root.get("instanceID", "")
    if not instance_id:
        raise OdkError(f"{what}: the submission has no meta/instanceID")
    return Submission(
        form_id=form_id,
        version=root.get("version", ""),
        instance_id=instance_id,
        deprecated_id=data.values.get("meta-deprecatedID", ""),
        data=data,
    )


def _group(element: ET.Element, path: str, repeats: set[str], depth: int) -> Group:
    if depth > MAX_DEPTH:
        raise OdkError(f"the submission nests groups deeper than {MAX_DEPTH} levels")
    group = Group()
    children = [c for c in element if f"{{{JAVAROSA}}}template" not in c.attrib]
    names = [local_name(c.tag) for c in children]
    for child, name in zip(children, names, strict=True):
        child_path = f"{path}/{name}" if path else name
        if child_path in repeats or (len(child) and names.count(name) > 1):
            group.repeats.setdefault(name, []).append(
                _group(child, child_path, repeats, depth + 1)
            )
        elif len(child):
            inner = _group(child, child_path, repeats, depth + 1)
            for key, value in inner.values.items():
                group.values[f"{name}-{key}"] = value
            for key, rows in inner.repeats.items():
                group.repeats.setdefault(key, []).extend(rows)
        else:
            group.values[name] = child.text or ""
    return group
