"""The rule that turns an item's assessments into its verification conclusion.

Nobody types a conclusion in: it follows from the assessments recorded, by
the rule below, so two readers of the same assessments always agree, and a
court can read why an item is called verified.

The rule, after the Berkeley Protocol's three kinds of analysis (source,
technical, content — the last as geolocation, chronolocation or other):

1. Only each analyst's latest assessment of each kind counts: analysts
   revise their own work; another analyst's disagreement still counts.
2. **inauthentic** — any counting assessment contradicts the claim with high
   confidence (an earlier upload elsewhere, a manipulated file, another
   place): one solid contradiction outweighs any number of agreements.
3. **verified** — no counting assessment contradicts the claim with medium or
   high confidence, and source analysis, technical analysis and a
   geolocation or chronolocation each agree with the claim with at least
   medium confidence.
4. **partly verified** — no medium-or-high contradiction, and at least one
   assessment agrees with at least medium confidence.
5. **unverified** — everything else: no assessments, only low-confidence or
   inconclusive ones, or agreements met by a medium-confidence
   contradiction. "Purported" in a report means this.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

UNVERIFIED = "unverified"
PARTLY_VERIFIED = "partly_verified"
VERIFIED = "verified"
INAUTHENTIC = "inauthentic"

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
CONFIDENCE_RANK = {"low": 0, "medium": 1, "high": 2}
SOLID = CONFIDENCE_RANK["medium"]

# What "verified" needs: every group agreeing with at least medium confidence.
REQUIRED_FOR_VERIFIED: tuple[frozenset[str], ...] = (
    frozenset({"source"}),
    frozenset({"technical"}),
    frozenset({"geolocation", "chronolocation"}),
)


class AssessmentLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def finding(self) -> str: ...
    @property
    def confidence(self) -> str: ...
    @property
    def analyst(self) -> str: ...
    @property
    def at(self) -> str: ...


AssessmentT = TypeVar("AssessmentT", bound=AssessmentLike)


def counting(assessments: Iterable[AssessmentT]) -> list[AssessmentT]:
    """Each analyst's latest assessment of each kind (rule 1), oldest first."""
    latest: dict[tuple[str, str], AssessmentT] = {}
    for assessment in sorted(assessments, key=lambda a: a.at):
        latest[(assessment.analyst.casefold(), assessment.kind)] = assessment
    return sorted(latest.values(), key=lambda a: a.at)


def conclusion_of(assessments: Iterable[AssessmentLike]) -> str:
    """The item's conclusion: one of the four values above, by the rule."""
    kept = counting(assessments)
    contradictions = [
        CONFIDENCE_RANK[a.confidence] for a in kept if a.finding == INCONSISTENT
    ]
    if contradictions and max(contradictions) == CONFIDENCE_RANK["high"]:
        return INAUTHENTIC
    if contradictions and max(contradictions) >= SOLID:
        return UNVERIFIED
    agreeing = {
        a.kind
        for a in kept
        if a.finding == CONSISTENT and CONFIDENCE_RANK[a.confidence] >= SOLID
    }
    if all(agreeing & group for group in REQUIRED_FOR_VERIFIED):
        return VERIFIED
    if agreeing:
        return PARTLY_VERIFIED
    return UNVERIFIED
