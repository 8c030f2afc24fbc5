"""What sabt needs to know of an XForm: its id, its repeats, its key."""

from __future__ import annotations

from dataclasses import dataclass

from sabt.odk.errors import OdkError
from sabt.odk.submission import local_name, parse_xml


@dataclass(frozen=True)
class FormInfo:
    form_id: str
    version: str
    # Paths of the repeats below the root, such as ``g1`` and ``g1/g2``.
    repeats: frozenset[str]
    # The base64 RSA public key submissions are encrypted to, if any.
    public_key: str
    # Paths of the questions whose answer is a file (photo, audio, video).
    binary_fields: frozenset[str]


def read_xform(raw: bytes) -> FormInfo:
    """Read an XForm's id, version, repeats and encryption key. Raises OdkError."""
    root = parse_xml(raw, what="the XForm")
    instance = next(
        (
            el
            for el in root.iter()
            if local_name(el.tag) == "instance" and "id" not in el.attrib
        ),
        None,
    )
    data = next(iter(instance), None) if instance is not None else None
    if data is None or not data.get("id"):
        raise OdkError("the XForm has no main instance naming its form id")
    prefix = f"/{local_name(data.tag)}/"
    repeats: set[str] = set()
    binary: set[str] = set()
    public_key = ""
    for element in root.iter():
        name = local_name(element.tag)
        if name == "repeat":
            repeats.add(element.get("nodeset", "").removeprefix(prefix))
        elif name == "bind" and element.get("type") == "binary":
            binary.add(element.get("nodeset", "").removeprefix(prefix))
        elif name == "submission":
            public_key = element.get("base64RsaPublicKey", "")
    return FormInfo(
        form_id=data.get("id", ""),
        version=data.get("version", ""),
        repeats=frozenset(r for r in repeats if r),
        public_key=public_key,
        binary_fields=frozenset(binary),
    )
