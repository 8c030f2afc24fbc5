"""Writing PFIF 1.4 XML from person and note records (xml.etree).

Fields come out in the order the specification lists them; empty ones are
left out. Notes are written inside their person, as PFIF allows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # writing, never parsing
from collections.abc import Iterable
from typing import BinaryIO

from sabt.tracing.pfif import NAMESPACE, NOTE_FIELDS, PERSON_FIELDS, SABT_NAMESPACE
from sabt.tracing.pfif.records import Note, Person


def write_pfif(persons: Iterable[Person], out: BinaryIO) -> int:
    """Write a ``pfif:pfif`` document of the persons to ``out``; return how many."""
    ET.register_namespace("pfif", NAMESPACE)
    ET.register_namespace("sabt", SABT_NAMESPACE)
    root = ET.Element(_tag("pfif"))
    count = 0
    for person in persons:
        element = ET.SubElement(root, _tag("person"))
        _fields(element, PERSON_FIELDS, person.fields)
        for note in person.notes:
            _note(element, note)
        count += 1
    ET.indent(root)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return count


def _note(parent: ET.Element, note: Note) -> None:
    element = ET.SubElement(parent, _tag("note"))
    _fields(element, NOTE_FIELDS, note.fields)
    if note.sabt_status:
        ET.SubElement(element, f"{{{SABT_NAMESPACE}}}status").text = note.sabt_status


def _fields(element: ET.Element, names: Iterable[str], values: dict[str, str]) -> None:
    for name in names:
        value = values.get(name, "")
        if value:
            ET.SubElement(element, _tag(name)).text = value


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"
