"""The write path for notes: validate, then record a signed event."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sabt.core.cases import DEFAULT_CASE, Case
from sabt.ledger_store import fast_rows
from sabt.ledger_store.recording import record_event
from sabt.notes.models import Note

TITLE_MAX = 200
TEXT_MAX = 20_000


def create_note(
    *, actor: AbstractBaseUser, title: str, text: str, case: str = DEFAULT_CASE
) -> Note:
    """Record a new note in ``case``, which decides who sees it.

    Whether the actor may document there is the caller's check
    (``access.queries.case_to_document``). Raises ValidationError naming the
    bad field.
    """
    fields = _clean(title, text)
    if not Case.objects.filter(pk=case).exists():
        raise ValidationError({"case": _("No case %(case)s.") % {"case": case}})
    event = record_event(
        type="note.created",
        record=str(uuid.uuid4()),
        body={"actor": actor.get_username(), "case": case, **fields},
    )
    return _projected(event.record)


def edit_note(*, actor: AbstractBaseUser, note: Note, title: str, text: str) -> Note:
    """Record a new version over every current head, which also ends a conflict.

    Saving what the note already shows, outside a conflict, changes nothing.
    Raises ValidationError naming the bad field.
    """
    fields = _clean(title, text)
    unchanged = fields == {"title": note.title, "text": note.text}
    if unchanged and not note.is_in_conflict:
        return note
    record_event(
        type="note.edited",
        record=note.record,
        body={"actor": actor.get_username(), **fields},
    )
    return _projected(note.record)


def _projected(record: str) -> Note:
    note = fast_rows.get(Note, record)
    if note is None:  # the projector writes it in the same transaction
        raise LookupError(f"note {record} was recorded but not projected")
    return note


def _clean(title: str, text: str) -> dict[str, str]:
    title, text = title.strip(), text.strip()
    errors = {}
    if not title:
        errors["title"] = _("A note needs a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("A title has at most %(max)d characters.") % {
            "max": TITLE_MAX
        }
    if len(text) > TEXT_MAX:
        errors["text"] = _("A note has at most %(max)d characters.") % {"max": TEXT_MAX}
    if errors:
        raise ValidationError(errors)
    return {"title": title, "text": text}
