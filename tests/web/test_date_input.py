"""Typing dates in the reader's calendar (sabt.web.forms.fields.DateInput and
CalendarDateField, sabt.web.dates.parse_typed_day): a Dari reader types
1400-06-19 (or ۱۴۰۰/۶/۱۹) for 10 September 2021 and the box shows it back so.
"""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from sabt.web.dates import parse_typed_day
from sabt.web.forms.fields import date_field
from tests.factories import make_incident

DARHEL = datetime.date(2021, 9, 10)


class _OneDate(forms.Form):
    on = date_field("On")


@pytest.mark.parametrize(
    "typed", ["1400-06-19", "۱۴۰۰-۰۶-۱۹", "۱۴۰۰/۶/۱۹", " 1400.6.19 ", "2021-09-10"]
)
def test_a_day_is_read_in_the_calendar_its_year_belongs_to(typed: str) -> None:
    assert parse_typed_day(typed) == DARHEL


@pytest.mark.parametrize("typed", ["1400-12-31", "2021-02-30", "19 Sonbola", "1400-06"])
def test_no_such_day_is_none(typed: str) -> None:
    assert parse_typed_day(typed) is None


def test_a_dari_reader_gets_a_solar_hijri_box() -> None:
    with translation.override("fa"):
        html = str(_OneDate(initial={"on": DARHEL})["on"])
        form = _OneDate({"on": "۱۴۰۰/۶/۱۹"})
        assert form.is_valid()
        assert form.cleaned_data["on"] == DARHEL
        wrong = _OneDate({"on": "1400-12-31"})
        assert not wrong.is_valid()
        assert 'value="1400-12-31"' in str(wrong["on"])  # kept as typed
    assert 'type="text"' in html
    assert 'value="1400-06-19"' in html
    assert 'placeholder="1400-06-19"' in html
    assert 'dir="ltr"' in html


def test_an_english_reader_keeps_the_browser_s_date_picker() -> None:
    with translation.override("en"):
        html = str(_OneDate(initial={"on": DARHEL})["on"])
    assert 'type="date"' in html
    assert 'value="2021-09-10"' in html


@pytest.mark.django_db
def test_the_incident_list_filters_by_a_solar_hijri_day(
    client: Client, investigator: User
) -> None:
    make_incident(investigator, title="Darhel", date_from="2021-09-10")
    make_incident(investigator, title="Later", date_from="2021-10-10")
    client.force_login(investigator)
    client.cookies["django_language"] = "fa"
    page = client.get("/incidents/", {"date_to": "۱۴۰۰/۶/۲۰"}).content.decode()
    assert "Darhel" in page
    assert "Later" not in page
    assert 'value="۱۴۰۰/۶/۲۰"' in page  # shown back as typed
