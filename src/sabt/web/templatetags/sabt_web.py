"""Template filters and tags that say how sure a record is, in words.

Counts are ranges ("at least 24", a span such as 12-30, "unknown");
dates carry their precision ("about 6 to 15 September 2021") and are
written in the reader's calendar (sabt.web.dates); codes become labels in
the active language.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sabt.gazetteer.models import Place
from sabt.web import labels, place_names
from sabt.web.dates import CALENDARS, active_calendar, write_moment, write_span
from sabt.web.dates import digits as persian_digits

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
        return _("at least %(min)s") % {"min": persian_digits(low)}
    if low is None:
        return _("at most %(max)s") % {"max": persian_digits(high)}
    if low == high:
        return persian_digits(low)
    # An en dash, as ranges are printed; the translation may use another sign.
    return _("%(min)s–%(max)s") % {  # noqa: RUF001
        "min": persian_digits(low),
        "max": persian_digits(high),
    }


@register.simple_tag
def date_span(start: datetime.date, end: datetime.date | None, precision: str) -> str:
    """When something happened, as exactly as it is known."""
    return write_span(start, end, precision)


@register.simple_tag
def calendar_choices() -> list[tuple[str, str, bool]]:
    """``{% calendar_choices as calendars %}``: code, name and whether it is
    the calendar this page is written in, for the calendar switch.
    """
    current = active_calendar()
    return [(code, str(name), code == current) for code, name in CALENDARS.items()]


@register.filter
def place_name(place: Place | dict[str, str] | None) -> str:
    """``{{ row.place|place_name }}``: a gazetteer place in the reader's script."""
    return "" if place is None else place_names.place_name(place)


@register.filter
def district_name(name: str) -> str:
    """``{{ row.district|district_name }}``: a district in the reader's script."""
    return place_names.district_name(name) if name else ""


@register.filter
def isolate(value: object) -> str:
    """``{{ candidate.name|isolate }}``: the text between Unicode isolate
    marks (FSI ... PDI), for places that take no markup such as ``<option>``,
    so a Latin name in a Dari line keeps its own order and its neighbours'.
    """
    return f"\N{FIRST STRONG ISOLATE}{value}\N{POP DIRECTIONAL ISOLATE}"


@register.filter
def digits(value: object) -> str:
    """``{{ page.number|digits }}``: a number in the page's digits."""
    return persian_digits(value)


@register.filter
def day(value: datetime.date | str | None) -> SafeString | str:
    """``{{ statement.made_on|day }}``: a day in the reader's calendar, as a
    ``<time>`` element; nothing for no date.
    """
    if isinstance(value, str):
        value = _parsed(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), write_span(value)
    )


@register.filter
def moment(value: datetime.date | str | None) -> SafeString | str:
    """``{{ entry.at|moment }}``: a day and a UTC time of day, as a ``<time>``
    element; nothing for no time, a text that is no time as it stands.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        parsed = _parsed(value)
        if parsed is None:
            return value
        # A bare day ("2021-09-10") names no time of day to show.
        if "T" not in value and " " not in value:
            return day(parsed)
        value = parsed
    if not isinstance(value, datetime.datetime):
        return day(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return format_html(
        '<time datetime="{}">{}</time>',
        value.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        write_moment(value),
    )


def _parsed(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@register.filter
def timestamp(value: str) -> datetime.datetime | None:
    """An RFC 3339 time from a projection row, for the ``date`` filter."""
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
