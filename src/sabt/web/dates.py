"""Dates and times written for people, in the calendar the reader uses.

Dari pages show the Solar Hijri calendar with the Afghan month names (حمل,
ثور, ... حوت) and Persian digits; English pages the Gregorian calendar. A
reader may choose otherwise, or both at once (``CALENDARS``): the choice is
activated per request, as the language is. A date is written as exactly as it
is known ("about 6 to 15 September 2021", "حدود ۱۵ تا ۲۴ سنبله ۱۴۰۰"), a
moment as a day and a UTC time ("2 Dec 2026, 09:42 UTC").
"""

from __future__ import annotations

import datetime
import re
from contextvars import ContextVar, Token
from dataclasses import dataclass

import jdatetime
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

SOLAR_HIJRI = "solar_hijri"
# The same calendar with the month names used in Iran and by many Dari
# speakers who read Iranian print (شهریور for سنبله).
SOLAR_HIJRI_PERSIAN = "solar_hijri_persian"
GREGORIAN = "gregorian"
BOTH = "both"
CALENDARS: dict[str, Promise] = {
    SOLAR_HIJRI: gettext_lazy("Solar Hijri"),
    SOLAR_HIJRI_PERSIAN: gettext_lazy("Solar Hijri, Persian month names"),
    GREGORIAN: gettext_lazy("Gregorian"),
    BOTH: gettext_lazy("Solar Hijri and Gregorian"),
}

_chosen: ContextVar[str | None] = ContextVar("sabt_calendar", default=None)

GREGORIAN_MONTHS = (
    gettext_lazy("January"),
    gettext_lazy("February"),
    gettext_lazy("March"),
    gettext_lazy("April"),
    gettext_lazy("May"),
    gettext_lazy("June"),
    gettext_lazy("July"),
    gettext_lazy("August"),
    gettext_lazy("September"),
    gettext_lazy("October"),
    gettext_lazy("November"),
    gettext_lazy("December"),
)
# Timestamps are compact in English ("2 Dec 2026"); Dari writes the month out.
GREGORIAN_MONTHS_SHORT = (
    pgettext_lazy("abbreviated month", "Jan"),
    pgettext_lazy("abbreviated month", "Feb"),
    pgettext_lazy("abbreviated month", "Mar"),
    pgettext_lazy("abbreviated month", "Apr"),
    pgettext_lazy("abbreviated month", "May"),
    pgettext_lazy("abbreviated month", "Jun"),
    pgettext_lazy("abbreviated month", "Jul"),
    pgettext_lazy("abbreviated month", "Aug"),
    pgettext_lazy("abbreviated month", "Sep"),
    pgettext_lazy("abbreviated month", "Oct"),
    pgettext_lazy("abbreviated month", "Nov"),
    pgettext_lazy("abbreviated month", "Dec"),
)
# The months of the official Afghan calendar, named after the zodiac.
SOLAR_HIJRI_MONTHS = (
    pgettext_lazy("Solar Hijri month", "Hamal"),
    pgettext_lazy("Solar Hijri month", "Sawr"),
    pgettext_lazy("Solar Hijri month", "Jawza"),
    pgettext_lazy("Solar Hijri month", "Saratan"),
    pgettext_lazy("Solar Hijri month", "Asad"),
    pgettext_lazy("Solar Hijri month", "Sonbola"),
    pgettext_lazy("Solar Hijri month", "Mizan"),
    pgettext_lazy("Solar Hijri month", "Aqrab"),
    pgettext_lazy("Solar Hijri month", "Qaws"),
    pgettext_lazy("Solar Hijri month", "Jadi"),
    pgettext_lazy("Solar Hijri month", "Dalw"),
    pgettext_lazy("Solar Hijri month", "Hut"),
)

# The same months as named in Iran (Farvardin ... Esfand).
SOLAR_HIJRI_PERSIAN_MONTHS = (
    pgettext_lazy("Persian month", "Farvardin"),
    pgettext_lazy("Persian month", "Ordibehesht"),
    pgettext_lazy("Persian month", "Khordad"),
    pgettext_lazy("Persian month", "Tir"),
    pgettext_lazy("Persian month", "Mordad"),
    pgettext_lazy("Persian month", "Shahrivar"),
    pgettext_lazy("Persian month", "Mehr"),
    pgettext_lazy("Persian month", "Aban"),
    pgettext_lazy("Persian month", "Azar"),
    pgettext_lazy("Persian month", "Dey"),
    pgettext_lazy("Persian month", "Bahman"),
    pgettext_lazy("Persian month", "Esfand"),
)

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def activate_calendar(calendar: str | None) -> Token[str | None]:
    """Use ``calendar`` in this request; ``None`` or an unknown code means
    the language's own calendar. Returns the token to reset it with.
    """
    return _chosen.set(calendar if calendar in CALENDARS else None)


def reset_calendar(token: Token[str | None]) -> None:
    _chosen.reset(token)


def active_calendar() -> str:
    """The calendar chosen for this request, or the language's own."""
    return _chosen.get() or (SOLAR_HIJRI if _in_dari() else GREGORIAN)


def _in_dari() -> bool:
    return (get_language() or "").startswith("fa")


def digits(value: object) -> str:
    """``value`` as text, its digits Persian in Dari."""
    text = str(value)
    return text.translate(PERSIAN_DIGITS) if _in_dari() else text


@dataclass(frozen=True)
class _Day:
    """A day in one calendar: year, month (1-12) and day of the month."""

    year: int
    month: int
    day: int
    month_names: tuple[Promise, ...]

    @property
    def month_name(self) -> str:
        return str(self.month_names[self.month - 1])


def _in_calendar(value: datetime.date, calendar: str, *, short: bool = False) -> _Day:
    if calendar in (SOLAR_HIJRI, SOLAR_HIJRI_PERSIAN):
        solar = jdatetime.date.fromgregorian(date=value)
        persian = calendar == SOLAR_HIJRI_PERSIAN
        names = SOLAR_HIJRI_PERSIAN_MONTHS if persian else SOLAR_HIJRI_MONTHS
        return _Day(solar.year, solar.month, solar.day, names)
    names = GREGORIAN_MONTHS_SHORT if short else GREGORIAN_MONTHS
    return _Day(value.year, value.month, value.day, names)


def _day_words(day: _Day) -> str:
    return _("%(day)s %(month)s %(year)s") % {
        "day": digits(day.day),
        "month": day.month_name,
        "year": digits(day.year),
    }


def _month_words(day: _Day) -> str:
    return _("%(month)s %(year)s") % {
        "month": day.month_name,
        "year": digits(day.year),
    }


def _days_words(first: _Day, last: _Day) -> str:
    """From one day to another, naming a shared month and year once."""
    if first == last:
        return _day_words(first)
    if (first.year, first.month) == (last.year, last.month):
        return _("%(first)s to %(last)s %(month)s %(year)s") % {
            "first": digits(first.day),
            "last": digits(last.day),
            "month": first.month_name,
            "year": digits(first.year),
        }
    if first.year == last.year:
        return _(
            "%(first_day)s %(first_month)s to %(last_day)s %(last_month)s %(year)s"
        ) % {
            "first_day": digits(first.day),
            "first_month": first.month_name,
            "last_day": digits(last.day),
            "last_month": last.month_name,
            "year": digits(first.year),
        }
    return _span(_day_words(first), _day_words(last))


def _months_words(first: _Day, last: _Day) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return _month_words(first)
    if first.year == last.year:
        return _("%(first_month)s to %(last_month)s %(year)s") % {
            "first_month": first.month_name,
            "last_month": last.month_name,
            "year": digits(first.year),
        }
    return _span(_month_words(first), _month_words(last))


def _span(start: str, end: str) -> str:
    return _("%(start)s to %(end)s") % {"start": start, "end": end}


def _month_bounds(value: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = value.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def _span_in(
    start: datetime.date, end: datetime.date, precision: str, calendar: str
) -> str:
    """``start`` to ``end`` in one calendar, as exactly as ``precision``.

    A Gregorian month or year overlaps two Solar Hijri ones: it is written as
    both ("سنبله تا میزان ۱۴۰۰"), never as one that would claim too much.
    """
    if precision == "year":
        first, last = start.replace(month=1, day=1), end.replace(month=12, day=31)
        low = _in_calendar(first, calendar).year
        high = _in_calendar(last, calendar).year
        if low == high:
            return digits(low)
        return _span(digits(low), digits(high))
    if precision == "month":
        first, last = _month_bounds(start)[0], _month_bounds(end)[1]
        return _months_words(
            _in_calendar(first, calendar), _in_calendar(last, calendar)
        )
    words = _days_words(_in_calendar(start, calendar), _in_calendar(end, calendar))
    if precision == "approximate":
        return _("about %(date)s") % {"date": words}
    return words


def write_span(
    start: datetime.date, end: datetime.date | None = None, precision: str = "day"
) -> str:
    """When something happened, as exactly as it is known, in the reader's
    calendar; ``precision`` is a code of ``records/vocabularies/date_precisions``.
    """
    end = end or start
    calendar = active_calendar()
    if calendar != BOTH:
        return _span_in(start, end, precision, calendar)
    return _("%(solar_hijri)s (%(gregorian)s)") % {
        "solar_hijri": _span_in(start, end, precision, SOLAR_HIJRI),
        "gregorian": _span_in(start, end, precision, GREGORIAN),
    }


def write_moment(value: datetime.datetime) -> str:
    """A moment as a day and a time of day in UTC: "2 Dec 2026, 09:42 UTC"."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    value = value.astimezone(datetime.UTC)
    calendar = active_calendar()
    if calendar == BOTH:
        day = _("%(solar_hijri)s (%(gregorian)s)") % {
            "solar_hijri": _day_words(_in_calendar(value.date(), SOLAR_HIJRI)),
            "gregorian": _day_words(_in_calendar(value.date(), GREGORIAN, short=True)),
        }
    else:
        day = _day_words(_in_calendar(value.date(), calendar, short=True))
    return _("%(date)s, %(time)s UTC") % {
        "date": day,
        "time": digits(value.strftime("%H:%M")),
    }


# Digits a Dari keyboard types (Persian) and an Arabic one (Arabic-Indic).
_TYPED_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TYPED_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
# Solar Hijri years of the records are 13xx-14xx; Gregorian ones 19xx-20xx.
FIRST_GREGORIAN_YEAR = 1700
# What a Solar Hijri date box shows as its example; Latin digits, as typed.
SOLAR_HIJRI_EXAMPLE = "1400-06-19"


def types_solar_hijri() -> bool:
    """Whether date boxes on this page take Solar Hijri dates."""
    return active_calendar() in {SOLAR_HIJRI, SOLAR_HIJRI_PERSIAN, BOTH}


def solar_hijri_text(value: datetime.date) -> str:
    """A day as a Solar Hijri date box holds it: "1400-06-19"."""
    solar = jdatetime.date.fromgregorian(date=value)
    return f"{solar.year:04d}-{solar.month:02d}-{solar.day:02d}"


def parse_typed_day(text: str) -> datetime.date | None:
    """A day typed as year-month-day, in either calendar and either digits.

    The year says the calendar: "1400-06-19" and "۱۴۰۰/۶/۱۹" are Solar
    Hijri, "2021-09-10" Gregorian, so a box never misreads a date typed in
    the other calendar. None if it is no such day.
    """
    match = _TYPED_DAY.fullmatch(text.strip().translate(_TYPED_DIGITS))
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        if year < FIRST_GREGORIAN_YEAR:
            solar = jdatetime.date(year, month, day)
            return solar.togregorian()  # type: ignore[no-any-return]  # jdatetime is untyped
        return datetime.date(year, month, day)
    except ValueError:
        return None
