"""Template filters of the report: labels of evidence codes, times, CSS text."""

from __future__ import annotations

import datetime
import unicodedata

from django import template

from sabt.reports.labels import report_label

register = template.Library()


@register.filter
def report_label_of(code: str, kind: str) -> str:
    """``{{ entry.action|report_label_of:"custody_action" }}``."""
    return report_label(code, kind)


@register.filter
def utc_time(value: str) -> str:
    """An RFC 3339 time from a row, as a short UTC time: 2021-09-20 08:15 UTC."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


@register.filter
def direction_of(text: str) -> str:
    """``rtl`` or ``ltr``, by the text's first strong character.

    What ``dir="auto"`` does in a browser; WeasyPrint ignores ``auto``.
    """
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in {"R", "AL"}:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
