"""Template filters and tags that say how sure a record is, in words.

Counts are ranges ("at least 24", a span such as 12-30, "unknown");
dates carry their precision ("about 6 to 15 September 2021"); codes become
labels in the active language.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from sabt.web import labels

register = template.Library()


@register.filter
def label(code: str, kind: str) -> str:
    """``{{ incident.status|label:"status" }}``: the code's label."""
    return labels.label(code, kind)


@register.simple_tag
def count_range(low: int | None, high: int | None) -> str:
    """A count as a range, open at either end."""
    if low is None and high is None:
        return _("unknown")
    if low is not None and high is None:
        return _("at least %(min)s") % {"min": low}
    if low is None:
        return _("at most %(max)s") % {"max": high}
    if low == high:
        return str(low)
    # An en dash, as ranges are printed; the translation may use another sign.
    return _("%(min)s–%(max)s") % {"min": low, "max": high}  # noqa: RUF001


FORMATS = {"day": "DATE_FORMAT", "month": "YEAR_MONTH_FORMAT", "year": "Y"}


@register.simple_tag
def date_span(start: datetime.date, end: datetime.date | None, precision: str) -> str:
    """When something happened, as exactly as it is known."""
    shown = FORMATS.get(precision, "DATE_FORMAT")
    first = formats.date_format(start, shown)
    last = formats.date_format(end, shown) if end else first
    if precision == "approximate":
        if last == first:
            return _("about %(date)s") % {"date": first}
        return _("about %(start)s to %(end)s") % {"start": first, "end": last}
    if last == first:
        return first
    return _("%(start)s to %(end)s") % {"start": first, "end": last}


@register.filter
def timestamp(value: str) -> datetime.datetime | None:
    """An RFC 3339 time from a projection row, for the ``date`` filter."""
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
