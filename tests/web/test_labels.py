"""Tests for the words pages use for codes, counts and dates
(sabt.web.labels, sabt.web.templatetags.sabt_web).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from sabt.evidence.models import EvidenceItem
from sabt.records.services.people import PERSON_STATUSES, SEXES
from sabt.records.services.sources import RELIABILITY
from sabt.records.services.statements import LANGUAGES
from sabt.web import labels
from sabt.web.templatetags.sabt_web import count_range, date_span

SEPTEMBER_6 = datetime.date(2021, 9, 6)
SEPTEMBER_15 = datetime.date(2021, 9, 15)


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("sex", SEXES),
        ("person_status", PERSON_STATUSES),
        ("reliability", RELIABILITY),
        ("language", LANGUAGES),
        ("evidence_kind", EvidenceItem.Kind.values),
        ("evidence_verification", EvidenceItem.Verification.values),
    ],
)
def test_every_code_a_service_accepts_has_a_label(kind: str, codes: list[str]) -> None:
    assert set(labels.FIXED[kind]) == set(codes)


def test_vocabulary_labels_follow_the_language() -> None:
    assert labels.label("killing", "act_type") == "Killing"
    with translation.override("fa"):
        assert labels.label("killing", "act_type") == "قتل"


def test_an_unknown_code_shows_as_itself() -> None:
    assert labels.label("beheading", "act_type") == "beheading"


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (None, None, "unknown"),
        (24, None, "at least 24"),
        (None, 30, "at most 30"),
        (12, 30, "12\N{EN DASH}30"),
        (7, 7, "7"),
    ],
)
def test_counts_read_as_ranges(low: int | None, high: int | None, words: str) -> None:
    assert count_range(low, high) == words


def test_an_exact_day_reads_as_that_day() -> None:
    assert date_span(SEPTEMBER_6, None, "day") == "6 September 2021"


def test_an_approximate_span_says_about() -> None:
    assert date_span(SEPTEMBER_6, SEPTEMBER_15, "approximate") == (
        "about 6 to 15 September 2021"
    )


def test_a_month_reads_as_the_month() -> None:
    assert date_span(SEPTEMBER_6, None, "month") == "September 2021"


def test_dari_counts_use_persian_digits() -> None:
    with translation.override("fa"):
        assert count_range(12, 30) == "۱۲ تا ۳۰"
        assert count_range(24, None) == "دست‌کم ۲۴"
