"""Tests for adding entries to a list already there (services.list_entries):
one list per key, rows checked as an upload's, the same row never twice,
a list that cannot take any of the rows left as it was, and rebuilds.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections
from sabt.tracing.models import PersonList
from sabt.tracing.services.list_entries import EntryRow, add_entries, open_list
from tests.access.two_factor_helpers import log_in_verified
from tests.ledger_store.helpers import projection_snapshot

pytestmark = pytest.mark.django_db


def _register(officer: User) -> PersonList:
    return open_list(
        actor=officer,
        key="pul-e-charkhi/register-3",
        name="Pul-e-Charkhi, register 3",
        kind="detainees",
        as_of="2021-10-01",
    )


def _row(row_id: str, name: str, age: str = "30", origin: str = "") -> EntryRow:
    return EntryRow(cells={"id": row_id, "given_name": name, "age": age}, origin=origin)


def test_entries_added_one_call_at_a_time_make_one_list(officer: User) -> None:
    first = add_entries(
        actor=officer,
        person_list=_register(officer),
        rows=[_row("r1", "Habib", origin="page 1, line 1")],
    )
    second = add_entries(
        actor=officer,
        person_list=_register(officer),
        rows=[_row("r2", "Zalmai"), _row("r3", "Farid")],
    )

    assert (first.added, second.added) == (1, 2)
    person_list = PersonList.objects.get()
    assert (person_list.row_count, person_list.status) == (3, "detained")
    entries = person_list.entries.order_by("position")
    assert [(e.position, e.row_id, e.given_name) for e in entries] == [
        (0, "r1", "Habib"), (1, "r2", "Zalmai"), (2, "r3", "Farid"),
    ]  # fmt: skip
    assert entries[0].status_reports.get().note == "page 1, line 1"
    before = projection_snapshot()
    rebuild_projections()
    assert projection_snapshot() == before


def test_the_same_rows_again_record_nothing(officer: User) -> None:
    rows = [_row("r1", "Habib"), _row("r2", "Zalmai")]
    add_entries(actor=officer, person_list=_register(officer), rows=rows)
    events = LedgerEvent.objects.count()

    again = add_entries(actor=officer, person_list=_register(officer), rows=rows)

    assert again.added == 0
    assert LedgerEvent.objects.count() == events
    assert PersonList.objects.get().row_count == 2


def test_bad_rows_are_left_out_and_named_with_their_line(officer: User) -> None:
    added = add_entries(
        actor=officer,
        person_list=_register(officer),
        rows=[_row("r1", "Habib"), _row("r2", "Zalmai", age="old"), _row("r1", "X")],
    )

    assert added.added == 1
    person_list = PersonList.objects.get()
    assert [row["line"] for row in person_list.rejected_rows] == [3, 4]
    assert person_list.rejected_rows[0]["reason"].startswith("column age:")
    assert "already the id on line 2" in person_list.rejected_rows[1]["reason"]


def test_rows_none_of_which_can_be_read_change_nothing(officer: User) -> None:
    person_list = _register(officer)
    events = LedgerEvent.objects.count()

    with pytest.raises(ValidationError) as caught:
        add_entries(
            actor=officer, person_list=person_list, rows=[_row("r1", "H", age="old")]
        )

    assert "column age:" in caught.value.message_dict["rows"][0]
    assert LedgerEvent.objects.count() == events
    assert PersonList.objects.get().row_count == 0


def test_a_list_without_a_name_is_not_opened(officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        open_list(actor=officer, key="k", name="", kind="burials")
    assert "name" in caught.value.message_dict
    assert not PersonList.objects.exists()


def test_a_list_kept_entry_by_entry_shows_its_entries_and_no_file(
    officer: User, client: Client
) -> None:
    person_list = _register(officer)
    add_entries(actor=officer, person_list=person_list, rows=[_row("r1", "Habib")])
    log_in_verified(client, officer)

    page = client.get(
        reverse("web:tracing-list-detail", kwargs={"record": person_list.record})
    )

    assert page.status_code == 200
    text = page.content.decode()
    assert "Pul-e-Charkhi, register 3" in text
    assert "Habib" in text
    assert "SHA-256" not in text
