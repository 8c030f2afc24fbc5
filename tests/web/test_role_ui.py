"""What each role is shown (sabt.web.templatetags.sabt_policy, base.html), the
styled 403 and 404 pages (sabt.web.views.errors), the new-account form's role,
and the first-start checklist (sabt.web.first_start).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from sabt.access.models import Membership
from sabt.core.cases import DEFAULT_CASE, Case
from tests.web.helpers import error_beside

pytestmark = pytest.mark.django_db


def _menu_links(client: Client) -> dict[str, str]:
    """Each menu entry's words and address, from the header of the start page."""
    page = client.get("/incidents/").content.decode()
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    navs = "".join(re.findall(r"<nav .*?</nav>", header, re.S))
    return {
        text.strip(): href
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', navs)
    }


@pytest.fixture
def documenter(client: Client) -> Client:
    user = User.objects.create_user("farida", password="correct horse battery")
    Membership.objects.create(user=user, case_id=DEFAULT_CASE, role="field_documenter")
    client.force_login(user)
    return client


@pytest.fixture
def admin(client: Client, investigator: User) -> Client:
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    client.force_login(investigator)
    return client


def test_a_field_documenter_is_offered_only_what_the_role_may_do(
    documenter: Client,
) -> None:
    links = _menu_links(documenter)
    assert {"Incidents", "Report an incident", "People", "Sources"} <= set(links)
    assert "Import from ODK" in links
    admin_only = ("Accounts", "Cases", "Read audit", "Import kits' bundles")
    for other in ("Tracing", *admin_only, "API documentation"):
        assert other not in links
    for href in links.values():
        assert documenter.get(href).status_code == 200, href


def test_an_admin_reaches_accounts_cases_audit_imports_and_api_docs(
    admin: Client,
) -> None:
    links = _menu_links(admin)
    assert links["Accounts"] == "/manage/users/"
    assert links["Cases"] == "/manage/users/#cases"
    assert links["Read audit"] == "/manage/audit/"
    assert links["Import kits' bundles"] == "/manage/bundles/"
    assert links["Import from ODK"] == "/odk/import/"
    assert links["API documentation"] == "/api/docs"
    assert links["Tracing"] == "/tracing/"


def test_a_refused_page_is_styled_with_the_menu_and_a_way_back(
    documenter: Client,
) -> None:
    response = documenter.get(
        "/tracing/", headers={"referer": "http://testserver/people/"}
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "You may not open this page" in page
    assert 'aria-label="Main menu"' in page
    assert '<a class="button" href="http://testserver/people/">' in page
    assert "To the start page" in page


def test_a_way_back_leads_only_to_our_own_pages(documenter: Client) -> None:
    page = documenter.get(
        "/tracing/", headers={"referer": "https://elsewhere.example/"}
    )
    assert "elsewhere.example" not in page.content.decode()


def test_a_missing_page_is_styled_too(documenter: Client) -> None:
    response = documenter.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is no such page" in response.content.decode()
    assert 'aria-label="Main menu"' in response.content.decode()


def test_refused_and_missing_pages_read_in_dari(documenter: Client) -> None:
    documenter.cookies["django_language"] = "fa"
    page = documenter.get("/tracing/").content.decode()
    assert 'dir="rtl"' in page
    assert "You may not open this page" not in page


def test_a_new_account_starts_on_no_role_and_admin_comes_last(admin: Client) -> None:
    page = admin.get("/manage/users/").content.decode()
    form = page.split('action="/manage/users/"')[1].split("</form>")[0]
    options = re.findall(
        r'<option value="([^"]*)"( selected)?>',
        form.split('name="role"')[1].split("</select>")[0],
    )
    assert options[0] == ("", " selected") or options[0][0] == ""
    assert [value for value, _ in options][-1] == "admin"
    assert not any(selected for value, selected in options if value)
    response = admin.post(
        "/manage/users/", {"username": "nasrin", "case": DEFAULT_CASE}
    )
    assert response.status_code == 400
    assert error_beside(response, "role") == "This field is required."
    assert not User.objects.filter(username="nasrin").exists()


def test_accounts_show_roles_in_words(admin: Client, colleague: User) -> None:
    page = admin.get("/manage/users/").content.decode()
    assert "administrator" in page
    assert "investigator — " in page


def test_a_fresh_install_shows_the_admin_a_checklist(admin: Client) -> None:
    page = admin.get("/incidents/").content.decode()
    assert 'data-testid="first-start"' in page
    for step in ("org-key", "first-case", "first-users", "demo"):
        assert f'data-step="{step}"' in page
    assert "Load the demo case" in page
    assert '<li class="to-do" data-step="first-case">' in page


def test_the_checklist_marks_a_first_case_done(admin: Client) -> None:
    Case.objects.create(slug="panjshir-2021", name="Panjshir 2021")
    page = admin.get("/incidents/").content.decode()
    assert '<li class="done" data-step="first-case">' in page


def test_only_an_admin_sees_the_checklist(documenter: Client) -> None:
    page = documenter.get("/incidents/").content.decode()
    assert "first-start" not in page
    assert "Load the demo case" not in page
