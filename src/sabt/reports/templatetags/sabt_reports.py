"""Template filters of the report: labels of evidence codes, text direction.

Dates and times come from ``sabt_web`` (``day``, ``moment``, ``date_span``):
a Dari report writes them in the Solar Hijri calendar, as the Dari pages do.
"""

from __future__ import annotations

import unicodedata

from django import template

from sabt.reports.labels import report_label

register = template.Library()


@register.filter
def report_label_of(code: str, kind: str) -> str:
    """``{{ entry.action|report_label_of:"custody_action" }}``."""
    return report_label(code, kind)


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
