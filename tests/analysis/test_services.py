"""sabt.analysis.services: count definitions and recorded estimates."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from sabt.analysis.models import Count, Estimate
from sabt.analysis.mse.table import read_table
from sabt.analysis.services import define_count, record_estimate, table_digest
from sabt.ledger_store.models import LedgerEvent

HIV = read_table((Path(__file__).parent / "data" / "hiv_4lists.csv").read_text())


def test_defining_a_count_records_an_event(investigator: User) -> None:
    count = define_count(
        actor=investigator, title="Killed, Sept 2021", lists=["casualty", "burial"]
    )
    assert Count.objects.get().lists == ["burial", "casualty"]
    event = LedgerEvent.objects.get(type="count.defined")
    assert event.record == count.record


def test_a_count_with_one_list_is_refused_and_changes_nothing(
    investigator: User,
) -> None:
    with pytest.raises(ValidationError, match=r"A count needs at least two lists\."):
        define_count(actor=investigator, title="Killed", lists=["casualty"])
    assert Count.objects.count() == 0
    assert LedgerEvent.objects.filter(type__startswith="count.").count() == 0


def test_an_estimate_is_an_event_with_its_table_digest(investigator: User) -> None:
    count = define_count(actor=investigator, title="HIV", lists=["a", "b", "c", "d"])
    found = record_estimate(actor=investigator, count=count, table=HIV, method="dga")
    assert (found.estimate, found.lower, found.upper) == (11220.0, 9404.0, 14095.0)
    assert found.table_digest == table_digest(HIV)
    assert LedgerEvent.objects.get(type="count.estimated").event_id == found.event_id
    assert Estimate.objects.count() == 1


def test_a_count_belongs_to_its_case(investigator: User) -> None:
    count = define_count(
        actor=investigator, title="Killed", lists=["a", "b"], case="default"
    )
    assert Count.objects.get(pk=count.record).case == "default"
