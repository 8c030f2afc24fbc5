"""What every domain service shares: actors, checks, and recording an event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sabt.core.cases import Case
from sabt.core.validation import MAX_KEY_LENGTH, Errors, add_error, is_storable
from sabt.ledger import Event
from sabt.ledger_store.recording import record_event
from sabt.ledger_store.store import OrmEventStore

# Services need only a username; views pass request.user once logged in.
Actor = AbstractBaseUser
RowT = TypeVar("RowT", bound=models.Model)


def existing(model: type[RowT], record: str | None) -> RowT | None:
    """The row for an idempotent call whose record already exists."""
    if record is None:
        return None
    return model._default_manager.filter(pk=record).first()


def require_row(
    errors: Errors, field: str, model: type[RowT], key: Any, *, required: bool = True
) -> RowT | None:
    """Look up a referenced record, noting a clear error when it is absent."""
    if key in (None, ""):
        if required:
            add_error(errors, field, _("This field is required."))
        return None
    if not is_storable(str(key)) or len(str(key)) > MAX_KEY_LENGTH:
        add_error(errors, field, _("No such record: %(key)s.") % {"key": key})
        return None
    row = model._default_manager.filter(pk=str(key)).first()
    if row is None:
        add_error(errors, field, _("No such record: %(key)s.") % {"key": key})
    return row


def clean_case(errors: Errors, case: str) -> str:
    """The case a new record goes into, which must exist."""
    if not Case.objects.filter(pk=case).exists():
        add_error(errors, "case", _("No case %(case)s.") % {"case": case})
    return case


def require_same_case(errors: Errors, field: str, case: str, row: Any) -> None:
    """Note an error if a linked record belongs to another case.

    Records link only within their case, so that who may see one is who may
    see the other.
    """
    if row is not None and getattr(row, "case", case) != case:
        message = _("%(record)s is in another case.")
        add_error(errors, field, message % {"record": row})


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def record_by(
    actor: Actor,
    event_type: str,
    record: str,
    body: Mapping[str, Any],
    *,
    settles: bool = False,
) -> Event:
    """Sign an event by ``actor`` on ``record``, append it and project it.

    A record changed in two places at once (two heads) takes only an event
    that ``settles`` it, one a person chose knowing both versions: any other
    change would name both heads and silently keep its own values over
    theirs. Raises ValidationError then, recording nothing.
    """
    if not settles:
        _refuse_if_two_versions(record)
    return record_event(
        type=event_type,
        record=record,
        body={"actor": actor.get_username(), **body},
    )


def _refuse_if_two_versions(record: str) -> None:
    # Read before the append's lock, so a refusal breaks no caller's
    # transaction; an import landing in between is joined as before.
    if len(OrmEventStore().heads(record)) > 1:
        message = _(
            "This record was changed in two places at once: settle its "
            "versions on its page first."
        )
        raise ValidationError({"record": [message]})
