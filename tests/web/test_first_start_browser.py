"""The first start of ``sabt serve``, as a person meets it, in chromium.

Covers what `make run` promises: a login page on 127.0.0.1, an ``admin``
account whose printed one-time password logs in once, a second factor set up
from the QR code's key before anything else, and every write going through
the ledger.
"""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.serving import sabt, serving

pytestmark = [pytest.mark.browser, pytest.mark.no_database]

NEW_PASSWORD = "Panjshir valley 2021!"


def _log_in(page: Page, url: str, password: str) -> None:
    page.goto(url + "/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def _code(secret: str, *, ahead: int = 0) -> str:
    """What an authenticator app holding the key shows (a step ahead)."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=ahead):06d}"


def _set_up_second_factor(page: Page) -> str:
    """Type the key shown as an app would, confirm its code; return the key."""
    heading = page.get_by_role("heading", name="Set up two-factor authentication")
    expect(heading).to_be_visible()
    expect(page.locator("img.qr-code")).to_be_visible()
    secret = page.locator(".totp-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(_code(secret))
    page.get_by_role("button", name="Confirm").click()
    return secret


def _enter_code(page: Page, secret: str) -> None:
    expect(page.get_by_role("heading", name="Second step")).to_be_visible()
    code = _code(secret, ahead=1)  # each step's code is accepted only once
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Verify").click()


def _choose_password(page: Page, old: str) -> None:
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.locator("#id_old_password").fill(old)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()


def test_printed_password_logs_in_and_writes_are_signed(
    page: Page, tmp_path: Path
) -> None:
    with serving(tmp_path / "home") as server:
        page.goto(server.url + "/")
        expect(page).to_have_url(server.url + "/login/?next=/")
        _log_in(page, server.url, server.admin_password)
        _set_up_second_factor(page)
        _choose_password(page, server.admin_password)

        page.get_by_role("link", name="Notes").click()
        page.get_by_label("Title").fill("Darhel, 10 September 2021")
        page.get_by_role("button", name="Save note").click()
        heading = page.get_by_role("heading", name="Darhel, 10 September 2021")
        expect(heading).to_be_visible()

        verified = sabt(server.env, "verify")
        assert (verified.returncode, verified.stdout) == (
            0,
            "ledger intact: 1 events verified\n",
        )

    key_file = server.home / "keys" / "node.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    for database in server.home.glob("sabt.sqlite3*"):
        assert server.admin_password.encode() not in database.read_bytes()


def test_one_time_password_works_only_once(page: Page, tmp_path: Path) -> None:
    with serving(tmp_path / "home") as server:
        _log_in(page, server.url, server.admin_password)
        secret = _set_up_second_factor(page)
        _choose_password(page, server.admin_password)
        page.get_by_role("button", name="Log out").click()

        _log_in(page, server.url, server.admin_password)
        expect(page.get_by_text("Please enter a correct username")).to_be_visible()

        _log_in(page, server.url, NEW_PASSWORD)
        _enter_code(page, secret)
        expect(page.get_by_role("heading", name="Incidents")).to_be_visible()
