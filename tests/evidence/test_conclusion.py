"""The written rule that derives an item's conclusion from its assessments.

One test per clause of the rule in ``sabt.evidence.conclusion``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sabt.evidence.conclusion import conclusion_of


@dataclass(frozen=True)
class A:
    kind: str
    finding: str
    confidence: str = "high"
    analyst: str = "farid"
    at: str = "2021-09-20T10:00:00Z"


FULL_AGREEMENT = [
    A("source", "consistent"),
    A("technical", "consistent", "medium"),
    A("geolocation", "consistent"),
]


def test_no_assessment_leaves_an_item_unverified_as_purported() -> None:
    assert conclusion_of([]) == "unverified"


def test_source_technical_and_geolocation_agreeing_verify() -> None:
    assert conclusion_of(FULL_AGREEMENT) == "verified"


def test_chronolocation_can_stand_for_geolocation() -> None:
    timed = [*FULL_AGREEMENT[:2], A("chronolocation", "consistent", "medium")]
    assert conclusion_of(timed) == "verified"


def test_other_content_analysis_cannot_stand_for_locating() -> None:
    other = [*FULL_AGREEMENT[:2], A("content", "consistent")]
    assert conclusion_of(other) == "partly_verified"


def test_one_medium_agreement_partly_verifies() -> None:
    assert conclusion_of([A("geolocation", "consistent", "medium")]) == (
        "partly_verified"
    )


@pytest.mark.parametrize("finding", ["inconclusive", "consistent"])
def test_low_confidence_or_inconclusive_findings_leave_it_unverified(
    finding: str,
) -> None:
    weak = [A("source", finding, "low"), A("geolocation", "inconclusive")]
    assert conclusion_of(weak) == "unverified"


def test_a_confident_contradiction_makes_it_inauthentic_whatever_agrees() -> None:
    earlier_upload = A("source", "inconsistent", "high", analyst="maryam")
    assert conclusion_of([*FULL_AGREEMENT, earlier_upload]) == "inauthentic"


def test_a_medium_contradiction_holds_everything_at_unverified() -> None:
    doubt = A("technical", "inconsistent", "medium", analyst="maryam")
    assert conclusion_of([*FULL_AGREEMENT, doubt]) == "unverified"


def test_a_low_contradiction_does_not_block_verification() -> None:
    hunch = A("technical", "inconsistent", "low", analyst="maryam")
    assert conclusion_of([*FULL_AGREEMENT, hunch]) == "verified"


def test_an_analyst_revising_their_own_assessment_replaces_it() -> None:
    first = A("geolocation", "inconsistent", "high", at="2021-09-20T10:00:00Z")
    revised = A("geolocation", "consistent", "high", at="2021-09-21T10:00:00Z")
    assert conclusion_of([*FULL_AGREEMENT[:2], revised, first]) == "verified"


def test_another_analysts_contradiction_still_counts() -> None:
    other = A("geolocation", "inconsistent", "high", analyst="maryam",
              at="2021-09-19T10:00:00Z")  # fmt: skip
    assert conclusion_of([*FULL_AGREEMENT, other]) == "inauthentic"
