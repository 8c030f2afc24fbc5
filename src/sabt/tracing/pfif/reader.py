"""Reading PFIF 1.1 to 1.4 XML from a file that may be hostile (defusedxml).

Any DTD is refused, and with it entity expansion ("billion laughs") and
external entities (reading local files, reaching the network). Notes are
taken from inside their person or from the top level, where they name
their person by ``person_record_id``; a file of notes alone is how
Person Finder sends status updates. An Atom feed carries the same records
one per ``atom:entry``.

Older versions are read as Person Finder reads them (its ``pfif.py``):
their fields take the 1.4 names (``first_name`` is ``given_name``,
``home_zip`` ``home_postal_code``, ``found`` ``author_made_contact``,
``other`` ``description``), and a person without ``full_name`` (1.1 and
1.2 have none) is named by its given and family names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # types only; parsing is defusedxml's
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from sabt.tracing.pfif import (
    ATOM_NAMESPACE,
    NAMESPACE,
    NOTE_FIELDS,
    PERSON_FIELDS,
    SABT_NAMESPACE,
    VERSIONS,
)
from sabt.tracing.pfif.records import Note, Person

# More people than any exchange sabt is meant for.
MAX_PERSONS = 200_000

# Fields renamed since PFIF 1.1 (Person Finder's RENAMED_FIELDS).
RENAMED_FIELDS = {
    "home_zip": "home_postal_code",
    "first_name": "given_name",
    "last_name": "family_name",
    "found": "author_made_contact",
    "other": "description",
}
DESCRIPTION_LABEL = "description:"


class PfifError(ValueError):
    """A file that is not PFIF sabt will read; the message says why."""


@dataclass(frozen=True)
class Document:
    """A PFIF file read: its persons with their notes, the notes about a
    person the file does not hold, and the version it was written in."""

    persons: list[Person]
    loose_notes: list[Note]
    version: str


def read_pfif(path: Path) -> list[Person]:
    """Return the persons of a PFIF file, each with its notes."""
    return read_document(path).persons


def read_document(path: Path) -> Document:
    """Read a PFIF 1.1 to 1.4 file, or an Atom feed of PFIF records.

    Raises PfifError for XML with a DTD or entities, XML that does not
    parse, another root or namespace, a person without an id, or a
    top-level note that names no person.
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
    found = "nothing" if root is None else str(root.tag)
    if root is not None and root.tag == f"{{{ATOM_NAMESPACE}}}feed":
        records = [
            child
            for entry in root.findall(f"{{{ATOM_NAMESPACE}}}entry")
            for child in entry
            if _version(child) is not None
        ]
    elif root is not None and _version(root) is not None and _local(root) == "pfif":
        records = list(root)
    else:
        raise PfifError(
            f"{path.name}: not a PFIF document (its root is {found}, not pfif "
            f"in {NAMESPACE} or an earlier version, nor an Atom feed)"
        )
    versions = {_version(record) for record in records} - {None}
    if len(versions) > 1:
        raise PfifError(
            f"{path.name}: mixes PFIF versions {sorted(map(str, versions))}"
        )
    version = versions.pop() if versions else VERSIONS[NAMESPACE]
    return _records(path, records, str(version))


def _records(path: Path, records: list[ET.Element], version: str) -> Document:
    loose: dict[str, list[Note]] = {}
    order: list[str] = []
    for element in (r for r in records if _local(r) == "note"):
        note = _note(element)
        record_id = note.get("person_record_id")
        if not record_id:
            raise PfifError(
                f"{path.name}: the note {note.get('note_record_id') or '?'} is "
                "outside any person and names none (person_record_id)"
            )
        if record_id not in loose:
            order.append(record_id)
        loose.setdefault(record_id, []).append(note)
    persons: list[Person] = []
    elements = [r for r in records if _local(r) == "person"]
    for number, element in enumerate(elements, start=1):
        if number > MAX_PERSONS:
            raise PfifError(f"{path.name}: more than {MAX_PERSONS} persons; split it")
        fields = _person_fields(element)
        record_id = fields.get("person_record_id", "")
        if not record_id:
            raise PfifError(f"{path.name}: person {number} has no person_record_id")
        notes = [
            _note(child, record_id) for child in element if _local(child) == "note"
        ]
        notes += loose.pop(record_id, [])
        persons.append(Person(fields, tuple(notes)))
    left = [note for record_id in order for note in loose.get(record_id, [])]
    return Document(persons, left, version)


def _person_fields(element: ET.Element) -> dict[str, str]:
    fields = _fields(element, PERSON_FIELDS)
    if "description" in fields:
        fields["description"] = _description(fields["description"])
    if not fields.get("full_name"):
        name = " ".join(
            part
            for part in (fields.get("given_name"), fields.get("family_name"))
            if part
        )
        if name:
            fields["full_name"] = name
    return fields


def _note(element: ET.Element, person_record_id: str = "") -> Note:
    status = element.findtext(f"{{{SABT_NAMESPACE}}}status") or ""
    fields = _fields(element, NOTE_FIELDS)
    if person_record_id:
        # A nested note is its person's, whatever it says (Person Finder).
        fields["person_record_id"] = person_record_id
    return Note(fields, status.strip())


def _fields(element: ET.Element, names: tuple[str, ...]) -> dict[str, str]:
    """The record's PFIF fields by their 1.4 names, in any order."""
    fields: dict[str, str] = {}
    for child in element:
        if _version(child) is None:
            continue  # another namespace's extension
        name = RENAMED_FIELDS.get(_local(child), _local(child))
        text = (child.text or "").strip()
        if name in names and text and name not in fields:
            fields[name] = text
    return fields


def _description(other: str) -> str:
    """PFIF 1.3's ``other`` as 1.4's ``description``, as Person Finder
    converts it: only text labelled ``description:`` loses its label."""
    lines: list[str] = []
    labelled = False
    for written in other.splitlines(keepends=True):
        line = written
        if line.startswith(DESCRIPTION_LABEL):
            labelled = True
            line = line[len(DESCRIPTION_LABEL) :]
            if not line.strip():
                continue
        elif re.match(r"\S+:", line):
            return other
        lines.append(line.strip(" \t"))
    return "".join(lines).strip() if labelled else other


def _version(element: ET.Element) -> str | None:
    """The PFIF version of an element's namespace; None for another's."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    return VERSIONS.get(tag[1:].split("}", 1)[0])


def _local(element: ET.Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1]
