"""Helpers for the web tests: reading what a page says beside a field."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any, TypeAlias

from sabt.ledger_store.models import LedgerEvent

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    # What the test client's get() and post() return; it exists only in the stubs.
    TestResponse: TypeAlias = _MonkeyPatchedWSGIResponse

_TAG = re.compile(r"<[^>]+>")


def error_beside(response: TestResponse, field: str) -> str:
    """The text of the error list Django renders with the field's input.

    ``id="id_<field>_error"`` is what the field's ``aria-describedby`` points
    at, so a message found here is shown next to that field.
    """
    content = response.content.decode()
    match = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S
    )
    assert match, f"no error list beside {field}"
    return html.unescape(_TAG.sub("", match.group(1))).strip()


def non_field_errors(response: TestResponse) -> str:
    content = response.content.decode()
    match = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', content, re.S)
    assert match, "no form-wide error"
    return html.unescape(_TAG.sub("", match.group(1))).strip()


def event_types_of(record: str) -> list[str]:
    """The types of the ledger events of one record, in log order."""
    events = LedgerEvent.objects.filter(record=record).order_by("log_index")
    return list(events.values_list("type", flat=True))


def ranges(**values: tuple[Any, Any]) -> dict[str, Any]:
    """POST data for range fields: ``killed=(12, 30)`` -> killed_0, killed_1."""
    data: dict[str, Any] = {}
    for name, (low, high) in values.items():
        data[f"{name}_0"] = "" if low is None else low
        data[f"{name}_1"] = "" if high is None else high
    return data
