"""A person written twice in one list is flagged when it comes in, and a
confirmed match shows the other candidates it rules out as contradicted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.tracing import services
from sabt.tracing.duplicates import within_list_duplicates
from sabt.tracing.linkage.columns import read_text
from sabt.tracing.models import Candidate
from tests.access.two_factor_helpers import log_in_verified
from tests.tracing.factories import (
    DETAINEE_HEADER,
    detainee_list,
    import_file,
    make_request,
    write_csv,
)

pytestmark = pytest.mark.django_db

TWICE = (
    ("d-1", "Muhammad Arif s/o Gulahmad", "~20", "M", "Paryan"),
    ("d-2", "Mohammad Aref s/o Gul Ahmad", "19", "M", "Parian"),
    # Brothers: one father and village, two given names.
    ("d-3", "Sayed Agha s/o Sayed Jan", "31", "M", "Dashtak"),
    ("d-4", "Sayed Ali s/o Sayed Jan", "28", "M", "Dashtak"),
    # The same names, but a woman: two people.
    ("d-5", "Sayed Agha s/o Sayed Jan", "30", "F", "Dashtak"),
    # The same names thirty years apart: father and son named alike.
    ("d-6", "Muhammad Arif s/o Gulahmad", "50", "M", "Paryan"),
)


def client_for(user: User) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def test_the_same_person_twice_is_flagged_not_brothers(
    officer: User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "twice.csv", DETAINEE_HEADER, TWICE)
    detainees = import_file(officer, path, as_of="2021-10-01")
    assert detainees.duplicate_rows == [["d-1", "d-2"]]
    assert detainees.entries.count() == 6  # both rows stay
    page = client_for(officer).get(f"/tracing/lists/{detainees.record}/")
    content = page.content.decode()
    assert "1 person may be written twice" in content
    section = content[content.index('data-testid="duplicate-rows"') :]
    assert "Mohammad Aref" in section
    assert "Sayed Ali" not in section


def test_a_list_without_duplicates_says_nothing(officer: User, tmp_path: Path) -> None:
    detainees = detainee_list(officer, tmp_path)
    assert detainees.duplicate_rows == []
    page = client_for(officer).get(f"/tracing/lists/{detainees.record}/")
    assert "written twice" not in page.content.decode()


def test_a_confirmed_match_contradicts_the_others_until_undone(
    officer: User, tmp_path: Path
) -> None:
    aref = make_request(officer)
    detainees = detainee_list(officer, tmp_path)
    found = services.find_candidates(actor=officer, person_list=detainees)
    assert len(found) >= 2
    top, other = found[0], found[1]
    assert other.state_label == "not yet reviewed"
    services.confirm_match(actor=officer, candidate=top)
    other = Candidate.objects.get(pk=other.pk)
    assert other.contradicted_by == top.record
    assert other.state_label == "contradicted by a confirmed match"
    assert Candidate.objects.get(pk=top.pk).state_label == "confirmed"
    page = client_for(officer).get(f"/tracing/requests/{aref.record}/")
    assert "contradicted by a confirmed match" in page.content.decode()
    services.undo_decision(actor=officer, candidate=Candidate.objects.get(pk=top.pk))
    other = Candidate.objects.get(pk=other.pk)
    assert (other.contradicted_by, other.state_label) == ("", "not yet reviewed")


def test_an_entry_confirmed_for_one_request_contradicts_another_request(
    officer: User, tmp_path: Path
) -> None:
    make_request(officer)
    make_request(officer, given_name="Mohammad Arif", father_name="Gul Ahmad")
    detainees = detainee_list(officer, tmp_path)
    found = services.find_candidates(actor=officer, person_list=detainees)
    entry = found[0].entry_id
    same_entry = [c for c in found if c.entry_id == entry]
    assert len(same_entry) == 2
    services.confirm_match(actor=officer, candidate=same_entry[0])
    rival = Candidate.objects.get(pk=same_entry[1].pk)
    assert rival.contradicted_by == same_entry[0].record


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (
            "id,given_name,father_name,grandfather_name,age\n"
            "a,Usman,Karim,Nabi,30\nb,عثمان,کریم,,31\nc,Usman,Karim,Wali,30\n",
            [["a", "b"], ["b", "c"]],
        ),
        (
            "id,given_name,family_name,birth_year\n"
            "a,Noah,Watson,1990\nb,Noah,Watson,1991\nc,Noah,Watson,1960\n"
            "d,Ivy,Watson,1990\n",
            [["a", "b"]],
        ),
    ],
    ids=["separate lineage columns, two scripts", "no lineage: family names"],
)
def test_duplicates_in_lists_of_other_shapes(
    csv_text: str, expected: list[list[str]]
) -> None:
    checked = read_text(csv_text, "list.csv")
    assert within_list_duplicates(checked) == expected
