"""Checks shared by every service: one message per bad field.

Each ``clean_*`` returns the value as it goes into an event, or adds a
translated message under the field's name to ``errors``. Services raise one
ValidationError with all of them, before anything is appended.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

Errors = dict[str, list[str]]


class Codes(Protocol):
    """A controlled vocabulary, as far as checking a value needs it."""

    def codes(self) -> list[str]: ...


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


# Record ids are UUIDs and place keys "geonames:<id>": nothing longer exists.
MAX_KEY_LENGTH = 64


def new_record_id(record: str | None) -> str:
    """Return ``record`` if it is a lowercase UUID, a fresh one if None.

    Raises ValidationError naming ``record`` otherwise.
    """
    if record is None:
        return str(uuid.uuid4())
    try:
        is_uuid = str(uuid.UUID(record)) == record
    except (ValueError, TypeError, AttributeError):
        is_uuid = False
    if not is_uuid:
        raise ValidationError({"record": [_("A record id is a lowercase UUID.")]})
    return record


def is_storable(text: str) -> bool:
    """False for text no database or canonical JSON can hold.

    PostgreSQL refuses NUL characters, and an unpaired surrogate has no UTF-8
    form, so neither can be signed.
    """
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_text(
    errors: Errors, field: str, value: Any, *, max_length: int, required: bool = False
) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        add_error(errors, field, _("This field must be text."))
    elif not is_storable(text):
        add_error(
            errors, field, _("Text cannot contain NUL characters or broken Unicode.")
        )
    elif required and not text:
        add_error(errors, field, _("This field is required."))
    elif len(text) > max_length:
        message = _("At most %(max)d characters, not %(count)d.")
        add_error(errors, field, message % {"max": max_length, "count": len(text)})
    return text


def clean_choice(
    errors: Errors, field: str, value: Any, choices: Collection[str]
) -> str:
    """``value`` if it is one of ``choices``; else a message under ``field``."""
    if not isinstance(value, str) or value not in choices:
        message = _("Unknown value %(value)s; expected one of: %(codes)s.")
        codes = ", ".join(choices)
        add_error(errors, field, message % {"value": repr(value), "codes": codes})
        return ""
    return value


def clean_code(
    errors: Errors,
    field: str,
    value: Any,
    vocabulary: Codes,
    *,
    required: bool = True,
) -> str:
    if value in (None, "") and not required:
        return ""
    return clean_choice(errors, field, value, vocabulary.codes())


def clean_date(
    errors: Errors, field: str, value: Any, *, required: bool = False
) -> datetime.date | None:
    """Accept a date or an ISO ``YYYY-MM-DD`` string; never in the future."""
    if value in (None, ""):
        if required:
            add_error(errors, field, _("This field is required."))
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            add_error(errors, field, _("Enter a date as YYYY-MM-DD."))
            return None
    if not isinstance(value, datetime.date):
        add_error(errors, field, _("Enter a date as YYYY-MM-DD."))
        return None
    if value > timezone.now().date():
        add_error(errors, field, _("This date is in the future."))
        return None
    return value


def clean_moment(errors: Errors, field: str, value: Any) -> str:
    """Accept an ISO date or date-time, not in the future; return it as text.

    Kept as given (with its offset, if any): a capture time is evidence.
    """
    text = value.isoformat() if isinstance(value, datetime.date) else str(value or "")
    text = text.strip()
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        add_error(
            errors, field, _("Enter a date, or a date and time: 2021-09-10T06:00.")
        )
        return ""
    if moment.date() > timezone.now().date():
        add_error(errors, field, _("This date is in the future."))
    return text


def clean_range(
    errors: Errors, field: str, low: Any, high: Any, *, limit: int = 10_000_000
) -> list[int | None]:
    """A count or age as ``[min, max]``; either end may be open (None)."""
    values: list[int | None] = []
    for end in (low, high):
        if end in (None, ""):
            values.append(None)
            continue
        number = _whole_number(end)
        if number is None or number > limit:
            add_error(errors, field, _("Enter whole numbers from 0 up."))
            return [None, None]
        values.append(number)
    low_value, high_value = values
    if low_value is not None and high_value is not None and low_value > high_value:
        message = _("The minimum (%(min)d) is above the maximum (%(max)d).")
        add_error(errors, field, message % {"min": low_value, "max": high_value})
    return values


def _whole_number(value: Any) -> int | None:
    """An int, or a string of digits (Dari digits too: int() reads them)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None
