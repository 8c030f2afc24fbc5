"""Tests for finding and reviewing candidates (tracing.matching,
tracing.services.review, tracing.projector), on issue #6's example: a
mother's request for "Mohammad Aref son of Gul Ahmad, from Parian, 19,
taken on 7 Sep 2021" must find "Muhammad Arif s/o Gulahmad, Paryan, ~20" in
a detainee list and "محمد عارف ولد گل احمد" in a hospital register, and
not be confused with the other Mohammad Arefs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.access.tracing_queries import review_queue
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.tracing import services
from sabt.tracing.models import Candidate, PersonList, TracingRequest
from tests.ledger_store.helpers import projection_snapshot
from tests.tracing.factories import (
    detainee_list,
    hospital_list,
    import_file,
    make_request,
    write_csv,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aref(officer: User) -> TracingRequest:
    return make_request(officer)


@pytest.fixture
def detainees(officer: User, tmp_path: Path) -> PersonList:
    return detainee_list(officer, tmp_path)


@pytest.fixture
def hospital(officer: User, tmp_path: Path) -> PersonList:
    return hospital_list(officer, tmp_path)


@pytest.fixture
def queue(
    officer: User, aref: TracingRequest, detainees: PersonList, hospital: PersonList
) -> list[Candidate]:
    """Both lists searched: the review queue, most probable first."""
    make_request(
        officer, given_name="Abdul Wahid", father_name="Rahmatullah", village="Rokha"
    )
    services.find_candidates(actor=officer, person_list=detainees)
    services.find_candidates(actor=officer, person_list=hospital)
    return list(review_queue(officer))


def row_ids(candidates: list[Candidate]) -> list[str]:
    return [candidate.entry.row_id for candidate in candidates]


def refreshed(candidate: Candidate) -> Candidate:
    return Candidate.objects.get(pk=candidate.pk)


def status_of(request: TracingRequest) -> str:
    return TracingRequest.objects.get(pk=request.pk).status


def test_the_queue_holds_the_candidates_most_probable_first(
    queue: list[Candidate],
) -> None:
    assert row_ids(queue) == ["d-1", "h-1", "d-2", "h-2"]
    probabilities = [candidate.probability for candidate in queue]
    assert probabilities == sorted(probabilities, reverse=True)
    assert queue[0].probability > 0.99  # Muhammad Arif s/o Gulahmad
    assert queue[1].probability > 0.99  # محمد عارف ولد گل احمد
    assert queue[2].probability < 0.5  # another father


def test_each_field_says_how_much_it_counted(queue: list[Candidate]) -> None:
    same_father, other_father = queue[0].weights, queue[2].weights
    assert same_father["father_name"] > 5
    assert other_father["father_name"] < -4
    assert same_father["village"] > 4  # Parian and Paryan
    assert same_father["grandfather_name"] == 0  # not known on either side


def test_candidates_are_events_with_their_weights(queue: list[Candidate]) -> None:
    found = LedgerEvent.objects.filter(type="tracing.candidate_found")
    assert found.count() == 4
    top = queue[0]
    assert LedgerEvent.objects.get(record=top.record).type == "tracing.candidate_found"
    assert top.reviews.get().action == "found"


def test_a_request_with_candidates_is_a_possible_match(
    queue: list[Candidate], aref: TracingRequest
) -> None:
    assert status_of(aref) == TracingRequest.Status.POSSIBLE_MATCH


def test_looking_again_finds_nothing_new(
    queue: list[Candidate], officer: User, detainees: PersonList
) -> None:
    count = LedgerEvent.objects.count()
    assert services.find_candidates(actor=officer, person_list=detainees) == []
    assert LedgerEvent.objects.count() == count


def test_closed_requests_are_not_looked_for(
    officer: User, aref: TracingRequest, detainees: PersonList
) -> None:
    services.close_request(actor=officer, request=aref, reason="found at home")
    assert services.find_candidates(actor=officer, person_list=detainees) == []


def test_requests_of_another_case_are_not_looked_for(
    officer: User, other_case: str, tmp_path: Path, aref: TracingRequest
) -> None:
    elsewhere = detainee_list(officer, tmp_path, case=other_case)
    assert services.find_candidates(actor=officer, person_list=elsewhere) == []


def test_confirming_locates_the_person_detained(
    queue: list[Candidate], officer: User, aref: TracingRequest
) -> None:
    confirmed = services.confirm_match(
        actor=officer, candidate=queue[0], note="same father"
    )
    assert confirmed.decision == Candidate.Decision.CONFIRMED
    assert confirmed.decided_by == "officer"
    assert status_of(aref) == TracingRequest.Status.LOCATED_DETAINED
    assert LedgerEvent.objects.filter(type="tracing.match_confirmed").count() == 1
    # Linked, not merged: both records are still there, unchanged.
    assert confirmed.entry.given_name == "Muhammad Arif s/o Gulahmad"
    assert TracingRequest.objects.get(pk=aref.pk).given_name == "Mohammad Aref"


def test_a_later_list_tells_the_latest_status(
    queue: list[Candidate], officer: User, aref: TracingRequest
) -> None:
    """Detained on the list of 1 October; alive in hospital on 15 September:
    the later report wins."""
    services.confirm_match(actor=officer, candidate=queue[0])
    services.confirm_match(actor=officer, candidate=queue[1])
    assert status_of(aref) == TracingRequest.Status.LOCATED_DETAINED
    services.record_status(
        actor=officer,
        entry=queue[0].entry,
        status="deceased",
        as_of="2021-11-02",
        source="burial record, Bagram",
    )
    assert status_of(aref) == TracingRequest.Status.LOCATED_DECEASED


def test_undoing_a_confirmation_unlinks(
    queue: list[Candidate], officer: User, aref: TracingRequest
) -> None:
    services.confirm_match(actor=officer, candidate=queue[0])
    undone = services.undo_decision(actor=officer, candidate=refreshed(queue[0]))
    assert undone.decision == Candidate.Decision.PENDING
    assert status_of(aref) == TracingRequest.Status.POSSIBLE_MATCH
    assert [review.action for review in undone.reviews.all()] == [
        "found",
        "confirmed",
        "undone",
    ]


def test_reject_and_unsure_are_events(queue: list[Candidate], officer: User) -> None:
    rejected = services.reject_match(
        actor=officer, candidate=queue[2], note="father differs"
    )
    unsure = services.mark_unsure(actor=officer, candidate=queue[3])
    assert rejected.decision == Candidate.Decision.REJECTED
    assert unsure.decision == Candidate.Decision.UNSURE
    review = rejected.reviews.last()
    assert review is not None
    assert review.note == "father differs"
    types = set(LedgerEvent.objects.values_list("type", flat=True))
    assert {"tracing.match_rejected", "tracing.match_unsure"} <= types
    assert row_ids(list(review_queue(officer))) == ["d-1", "h-1", "h-2"]


def test_the_same_decision_twice_records_once(
    queue: list[Candidate], officer: User
) -> None:
    services.reject_match(actor=officer, candidate=queue[2])
    services.reject_match(actor=officer, candidate=refreshed(queue[2]))
    assert LedgerEvent.objects.filter(type="tracing.match_rejected").count() == 1


def test_undo_needs_a_decision(queue: list[Candidate], officer: User) -> None:
    with pytest.raises(ValidationError, match="no decision to undo"):
        services.undo_decision(actor=officer, candidate=queue[0])
    assert not LedgerEvent.objects.filter(type="tracing.match_undone").exists()


# --- Consent and telling the family ---------------------------------------------


def test_the_family_is_not_told_without_consent(
    queue: list[Candidate], officer: User
) -> None:
    confirmed = services.confirm_match(actor=officer, candidate=queue[0])
    with pytest.raises(ValidationError) as caught:
        services.notify_family(actor=officer, candidate=confirmed, how="by phone")
    [message] = caught.value.message_dict["consent"]
    assert message.startswith("The person found has not been asked")
    assert not LedgerEvent.objects.filter(type="tracing.family_notified").exists()


def test_the_family_is_not_told_after_a_refusal(
    queue: list[Candidate], officer: User
) -> None:
    services.confirm_match(actor=officer, candidate=queue[0])
    refused = services.record_consent(
        actor=officer,
        candidate=refreshed(queue[0]),
        consent="refused",
        how="in person, during an ICRC detention visit",
        on="2021-10-12",
    )
    with pytest.raises(ValidationError, match="refused to let their family be told"):
        services.notify_family(actor=officer, candidate=refused, how="by phone")


def test_the_family_is_told_with_consent(queue: list[Candidate], officer: User) -> None:
    services.confirm_match(actor=officer, candidate=queue[0])
    consented = services.record_consent(
        actor=officer,
        candidate=refreshed(queue[0]),
        consent="given",
        how="in person, during an ICRC detention visit",
        on="2021-10-12",
    )
    assert consented.consent == Candidate.Consent.GIVEN
    assert str(consented.consent_on) == "2021-10-12"
    told = services.notify_family(
        actor=officer, candidate=consented, how="Red Cross message to his mother"
    )
    assert told.is_notified is True
    assert told.notified_by == "officer"
    review = told.reviews.get(action="notified")
    assert review.details == {
        "how": "Red Cross message to his mother",
        "basis": "consent",
    }
    again = services.notify_family(actor=officer, candidate=told, how="again")
    assert again.notified_how == "Red Cross message to his mother"
    assert LedgerEvent.objects.filter(type="tracing.family_notified").count() == 1


def test_a_death_may_be_told_without_consent(officer: User, tmp_path: Path) -> None:
    make_request(officer)
    path = write_csv(
        tmp_path / "burials.csv",
        ("id", "name", "father", "village", "age"),
        [("b-7", "Mohammad Aref", "Gul Ahmad", "Parian", "19")],
    )
    burials = import_file(officer, path, kind="burials", name="Graves at Dashtak")
    [candidate] = services.find_candidates(actor=officer, person_list=burials)
    confirmed = services.confirm_match(actor=officer, candidate=candidate)
    assert status_of(confirmed.request) == TracingRequest.Status.LOCATED_DECEASED
    told = services.notify_family(actor=officer, candidate=confirmed, how="in person")
    assert told.reviews.get(action="notified").details["basis"] == "deceased"


def test_the_family_is_told_only_of_a_confirmed_match(
    queue: list[Candidate], officer: User
) -> None:
    with pytest.raises(ValidationError, match="Confirm the match before"):
        services.notify_family(actor=officer, candidate=queue[0], how="by phone")


def test_consent_given_needs_how_and_when(
    queue: list[Candidate], officer: User
) -> None:
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.record_consent(actor=officer, candidate=queue[0], consent="given")
    assert set(caught.value.message_dict) == {"how", "on"}
    with pytest.raises(ValidationError) as caught:
        services.record_consent(actor=officer, candidate=queue[0], consent="perhaps")
    assert "consent" in caught.value.message_dict
    assert LedgerEvent.objects.count() == before


def test_undoing_a_confirmation_needs_a_new_notification(
    queue: list[Candidate], officer: User
) -> None:
    services.confirm_match(actor=officer, candidate=queue[0])
    services.record_consent(
        actor=officer, candidate=refreshed(queue[0]), consent="given",
        how="in person", on="2021-10-12",
    )  # fmt: skip
    services.notify_family(actor=officer, candidate=refreshed(queue[0]), how="by phone")
    services.undo_decision(actor=officer, candidate=refreshed(queue[0]))
    again = services.confirm_match(actor=officer, candidate=refreshed(queue[0]))
    assert again.is_notified is False
    assert again.consent == Candidate.Consent.GIVEN


def test_the_whole_review_rebuilds_to_the_same_tables(
    queue: list[Candidate], officer: User
) -> None:
    services.confirm_match(actor=officer, candidate=queue[0])
    services.undo_decision(actor=officer, candidate=refreshed(queue[0]))
    services.confirm_match(actor=officer, candidate=refreshed(queue[0]))
    services.reject_match(actor=officer, candidate=queue[2])
    services.mark_unsure(actor=officer, candidate=queue[3])
    services.record_consent(
        actor=officer, candidate=refreshed(queue[0]), consent="given",
        how="in person", on="2021-10-12",
    )  # fmt: skip
    services.notify_family(actor=officer, candidate=refreshed(queue[0]), how="by phone")
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before
