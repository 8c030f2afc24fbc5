"""Security headers on every page (``sabt.access.headers`` and the
``SECURE_*`` settings), cookies, the idle timeout, and no Content-Security-
Policy violation in chromium on the main pages.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.access.membership import grant
from sabt.core.cases import DEFAULT_CASE, Case
from sabt.gazetteer.services import add_place
from tests.access.two_factor_helpers import code_for, confirmed_device, log_in_verified
from tests.factories import make_incident
from tests.web.url_samples import every_path

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _security_headers(response: HttpResponseBase) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in HEADERS}


@pytest.mark.django_db
def test_every_page_sends_the_headers_to_a_visitor(client: Client) -> None:
    for path in every_path():
        response = client.get(path)
        assert _security_headers(response) == HEADERS, path
        assert "Strict-Transport-Security" not in response.headers, path


@pytest.mark.django_db
def test_every_page_sends_the_headers_to_a_verified_admin(
    client: Client, investigator: User
) -> None:
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    log_in_verified(client, investigator)
    record = make_incident(investigator).record
    statuses = set()
    for path in every_path(record):
        response = client.get(path)
        statuses.add(response.status_code)
        assert _security_headers(response) == HEADERS, path
    assert 200 in statuses


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_and_same_site(
    client: Client, investigator: User
) -> None:
    client.get("/login/")
    response = client.post(
        "/login/", {"username": "investigator", "password": "correct horse battery"}
    )
    session, csrf = response.cookies["sessionid"], client.cookies["csrftoken"]
    assert (session["httponly"], session["samesite"]) == (True, "Lax")
    assert (csrf["httponly"], csrf["samesite"]) == (True, "Lax")


def _settings_with(env: dict[str, str], tmp_path: Path) -> str:
    """The cookie and HSTS settings a fresh process reads from ``env``."""
    code = (
        "from sabt import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "SABT_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_https_turns_on_secure_cookies_and_hsts(tmp_path: Path) -> None:
    assert _settings_with({"SABT_HTTPS": "true"}, tmp_path) == "True True 31536000"
    assert _settings_with({}, tmp_path) == "False False 0"


@pytest.mark.django_db
def test_a_session_expires_after_idle_time_not_after_login(
    client: Client, investigator: User, settings: Settings
) -> None:
    client.force_login(investigator)
    session = Session.objects.get()
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)

    assert client.get("/incidents/").status_code == 200

    expiry = Session.objects.get().expire_date - timezone.now()
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert age - expiry < datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_an_idle_session_ends(client: Client, investigator: User) -> None:
    client.force_login(investigator)
    past = timezone.now() - datetime.timedelta(seconds=1)
    Session.objects.update(expire_date=past)
    assert client.get("/incidents/")["Location"] == "/login/?next=/incidents/"


# In chromium

# Reported by the page itself, besides the console: the event names the
# directive broken. Playwright injects this outside the page's policy.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _violations(page: Page, console: list[str]) -> list[str]:
    reported: list[str] = page.evaluate("window.__violations")
    return reported + [m for m in console if "Content Security Policy" in m]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_break_no_policy_in_chromium(
    page: Page, live_server: LiveServer, investigator: User
) -> None:
    place = add_place(
        actor=investigator,
        name="Darkhēl",
        latitude=35.33,
        longitude=69.55,
        location_note="approximate",
    )
    incident = make_incident(investigator, places=[{"place": place.key}])
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)

    page.goto(live_server.url + "/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert _violations(page, console) == []

    page.get_by_label("Username").fill("investigator")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    code = code_for(confirmed_device(investigator))
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Verify").click()
    assert _violations(page, console) == []
    page.goto(live_server.url + "/incidents/")
    expect(page.get_by_role("heading", name="Incidents")).to_be_visible()
    assert _violations(page, console) == []

    page.goto(f"{live_server.url}/incidents/{incident.record}/")
    expect(page.locator("#map .map-label")).to_have_text("Darkhēl")
    assert _violations(page, console) == []

    page.goto(f"{live_server.url}/places/{place.key}/")
    expect(page.locator("#map .map-label")).to_have_text("Darkhēl")
    assert _violations(page, console) == []

    page.goto(live_server.url + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("sabt")
    assert _violations(page, console) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enrolment_page_breaks_no_policy_in_chromium(
    page: Page, live_server: LiveServer
) -> None:
    # A transactional test before this one may have flushed the default case.
    Case.objects.get_or_create(slug=DEFAULT_CASE, defaults={"name": "Default"})
    officer = User.objects.create_user(username="nasrin", password="a long pass")
    grant(user=officer, role="tracing_officer", case=DEFAULT_CASE)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)

    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("nasrin")
    page.get_by_label("Password").fill("a long pass")
    page.get_by_role("button", name="Log in").click()

    expect(page.locator("img.qr-code")).to_be_visible()
    assert page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 0
    assert _violations(page, console) == []
