"""A word found in many incidents and one found in few give their matches
newest first alike, whichever way the database is asked to find them
(sabt.records.search: ``COMMON_MATCHES``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sabt.access.queries import visible_incidents
from sabt.records.filters import IncidentFilter, filter_incidents
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("common_above", [0, 1000])
def test_matches_come_newest_first_for_a_common_word_and_a_rare_one(
    investigator: User, monkeypatch: pytest.MonkeyPatch, common_above: int
) -> None:
    monkeypatch.setattr("sabt.records.search.COMMON_MATCHES", common_above)
    for day, title in [
        ("2021-09-03", "Shelling of the market"),
        ("2021-09-05", "Night raid"),
        ("2021-09-01", "Shelling near the bridge"),
        ("2021-09-04", "Shelling of houses"),
    ]:
        make_incident(investigator, title=title, date_from=day)
    found = filter_incidents(
        visible_incidents(investigator), IncidentFilter(text="shelling")
    )
    assert [i.title for i in found] == [
        "Shelling of houses",
        "Shelling of the market",
        "Shelling near the bridge",
    ]
    assert found.count() == 3
