"""Reading PFIF 1.4 XML from a file that may be hostile (defusedxml).

Any DTD is refused, and with it entity expansion ("billion laughs") and
external entities (reading local files, reaching the network). Notes are
taken from inside their person or from the top level, where they name
their person by ``person_record_id``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # types only; parsing is defusedxml's
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from sabt.tracing.pfif import NAMESPACE, NOTE_FIELDS, PERSON_FIELDS, SABT_NAMESPACE
from sabt.tracing.pfif.records import Note, Person

# More people than any exchange sabt is meant for.
MAX_PERSONS = 200_000


class PfifError(ValueError):
    """A file that is not PFIF 1.4 sabt will read; the message says why."""


def read_pfif(path: Path) -> list[Person]:
    """Return the persons of a PFIF 1.4 file, each with its notes.

    Raises PfifError for XML with a DTD or entities, XML that does not
    parse, another root or namespace, or a person without an id.
    """
    try:
        tree = parse(str(path), forbid_dtd=True, forbid_entities=True)
    except DefusedXmlException as exc:
        raise PfifError(
            f"{path.name}: refused: the XML declares a DTD or entities "
            f"({type(exc).__name__}), which PFIF never needs"
        ) from exc
    except ET.ParseError as exc:
        raise PfifError(f"{path.name}: not well-formed XML ({exc})") from exc
    root = tree.getroot()
    if root is None or root.tag != _tag("pfif"):
        found = "nothing" if root is None else root.tag
        raise PfifError(
            f"{path.name}: not a PFIF 1.4 document (its root is {found}, "
            f"not pfif in {NAMESPACE})"
        )
    loose: dict[str, list[Note]] = {}
    for element in root.findall(_tag("note")):
        note = _note(element)
        loose.setdefault(note.get("person_record_id"), []).append(note)
    persons: list[Person] = []
    for number, element in enumerate(root.findall(_tag("person")), start=1):
        if number > MAX_PERSONS:
            raise PfifError(f"{path.name}: more than {MAX_PERSONS} persons; split it")
        fields = _fields(element, PERSON_FIELDS)
        record_id = fields.get("person_record_id", "")
        if not record_id:
            raise PfifError(f"{path.name}: person {number} has no person_record_id")
        notes = [_note(child) for child in element.findall(_tag("note"))]
        notes += loose.pop(record_id, [])
        persons.append(Person(fields, tuple(notes)))
    return persons


def _note(element: ET.Element) -> Note:
    status = element.findtext(f"{{{SABT_NAMESPACE}}}status") or ""
    return Note(_fields(element, NOTE_FIELDS), status.strip())


def _fields(element: ET.Element, names: tuple[str, ...]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name in names:
        text = element.findtext(_tag(name))
        if text and text.strip():
            fields[name] = text.strip()
    return fields


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"
