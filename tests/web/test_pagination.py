"""Tests for paging through lists (sabt.web.pagination): "next" and
"previous" carry the sort key of the page's edge, so a deep page is read from
its key in the index, not by counting off the rows before it.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sabt.records.models import Incident
from sabt.records.services import record_person
from tests.factories import make_incident

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]*)" rel="(next|prev)">')
TITLE = re.compile(r'href="/incidents/[0-9a-f-]{36}/" dir="auto">([^<]*)</a>')
LABEL = re.compile(r"Page \d+( of \d+)?")
# Three on one day: the record breaks the tie, so no row is lost or repeated.
DAYS = ["2021-08-01", "2021-08-03", "2021-08-03", "2021-08-03", "2021-08-05"]


@pytest.fixture
def signed_in(client: Client, investigator: User) -> Client:
    client.force_login(investigator)
    return client


@pytest.fixture
def two_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sabt.web.views.incidents.PAGE_SIZE", 2)
    monkeypatch.setattr("sabt.web.pagination.PAGE_SIZE", 2)


@pytest.fixture
def incidents(investigator: User) -> list[str]:
    """Seven incidents' titles, newest first, as the list orders them."""
    for n, day in enumerate(DAYS):
        make_incident(investigator, title=f"Attack {n}", date_from=day)
    make_incident(investigator, title="Shelling 5", date_from="2021-08-02")
    make_incident(investigator, title="Shelling 6", date_from="2021-08-04")
    return list(Incident.objects.values_list("title", flat=True))


def _page(client: Client, url: str) -> tuple[list[str], dict[str, str], str]:
    """The titles a page shows, its links by rel, and its "Page N" label."""
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    links = {rel: urljoin(url, html.unescape(h)) for h, rel in LINK.findall(text)}
    label = LABEL.search(text)
    return TITLE.findall(text), links, label.group(0) if label else ""


def _walk(client: Client, url: str, rel: str) -> list[tuple[list[str], str, str]]:
    """Follow ``rel`` links from ``url`` to the end: (titles, label, url)."""
    pages: list[tuple[list[str], str, str]] = []
    while url:
        assert len(pages) < 10, pages
        titles, links, label = _page(client, url)
        pages.append((titles, label, url))
        url = links.get(rel, "")
    return pages


@pytest.mark.usefixtures("two_a_page")
def test_next_links_show_every_incident_once_newest_first(
    signed_in: Client, incidents: list[str]
) -> None:
    pages = _walk(signed_in, "/incidents/", "next")
    assert [titles for titles, _label, _url in pages] == [
        incidents[0:2],
        incidents[2:4],
        incidents[4:6],
        incidents[6:7],
    ]
    assert [label for _titles, label, _url in pages] == [
        "Page 1 of 4",
        "Page 2 of 4",
        "Page 3 of 4",
        "Page 4 of 4",
    ]
    # Past the first page a link names the last row seen, not an offset.
    assert all("after=" in url for _titles, _label, url in pages[1:])


@pytest.mark.usefixtures("two_a_page")
def test_previous_links_come_back_through_the_same_pages(
    signed_in: Client, incidents: list[str]
) -> None:
    forward = _walk(signed_in, "/incidents/", "next")
    back = _walk(signed_in, forward[-1][2], "prev")
    assert [(t, label) for t, label, _url in back] == [
        (t, label) for t, label, _url in reversed(forward)
    ]
    # The second page's way back is the list itself.
    assert back[-1][2] == "/incidents/"


@pytest.mark.usefixtures("two_a_page")
def test_a_search_and_a_filter_carry_through_the_links(
    signed_in: Client, incidents: list[str]
) -> None:
    attacks = [title for title in incidents if title.startswith("Attack")]
    url = "/incidents/?q=attack&date_from=2021-08-02"
    pages = _walk(signed_in, url, "next")
    assert [title for titles, _l, _u in pages for title in titles] == attacks[:4]
    assert all("q=attack" in u and "date_from=2021-08-02" in u for *_p, u in pages)


@pytest.mark.usefixtures("two_a_page")
def test_a_later_page_is_read_from_its_key_not_an_offset(
    signed_in: Client, incidents: list[str]
) -> None:
    _titles, links, _label = _page(signed_in, "/incidents/")
    _titles, links, _label = _page(signed_in, links["next"])
    with CaptureQueriesContext(connection) as queries:
        titles, _links, label = _page(signed_in, links["next"])
    assert titles == incidents[4:6]
    assert label == "Page 3 of 4"
    reads = [q["sql"] for q in queries if 'FROM "records_incident"' in q["sql"]]
    assert reads
    assert not [sql for sql in reads if "OFFSET" in sql.upper()]


@pytest.mark.usefixtures("two_a_page")
def test_a_page_number_alone_still_opens_that_page(
    signed_in: Client, incidents: list[str]
) -> None:
    titles, links, label = _page(signed_in, "/incidents/?page=3")
    assert (titles, label) == (incidents[4:6], "Page 3 of 4")
    # and its next link goes on by key
    assert _page(signed_in, links["next"])[0] == incidents[6:7]


@pytest.mark.usefixtures("two_a_page")
@pytest.mark.parametrize("key", ["not-a-key", "WyIyMDIxIl0", "e30", "%%%"])
def test_a_broken_key_shows_the_first_page(
    signed_in: Client, incidents: list[str], key: str
) -> None:
    titles, _links, label = _page(signed_in, f"/incidents/?after={key}")
    assert (titles, label) == (incidents[0:2], "Page 1 of 4")


@pytest.mark.usefixtures("two_a_page")
def test_people_page_by_key_too(signed_in: Client, investigator: User) -> None:
    # The same name twice: the record breaks the tie.
    for name in ["Zarif", "Arif", "Karim", "Arif", "Nasir"]:
        record_person(actor=investigator, name=name)
    names = re.compile(r'href="/people/[0-9a-f-]{36}/" dir="auto">([^<]*)</a>')
    url, shown = "/people/", list[str]()
    while url:
        assert len(shown) < 10, shown
        text = signed_in.get(url).content.decode()
        shown += names.findall(text)
        found = {rel: urljoin(url, html.unescape(h)) for h, rel in LINK.findall(text)}
        url = found.get("next", "")
        assert not url or "after=" in url
    assert shown == ["Arif", "Arif", "Karim", "Nasir", "Zarif"]
