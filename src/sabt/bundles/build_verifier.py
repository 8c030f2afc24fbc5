"""Build the bundle's ``verify.py``: ``verify_bundle`` with its imports inlined.

The verifier must run on a court expert's machine with nothing but Python and
PyNaCl, as one file a person can read. So the block of ``verify_bundle.py``
between the "inlined modules" markers is replaced by the code of the ledger
modules it imports, which import only the standard library, PyNaCl and each
other. The verifier and sabt thus share one implementation of the proofs and
of the rules on who may sign.
"""

from __future__ import annotations

import functools
import importlib.resources
import re

_BLOCK = re.compile(
    r"^# --- begin inlined modules ---\n.*?^# --- end inlined modules ---\n",
    re.MULTILINE | re.DOTALL,
)
_FUTURE = "from __future__ import annotations\n"
# In dependency order: a module comes after those it imports.
INLINED = ("errors", "checkpoint", "merkle", "trust")
# One import statement of a ledger module, on one line or in parentheses.
_LEDGER_IMPORT = re.compile(
    r"^from sabt\.ledger\.(\w+) import (?:\([^)]*\)|[^\n]*)\n", re.MULTILINE
)


@functools.cache
def verifier_source() -> str:
    """Return the text of the single-file verifier."""
    template = _read("sabt.bundles", "verify_bundle.py")
    if len(_BLOCK.findall(template)) != 1:
        raise RuntimeError("verify_bundle.py must hold one inlined-modules block")
    parts = []
    for name in INLINED:
        code = _read("sabt.ledger", f"{name}.py").replace(_FUTURE, "")
        code = _LEDGER_IMPORT.sub(_drop_if_inlined, code)
        if "from sabt" in code or "import sabt" in code:
            raise RuntimeError(f"sabt.ledger.{name} must not import sabt to be inlined")
        parts.append(f"# --- sabt/ledger/{name}.py ---\n{code.strip()}\n")
    return _BLOCK.sub(lambda _: "\n".join(parts) + "\n", template)


def _drop_if_inlined(match: re.Match[str]) -> str:
    """Remove an import of a module that is inlined too, and only that."""
    return "" if match.group(1) in INLINED else match.group(0)


def _read(package: str, name: str) -> str:
    return importlib.resources.files(package).joinpath(name).read_text("utf-8")
