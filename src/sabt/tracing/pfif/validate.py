"""Checking a PFIF 1.4 document against the specification's RELAX NG schema.

The rules are those of https://zesty.ca/pfif/1.4/ and its schema: the
namespace; the fields a person and a note must have; record ids written
``domain/unique_string``; times in UTC written ``YYYY-MM-DDThh:mm:ssZ``
(fractions of a second allowed); the vocabularies of ``sex``, ``status``
and ``author_made_contact``; the forms of ``date_of_birth``, ``age`` and
``home_country``; each field at most once. The schema interleaves: fields
come in any order, and persons and top-level notes in any order too. A
note nested in its person needs no ``person_record_id`` (if it has one, it
is its person's); a top-level note must name its person.

One departure: the schema asks a note for ``author_name``, but Person
Finder's own test files (``tests/test.pfif-1.4.xml``) leave it out of
notes, and Person Finder reads them, so its absence is not a problem.
E-mail addresses and phone numbers are not checked either: the same files
hold placeholder text there. Elements of other namespaces are extensions,
which PFIF allows, and are not checked.

``validate_pfif`` returns every problem found, each naming the record and
the field, so an export can be checked before it leaves sabt and a file
from elsewhere before it is trusted. XML is parsed with defusedxml: no
DTD, no entities.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET  # types only; parsing is defusedxml's
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from sabt.tracing.pfif import NAMESPACE, NOTE_FIELDS, NOTE_STATUSES, PERSON_FIELDS

PERSON_REQUIRED = ("person_record_id", "source_date", "full_name")
NOTE_REQUIRED = ("note_record_id", "source_date", "text")
TIME_FIELDS = ("entry_date", "expiry_date", "source_date")
RECORD_ID_FIELDS = ("person_record_id", "note_record_id", "linked_person_record_id")
SEXES = ("female", "male", "other")
BOOLEANS = ("true", "false")

# "domain/unique_string", as the schema's pattern ".+/.+" has it.
RECORD_ID = re.compile(r"^.+/.+$")
UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
COUNTRY_CODE = re.compile(r"^[A-Z][A-Z]$")
DATE_OF_BIRTH = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
AGE = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True)
class Problem:
    """One rule a document breaks: where (record and field), and what."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}, {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


def validate_pfif(document: bytes) -> list[Problem]:
    """Check a PFIF 1.4 document; return its problems, none if it is valid.

    A document that is not XML, or declares a DTD or entities, is one
    problem; nothing more is checked then.
    """
    try:
        tree = parse(BytesIO(document), forbid_dtd=True, forbid_entities=True)
    except DefusedXmlException:
        return [Problem("document", "", "declares a DTD or entities")]
    except ET.ParseError as exc:
        return [Problem("document", "", f"not well-formed XML ({exc})")]
    root = tree.getroot()
    if root is None or root.tag != _tag("pfif"):
        found = "nothing" if root is None else root.tag
        return [Problem("document", "", f"the root is {found}, not {_tag('pfif')}")]
    return _Checker().document(root)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, str] = {}

    def document(self, root: ET.Element) -> list[Problem]:
        persons = notes = 0
        for child in root:
            name = _pfif_name(child)
            if name == "person":
                persons += 1
                self._person(child, f"person {persons}")
            elif name == "note":
                notes += 1
                self._note(child, f"note {notes}", parent_id=None)
            elif name is not None:
                self._add("document", name, "is not an element of pfif:pfif")
        return self.problems

    def _person(self, element: ET.Element, where: str) -> None:
        record_id = _text(element, "person_record_id")
        where = f"person {record_id}" if record_id else where
        fields = self._fields(element, where, PERSON_FIELDS, nested=("note",))
        self._required(fields, where, PERSON_REQUIRED)
        self._common(fields, where)
        self._unique(record_id, where)
        if fields.get("sex") and fields["sex"] not in SEXES:
            self._add(where, "sex", f"{fields['sex']!r} is not one of {SEXES}")
        if fields.get("date_of_birth"):
            self._date_of_birth(fields["date_of_birth"], where)
        if fields.get("age"):
            self._age(fields["age"], where)
        country = fields.get("home_country", "")
        if country and not COUNTRY_CODE.match(country):
            self._add(where, "home_country", f"{country!r} is not a code like AF")
        notes = [child for child in element if _pfif_name(child) == "note"]
        for number, note in enumerate(notes, start=1):
            self._note(note, f"{where}, note {number}", parent_id=record_id)

    def _note(self, element: ET.Element, where: str, *, parent_id: str | None) -> None:
        record_id = _text(element, "note_record_id")
        where = f"note {record_id}" if record_id else where
        fields = self._fields(element, where, NOTE_FIELDS, nested=())
        required = (
            NOTE_REQUIRED
            if parent_id is not None
            else (*NOTE_REQUIRED, "person_record_id")
        )
        self._required(fields, where, required)
        self._common(fields, where)
        self._unique(record_id, where)
        person = fields.get("person_record_id", "")
        if parent_id and person and person != parent_id:
            self._add(where, "person_record_id", "is not the id of its person")
        status = fields.get("status", "")
        if status and status not in NOTE_STATUSES:
            self._add(where, "status", f"{status!r} is not one of {NOTE_STATUSES}")
        contact = fields.get("author_made_contact", "")
        if contact and contact not in BOOLEANS:
            self._add(where, "author_made_contact", "is neither true nor false")

    def _fields(
        self,
        element: ET.Element,
        where: str,
        order: Sequence[str],
        *,
        nested: Sequence[str],
    ) -> dict[str, str]:
        """The record's fields, in any order; each repeated or unknown is a
        problem. ``nested`` names the records it may hold (a person's notes)."""
        fields: dict[str, str] = {}
        for child in element:
            name = _pfif_name(child)
            if name is None or name in nested:
                continue  # an extension in another namespace, or a note
            if name not in order:
                self._add(where, name, "is not a field of this record")
                continue
            if name in fields:
                self._add(where, name, "appears more than once")
                continue
            fields[name] = (child.text or "").strip()
        return fields

    def _required(
        self, fields: dict[str, str], where: str, names: Sequence[str]
    ) -> None:
        for name in names:
            if name not in fields:
                self._add(where, name, "is required")

    def _common(self, fields: dict[str, str], where: str) -> None:
        for name in RECORD_ID_FIELDS:
            value = fields.get(name)
            if value is not None and not RECORD_ID.match(value):
                self._add(where, name, f"{value!r} is not domain/unique_string")
        for name in TIME_FIELDS:
            value = fields.get(name)
            if value is not None and not _is_utc_time(value):
                self._add(
                    where, name, f"{value!r} is not a UTC time YYYY-MM-DDThh:mm:ssZ"
                )

    def _unique(self, record_id: str, where: str) -> None:
        if not record_id:
            return
        if record_id in self.seen_ids:
            self._add(where, "", f"its id is also that of {self.seen_ids[record_id]}")
        else:
            self.seen_ids[record_id] = where

    def _date_of_birth(self, value: str, where: str) -> None:
        parts = value.split("-")
        valid = bool(DATE_OF_BIRTH.match(value))
        if valid:
            padded = [*parts, "01", "01"][:3]
            try:
                datetime.date(*(int(part) for part in padded))
            except ValueError:
                valid = False
        if not valid:
            self._add(
                where, "date_of_birth", f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
            )

    def _age(self, value: str, where: str) -> None:
        found = AGE.match(value)
        if found is None:
            self._add(where, "age", f"{value!r} is not an age N or a range N-M")
        elif found.group(2) and int(found.group(2)) < int(found.group(1)):
            self._add(where, "age", f"{value!r} is a range from high to low")

    def _add(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(where, field, message))


def _is_utc_time(value: str) -> bool:
    if not UTC_TIME.match(value):
        return False
    try:
        datetime.datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")  # noqa: DTZ007  # checks the form only
    except ValueError:
        return False
    return True


def _text(element: ET.Element, name: str) -> str:
    return (element.findtext(_tag(name)) or "").strip()


def _pfif_name(element: ET.Element) -> str | None:
    """The local name of a PFIF element; None for another namespace's."""
    prefix = f"{{{NAMESPACE}}}"
    if not isinstance(element.tag, str) or not element.tag.startswith(prefix):
        return None
    return element.tag.removeprefix(prefix)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"
