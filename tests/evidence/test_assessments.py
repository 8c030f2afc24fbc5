"""Recording assessments; the item's conclusion follows from them, never typed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.evidence.models import Assessment, EvidenceItem
from sabt.evidence.services import register_evidence_item
from sabt.evidence.services.assessments import assess
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(investigator: User) -> EvidenceItem:
    """The "purported" video of a news report: registered, so unverified."""
    return register_evidence_item(
        actor=investigator, kind="video",
        title="Purported video: men shot at a roadside, Panjshir",
    )  # fmt: skip


def analysis(actor: User, item: EvidenceItem, kind: str, **extra: str) -> Assessment:
    values = {
        "method": "reverse image search of keyframes; no earlier copy found",
        "finding": "consistent",
        "confidence": "high",
        "analyst": "farid",
        **extra,
    }
    return assess(actor=actor, item=item, kind=kind, **values)


def conclusion(item: EvidenceItem) -> str:
    return EvidenceItem.objects.get(pk=item.pk).verification


def test_a_purported_video_stays_unverified_until_assessed(
    video: EvidenceItem,
) -> None:
    assert conclusion(video) == "unverified"


def test_the_conclusion_moves_with_each_assessment(
    video: EvidenceItem, investigator: User
) -> None:
    analysis(investigator, video, "source")
    assert conclusion(video) == "partly_verified"
    analysis(investigator, video, "technical", method="metadata and ELA review")
    analysis(investigator, video, "geolocation", method="ridge line matched")
    assert conclusion(video) == "verified"
    analysis(
        investigator, video, "chronolocation", finding="inconsistent",
        method="shadow length says afternoon; claim says dawn", analyst="maryam",
    )  # fmt: skip
    assert conclusion(video) == "inauthentic"


def test_each_assessment_is_a_signed_event_with_all_its_parts(
    video: EvidenceItem, investigator: User
) -> None:
    saved = analysis(
        investigator, video, "geolocation", confidence="medium",
        details="matched the mosque minaret and the river bend",
    )  # fmt: skip
    [event] = LedgerEvent.objects.filter(type="evidence.assessed")
    assert event.event_id == saved.event_id
    for part in ("geolocation", "farid", "medium", "minaret", "consistent"):
        assert part in event.payload
    assert saved.recorded_by == "investigator"


def test_bad_assessments_are_refused_and_change_nothing(
    video: EvidenceItem, investigator: User
) -> None:
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        assess(
            actor=investigator, item=video, kind="vibes", method="",
            finding="verified", confidence="certain", analyst="",
            sha256="0" * 64,
        )  # fmt: skip
    errors = refused.value.message_dict
    assert set(errors) == {
        "kind",
        "method",
        "finding",
        "confidence",
        "analyst",
        "sha256",
    }
    assert errors["finding"] == ["Unknown finding: verified."]
    assert LedgerEvent.objects.count() == before
    assert conclusion(video) == "unverified"


def test_rebuild_derives_the_same_conclusion(
    video: EvidenceItem, investigator: User
) -> None:
    for kind in ("source", "technical", "geolocation"):
        analysis(investigator, video, kind)
    rebuild_projections()
    assert conclusion(video) == "verified"
    assert Assessment.objects.count() == 3
