"""A district page checks each incident's own places, not all of the district's.

Without statistics (a node that never gathered them, or a table a migration
rebuilt) SQLite picked the district's index for that check, and with the
statistics of a few rows it would again: at a million incidents a district
page took seconds. ``sabt serve`` refreshes the statistics at start, and the
check keeps the district out of its index whatever they say.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection

from sabt.access.queries import visible_incidents
from sabt.core.planner import refresh_statistics
from sabt.records.filters import IncidentFilter, filter_incidents
from tests.factories import make_incident

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'sqlite'"),
]


def places_index_of_district_page(user: User) -> str:
    """The index the page's check of an incident's places searches."""
    wanted = IncidentFilter(
        district="Rukha",
        date_from=datetime.date(2021, 9, 1),
        date_to=datetime.date(2021, 9, 30),
    )
    sql, params = filter_incidents(visible_incidents(user), wanted)[
        :25
    ].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[-1] for row in cursor.fetchall()]
    # The places are the correlated subquery's table, U0.
    (check,) = [step for step in steps if step.startswith("SEARCH U0 ")]
    return str(check)


def test_a_district_page_checks_each_incidents_own_places_with_or_without_statistics(
    investigator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sabt.records.filters.COMMON_PLACES", 0)
    rukha = {"name": "Dashtak", "district": "Rukha"}
    for day in ("2021-09-03", "2021-09-05", "2021-09-06"):
        make_incident(investigator, date_from=day, places=[rukha])
    make_incident(investigator, places=[{"name": "Anaba", "district": "Unaba"}])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")
    assert "(incident_id=?)" in places_index_of_district_page(investigator)

    # With statistics of a few rows, the district's index, which holds the
    # incident too, looks cheaper; it is not at a million.
    refresh_statistics()

    assert "(incident_id=?)" in places_index_of_district_page(investigator)
