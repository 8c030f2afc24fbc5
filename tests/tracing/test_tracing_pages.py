"""Tests for the tracing pages (sabt.web.views.tracing): who may see what,
opening a request, importing a list through the mapping step, and the review
of a match, through the literal URLs.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.models import ReadAudit
from sabt.ledger_store.models import LedgerEvent
from sabt.tracing import services
from sabt.tracing.models import Candidate, PersonList, TracingRequest
from tests.access.two_factor_helpers import log_in_verified
from tests.tracing.factories import (
    DETAINEE_HEADER,
    DETAINEE_ROWS,
    GARBAGE_HEADER,
    MOTHER,
    detainee_list,
    garbage_list_file,
    garbage_rejections,
    make_request,
    write_csv,
)
from tests.web.helpers import error_beside, non_field_errors

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


@pytest.fixture
def candidate(officer: User, tmp_path: Path) -> Candidate:
    """Aref's request and the detainee list: the top candidate."""
    make_request(officer)
    detainees = detainee_list(officer, tmp_path)
    return services.find_candidates(actor=officer, person_list=detainees)[0]


# --- Who may see what ---------------------------------------------------------------


def test_a_tracing_officer_sees_the_queue(officer: User, candidate: Candidate) -> None:
    response = client_for(officer).get("/tracing/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Muhammad Arif s/o Gulahmad" in content
    assert f"/tracing/matches/{candidate.record}/" in content
    assert list(response.context["page"]) == list(
        Candidate.objects.order_by("-probability")
    )


@pytest.mark.parametrize(
    "path",
    ["/tracing/", "/tracing/requests/", "/tracing/requests/new/", "/tracing/lists/",
     "/tracing/lists/new/"],
)  # fmt: skip
def test_a_viewer_gets_403(viewer: User, path: str) -> None:
    assert client_for(viewer).get(path).status_code == 403


def test_a_viewer_gets_403_for_a_request_of_their_case(
    viewer: User, officer: User
) -> None:
    sought = make_request(officer)
    response = client_for(viewer).get(f"/tracing/requests/{sought.record}/")
    assert response.status_code == 403


def test_an_account_without_a_case_gets_403(outsider: User) -> None:
    assert client_for(outsider).get("/tracing/").status_code == 403


def test_an_officer_of_another_case_gets_404(
    other_officer: User, candidate: Candidate
) -> None:
    client = client_for(other_officer)
    person_list = candidate.entry.person_list
    for path in (
        f"/tracing/requests/{candidate.request_id}/",
        f"/tracing/lists/{person_list.record}/",
        f"/tracing/matches/{candidate.record}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/tracing/matches/{candidate.record}/decide/",
                       {"decision": "confirm"}).status_code == 404  # fmt: skip
    assert list(client.get("/tracing/").context["page"]) == []
    assert Candidate.objects.get(pk=candidate.pk).decision == "pending"


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get("/tracing/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# --- Requests ------------------------------------------------------------------------


def test_an_officer_opens_a_request(officer: User) -> None:
    response = client_for(officer).post(
        "/tracing/requests/new/",
        {
            "case": "default",
            "given_name": "Mohammad Aref",
            "father_name": "Gul Ahmad",
            "sex": "male",
            "age_0": "19",
            "age_1": "19",
            "village": "Parian",
            "last_seen_date": "2021-09-07",
            "enquirer_name": MOTHER,
            "relationship": "mother",
            "consent_to_share": "yes",
        },
    )
    sought = TracingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tracing/requests/{sought.record}/"
    assert (
        LedgerEvent.objects.get(record=sought.record).type == "tracing.request_opened"
    )
    assert MOTHER not in client_for(officer).get(response["Location"]).content.decode()


def test_a_request_without_names_is_shown_again_with_errors(officer: User) -> None:
    response = client_for(officer).post(
        "/tracing/requests/new/", {"case": "default", "sex": "male",
                                   "consent_to_share": "no"}
    )  # fmt: skip
    assert response.status_code == 200
    assert error_beside(response, "given_name") == "This field is required."
    assert error_beside(response, "enquirer_name") == "This field is required."
    assert not LedgerEvent.objects.exists()


def test_showing_the_enquirer_is_audited(officer: User) -> None:
    sought = make_request(officer)
    response = client_for(officer).post(f"/tracing/requests/{sought.record}/enquirer/")
    assert response.status_code == 200
    assert MOTHER in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    audit = ReadAudit.objects.get(action="revealed")
    assert (audit.actor, audit.target) == ("officer", sought.record)


def test_the_request_page_shows_its_status_and_timeline(officer: User) -> None:
    sought = make_request(officer)
    content = client_for(officer).get(f"/tracing/requests/{sought.record}/").content
    text = content.decode()
    assert 'data-testid="request-status">open<' in text
    assert "Show the enquirer" in text


# --- Importing a list -----------------------------------------------------------------


def upload(client: Client, path: Path, **fields: str) -> str:
    with path.open("rb") as handle:
        response = client.post(
            "/tracing/lists/new/",
            {"case": "default", "name": "Detainees, Bagram", "kind": "detainees",
             "as_of": "2021-10-01", "file": handle, **fields},
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def test_an_upload_is_mapped_previewed_and_imported(
    officer: User, tmp_path: Path
) -> None:
    client = client_for(officer)
    path = write_csv(tmp_path / "detainees.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    mapping_url = upload(client, path)
    assert re.fullmatch(r"/tracing/lists/new/[0-9a-f]{64}/", mapping_url)
    page = client.get(mapping_url)
    assert page.status_code == 200
    assert page.context["preview"].rows == 3
    assert "Muhammad Arif s/o Gulahmad" in page.content.decode()
    assert not PersonList.objects.exists()

    columns = {
        f"column_{n}": c for n, c in enumerate(["id", "given_name", "age", "", ""])
    }
    preview = client.post(mapping_url, {**columns, "preview": "1"})
    assert preview.status_code == 200
    assert preview.context["preview"].labels[-1] == "Age"
    assert not PersonList.objects.exists()

    imported = client.post(mapping_url, {**columns, "import": "1"})
    person_list = PersonList.objects.get()
    assert imported["Location"] == f"/tracing/lists/{person_list.record}/"
    assert person_list.mapping == [["No", "id"], ["Name", "given_name"], ["Age", "age"]]
    assert client.get(mapping_url).status_code == 404  # done with


def test_garbage_rows_are_shown_before_and_after_the_import(
    officer: User, tmp_path: Path
) -> None:
    client = client_for(officer)
    mapping_url = upload(client, garbage_list_file(tmp_path))
    page = client.get(mapping_url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "90 people will be imported." in content
    assert "10 rows left out" in content
    assert [
        {"line": row.line, "reason": row.reason}
        for row in page.context["preview"].rejected
    ] == garbage_rejections()
    assert "is already the id on line 7." in html.unescape(content)
    assert not PersonList.objects.exists()

    columns = {f"column_{n}": c for n, c in enumerate(GARBAGE_HEADER)}
    imported = client.post(mapping_url, {**columns, "import": "1"}, follow=True)
    person_list = PersonList.objects.get()
    assert person_list.entries.count() == 90
    content = html.unescape(imported.content.decode())
    assert "Imported 90 people." in content
    assert "10 rows were left out: see below." in content
    assert imported.context["person_list"].rejected_rows == garbage_rejections()
    for rejection in garbage_rejections():
        assert f"<td>{rejection['line']}</td>" in content
        assert str(rejection["reason"]) in content


def test_a_file_missing_the_id_column_is_refused_on_the_page(
    officer: User, tmp_path: Path
) -> None:
    client = client_for(officer)
    path = write_csv(tmp_path / "names.csv", ("Name", "Village"), [("Gul", "Anaba")])
    mapping_url = upload(client, path)
    page = client.get(mapping_url)
    assert "No column is mapped to id" in page.context["preview"].problem
    columns = {"column_0": "given_name", "column_1": "village"}
    response = client.post(mapping_url, {**columns, "import": "1"})
    assert response.status_code == 400
    assert "No column is mapped to id" in non_field_errors(response)
    assert not PersonList.objects.exists()


def test_a_utf16_file_is_refused_at_upload(officer: User, tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("id,name\n1,محمد\n".encode("utf-16"))
    before = LedgerEvent.objects.count()
    with path.open("rb") as handle:
        response = client_for(officer).post(
            "/tracing/lists/new/",
            {"case": "default", "name": "x", "kind": "detainees", "file": handle},
        )
    assert response.status_code == 200
    assert "is UTF-16 text, not UTF-8" in error_beside(response, "file")
    assert LedgerEvent.objects.count() == before


def test_a_mapping_without_id_is_refused_on_the_page(
    officer: User, tmp_path: Path
) -> None:
    client = client_for(officer)
    path = write_csv(tmp_path / "detainees.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    mapping_url = upload(client, path)
    columns = {f"column_{n}": c for n, c in enumerate(["", "given_name", "", "", ""])}
    response = client.post(mapping_url, {**columns, "import": "1"})
    assert response.status_code == 400
    assert "No column is mapped to id" in non_field_errors(response)
    assert not PersonList.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_at_upload(
    officer: User, tmp_path: Path
) -> None:
    path = tmp_path / "cp1256.csv"
    path.write_bytes("id,name\n1,محمد\n".encode("cp1256"))
    with path.open("rb") as handle:
        response = client_for(officer).post(
            "/tracing/lists/new/",
            {"case": "default", "name": "x", "kind": "detainees", "file": handle},
        )
    assert response.status_code == 200
    assert "not UTF-8 text" in error_beside(response, "file")


def test_another_users_upload_cannot_be_mapped(
    officer: User, tmp_path: Path, db: None
) -> None:
    path = write_csv(tmp_path / "detainees.csv", DETAINEE_HEADER, DETAINEE_ROWS)
    mapping_url = upload(client_for(officer), path)
    colleague = User.objects.create_user("colleague_officer", password="x" * 12)
    from sabt.access.membership import grant  # noqa: PLC0415

    grant(user=colleague, role="tracing_officer", case="default")
    assert client_for(colleague).get(mapping_url).status_code == 404


def test_looking_for_candidates_fills_the_queue(officer: User, tmp_path: Path) -> None:
    make_request(officer)
    person_list = detainee_list(officer, tmp_path)
    client = client_for(officer)
    response = client.post(f"/tracing/lists/{person_list.record}/match/")
    assert response["Location"] == "/tracing/"
    assert "2 new candidates from" in client.get("/tracing/").content.decode()


def test_the_match_run_says_which_rules_it_used(officer: User, tmp_path: Path) -> None:
    make_request(officer)
    person_list = detainee_list(officer, tmp_path)
    client = client_for(officer)
    client.post(f"/tracing/lists/{person_list.record}/match/")
    content = html.unescape(client.get("/tracing/").content.decode())
    assert "How the list was compared: blocking (pairs each rule added):" in content
    assert "compared: given_name" in content


# --- Reviewing a match ----------------------------------------------------------------


def test_the_match_page_shows_both_records_side_by_side(
    officer: User, candidate: Candidate
) -> None:
    response = client_for(officer).get(f"/tracing/matches/{candidate.record}/")
    rows = {row.field: row for row in response.context["comparison"].rows}
    assert (rows["given_name"].sought, rows["given_name"].found) == (
        "Mohammad Aref",
        "Muhammad Arif",
    )
    assert (rows["father_name"].sought, rows["father_name"].found) == (
        "Gul Ahmad",
        "Gulahmad",
    )
    assert rows["father_name"].weight == candidate.weights["father_name"]
    assert rows["given_name"].sought_key == rows["given_name"].found_key


def test_confirming_then_telling_the_family(
    officer: User, candidate: Candidate
) -> None:
    client = client_for(officer)
    base = f"/tracing/matches/{candidate.record}/"
    response = client.post(base + "decide/", {"decision": "confirm", "note": "same"})
    assert response["Location"] == base
    assert Candidate.objects.get(pk=candidate.pk).decision == "confirmed"
    assert TracingRequest.objects.get().status == "located_detained"

    refused = client.post(base + "notify/", {"how": "by phone"})
    assert refused.status_code == 400
    assert "has not been asked" in non_field_errors(refused)
    assert not LedgerEvent.objects.filter(type="tracing.family_notified").exists()

    client.post(
        base + "consent/", {"consent": "given", "how": "ICRC visit", "on": "2021-10-12"}
    )
    allowed = client.post(base + "notify/", {"how": "by phone"})
    assert allowed["Location"] == base
    assert Candidate.objects.get(pk=candidate.pk).is_notified is True


def test_an_unknown_decision_is_refused(officer: User, candidate: Candidate) -> None:
    response = client_for(officer).post(
        f"/tracing/matches/{candidate.record}/decide/", {"decision": "merge"}
    )
    assert response.status_code == 400
    assert Candidate.objects.get(pk=candidate.pk).decision == "pending"
