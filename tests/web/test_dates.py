"""Tests for dates and times written for people (sabt.web.dates) and their
template filters ``day`` and ``moment`` (sabt.web.templatetags.sabt_web).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextvars import Token

import pytest
from django.utils import translation

from sabt.web.dates import (
    BOTH,
    GREGORIAN,
    SOLAR_HIJRI,
    SOLAR_HIJRI_PERSIAN,
    activate_calendar,
    reset_calendar,
    write_moment,
    write_span,
)
from sabt.web.templatetags.sabt_web import day, moment

DARHEL = datetime.date(2021, 9, 10)
SEPTEMBER_6 = datetime.date(2021, 9, 6)
SEPTEMBER_15 = datetime.date(2021, 9, 15)
AUGUST_20 = datetime.date(2021, 8, 20)
SIGNED = datetime.datetime(2026, 12, 2, 9, 42, 13, 123456, tzinfo=datetime.UTC)


@pytest.fixture
def calendar() -> Iterator[Callable[[str | None], None]]:
    """Choose a calendar in the test; the language's own one again after."""
    tokens: list[Token[str | None]] = []

    def choose(code: str | None) -> None:
        tokens.append(activate_calendar(code))

    yield choose
    for token in reversed(tokens):
        reset_calendar(token)


def test_10_september_2021_is_19_sonbola_1400_in_dari() -> None:
    with translation.override("fa"):
        assert write_span(DARHEL) == "۱۹ سنبله ۱۴۰۰"


def test_with_persian_month_names_it_is_19_shahrivar_1400(
    calendar: Callable[[str | None], None],
) -> None:
    calendar(SOLAR_HIJRI_PERSIAN)
    with translation.override("fa"):
        assert write_span(DARHEL) == "۱۹ شهریور ۱۴۰۰"
        assert write_span(SEPTEMBER_6, None, "month") == "شهریور تا مهر ۱۴۰۰"
    assert write_span(DARHEL) == "19 Shahrivar 1400"


def test_english_pages_keep_the_gregorian_calendar() -> None:
    assert write_span(DARHEL) == "10 September 2021"


@pytest.mark.parametrize(
    ("start", "end", "precision", "words"),
    [
        (SEPTEMBER_6, SEPTEMBER_15, "approximate", "حدود ۱۵ تا ۲۴ سنبله ۱۴۰۰"),
        (AUGUST_20, SEPTEMBER_15, "approximate", "حدود ۲۹ اسد تا ۲۴ سنبله ۱۴۰۰"),
        (SEPTEMBER_15, None, "approximate", "حدود ۲۴ سنبله ۱۴۰۰"),
        (SEPTEMBER_6, SEPTEMBER_15, "day", "۱۵ تا ۲۴ سنبله ۱۴۰۰"),
        # September overlaps two Solar Hijri months, 2021 two Solar Hijri years.
        (SEPTEMBER_6, None, "month", "سنبله تا میزان ۱۴۰۰"),
        (SEPTEMBER_6, None, "year", "۱۳۹۹ تا ۱۴۰۰"),
        (datetime.date(2021, 3, 21), None, "day", "۱ حمل ۱۴۰۰"),
    ],
)
def test_dari_dates_say_how_exactly_they_are_known(
    start: datetime.date, end: datetime.date | None, precision: str, words: str
) -> None:
    with translation.override("fa"):
        assert write_span(start, end, precision) == words


def test_a_dari_reader_may_choose_gregorian(
    calendar: Callable[[str | None], None],
) -> None:
    calendar(GREGORIAN)
    with translation.override("fa"):
        assert write_span(DARHEL) == "۱۰ سپتمبر ۲۰۲۱"


def test_both_calendars_put_the_gregorian_in_brackets(
    calendar: Callable[[str | None], None],
) -> None:
    calendar(BOTH)
    with translation.override("fa"):
        assert write_span(DARHEL) == "۱۹ سنبله ۱۴۰۰ (۱۰ سپتمبر ۲۰۲۱)"
    assert write_span(DARHEL) == "19 Sonbola 1400 (10 September 2021)"


def test_an_english_reader_may_choose_solar_hijri(
    calendar: Callable[[str | None], None],
) -> None:
    calendar(SOLAR_HIJRI)
    assert write_span(SEPTEMBER_6, SEPTEMBER_15, "approximate") == (
        "about 15 to 24 Sonbola 1400"
    )


def test_an_unknown_calendar_means_the_language_s_own(
    calendar: Callable[[str | None], None],
) -> None:
    calendar("julian")
    assert write_span(DARHEL) == "10 September 2021"


def test_a_moment_is_a_day_and_a_utc_time_without_microseconds() -> None:
    assert write_moment(SIGNED) == "2 Dec 2026, 09:42 UTC"
    with translation.override("fa"):
        assert write_moment(SIGNED) == "۱۱ قوس ۱۴۰۵، ساعت ۰۹:۴۲ UTC"


def test_a_moment_elsewhere_is_written_in_utc() -> None:
    kabul = datetime.timezone(datetime.timedelta(hours=4, minutes=30))
    assert write_moment(SIGNED.astimezone(kabul)) == "2 Dec 2026, 09:42 UTC"


def test_moment_reads_the_iso_text_of_a_projection_row() -> None:
    assert moment("2026-12-02T09:42:13.123456+00:00") == (
        '<time datetime="2026-12-02T09:42:13+00:00">2 Dec 2026, 09:42 UTC</time>'
    )


def test_moment_leaves_a_text_that_is_no_time_as_it_stands() -> None:
    assert moment("sometime in September") == "sometime in September"
    assert moment(None) == ""


def test_day_reads_a_date_or_its_iso_text() -> None:
    with translation.override("fa"):
        assert day(DARHEL) == '<time datetime="2021-09-10">۱۹ سنبله ۱۴۰۰</time>'
        assert day("2021-09-10") == day(DARHEL)
    assert day(None) == ""
