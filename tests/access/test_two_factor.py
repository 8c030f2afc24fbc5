"""The second factor (``sabt.access.two_factor``, its middleware, the
enrolment and verify pages in ``sabt.web.views.auth``, the API's refusal and
``sabt totp reset``).
"""

from __future__ import annotations

import base64
import importlib
import stat
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from pytest_django import Settings

from sabt.access.membership import grant
from sabt.access.models import SealedTOTPDevice as TOTPDevice
from sabt.access.seeds import SeedKeyError
from sabt.access.tokens import issue_token
from sabt.records.models import Source
from tests.access.two_factor_helpers import (
    PASSWORD,
    code_for,
    confirmed_device,
    enrol,
    log_in_verified,
)
from tests.api.conftest import ApiClient
from tests.factories import make_source
from tests.ledger_store.helpers import run_command
from tests.web.helpers import error_beside
from tests.web.url_samples import every_path

pytestmark = pytest.mark.django_db

BEFORE_SECOND_FACTOR = {
    "/login/",
    "/login/verify/",
    "/account/two-factor/",
    "/logout/",
    "/i18n/setlang/",
}
WRONG_CODE = "That code is not right."


@pytest.fixture
def officer(db: None) -> User:
    """A tracing officer: opens sealed identities, so must use a second factor."""
    user = User.objects.create_user(username="nasrin", password=PASSWORD)
    grant(user=user, role="tracing_officer", case="default")
    return user


@pytest.fixture
def viewer(db: None) -> User:
    user = User.objects.create_user(username="farid", password=PASSWORD)
    grant(user=user, role="viewer", case="default")
    return user


@pytest.fixture
def source(investigator: User) -> Source:
    return make_source(investigator)


def _log_in(client: Client, user: User) -> None:
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def _wrong(device: TOTPDevice) -> str:
    """A six-digit code that is none of the ones the device accepts now."""
    accepted = {code_for(device, ahead=step) for step in (-1, 0, 1)}
    return next(
        c for c in ("000000", "111111", "222222", "333333") if c not in accepted
    )


# Who must use it


def test_tracing_officer_without_a_device_is_sent_to_enrol_from_every_page(
    client: Client, officer: User, source: Source
) -> None:
    _log_in(client, officer)
    paths = [p for p in every_path(source.record) if p not in BEFORE_SECOND_FACTOR]
    assert f"/sources/{source.record}/" in paths
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/account/two-factor/?next=" + quote(
            path, safe=""
        ), path


def test_tracing_officer_opens_the_source_after_enrolling(
    client: Client, officer: User, source: Source
) -> None:
    page = f"/sources/{source.record}/"
    _log_in(client, officer)
    assert client.get(page).status_code == 302

    device = enrol(client, officer, next_url=page)

    assert device.confirmed is True
    assert client.get(page).status_code == 200


def test_tracing_officer_with_a_device_enters_a_code_at_each_login(
    client: Client, officer: User, source: Source
) -> None:
    page = f"/sources/{source.record}/"
    _log_in(client, officer)
    device = enrol(client, officer)
    client.post("/logout/")

    _log_in(client, officer)
    response = client.get(page)
    assert response["Location"] == "/login/verify/?next=" + quote(page, safe="")
    response = client.post(
        "/login/verify/", {"code": code_for(device, ahead=1), "next": page}
    )
    assert response["Location"] == page
    assert client.get(page).status_code == 200


def test_a_viewer_is_not_forced(client: Client, viewer: User, source: Source) -> None:
    _log_in(client, viewer)
    assert client.get(f"/sources/{source.record}/").status_code == 200
    assert TOTPDevice.objects.filter(user=viewer).exists() is False


def test_a_viewer_may_enrol_and_is_then_held_to_it(
    client: Client, viewer: User
) -> None:
    _log_in(client, viewer)
    page = client.get("/account/two-factor/")
    assert "Once set up, every login asks for" in page.content.decode()
    enrol(client, viewer)
    client.post("/logout/")

    _log_in(client, viewer)
    assert client.get("/incidents/")["Location"].startswith("/login/verify/")


def test_an_admin_must_enrol(client: Client, outsider: User) -> None:
    outsider.is_superuser = True
    outsider.save(update_fields=["is_superuser"])
    _log_in(client, outsider)
    assert client.get("/")["Location"] == "/account/two-factor/?next=%2F"


# Enrolment


def test_enrolment_shows_the_key_as_a_qr_code_and_as_text(
    client: Client, officer: User
) -> None:
    _log_in(client, officer)
    content = client.get("/account/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=officer)
    secret = client.get("/account/two-factor/").context["secret"]

    assert device.confirmed is False
    assert '<img class="qr-code" src="data:image/svg+xml' in content
    assert secret.replace(" ", "") in device.config_url
    assert secret in content
    assert "otpauth://totp/sabt%3Anasrin?secret=" in content
    assert "needs a second factor" in content


def test_enrolment_page_is_never_cached(client: Client, officer: User) -> None:
    _log_in(client, officer)
    response = client.get("/account/two-factor/")
    assert "no-store" in response["Cache-Control"]


def test_each_session_enrols_its_own_key(officer: User) -> None:
    first, second = Client(), Client()
    _log_in(first, officer)
    _log_in(second, officer)
    keys = {c.get("/account/two-factor/").context["secret"] for c in (first, second)}
    assert len(keys) == 2


def test_a_wrong_enrolment_code_leaves_the_device_unconfirmed(
    client: Client, officer: User
) -> None:
    _log_in(client, officer)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=officer)

    response = client.post("/account/two-factor/", {"code": _wrong(device)})

    assert WRONG_CODE in error_beside(response, "code")
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/incidents/")["Location"].startswith("/account/two-factor/")


def test_an_unconfirmed_device_does_not_count(client: Client, officer: User) -> None:
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=False)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    assert client.get("/incidents/")["Location"].startswith("/account/two-factor/")
    assert client.get("/login/verify/")["Location"] == "/"


def test_a_verified_user_cannot_enrol_a_second_device(
    client: Client, officer: User
) -> None:
    log_in_verified(client, officer)
    response = client.get("/account/two-factor/")
    assert "Two-factor authentication is on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_enrolment_asks_for_a_code_when_a_device_exists(
    client: Client, officer: User
) -> None:
    confirmed_device(officer)
    _log_in(client, officer)
    assert client.get("/account/two-factor/")["Location"] == "/login/verify/"
    assert TOTPDevice.objects.filter(user=officer).count() == 1


# Verifying


def test_a_wrong_code_is_refused_with_a_clear_message(
    client: Client, officer: User, settings: Settings
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = confirmed_device(officer)
    _log_in(client, officer)

    response = client.post("/login/verify/", {"code": _wrong(device)})

    assert response.status_code == 200
    assert error_beside(response, "code") == (
        "That code is not right. Enter the six digits your app shows now; "
        "they change every 30 seconds."
    )
    assert client.get("/incidents/")["Location"].startswith("/login/verify/")


def test_codes_typed_too_fast_after_a_wrong_one_must_wait(
    client: Client, officer: User
) -> None:
    device = confirmed_device(officer)
    _log_in(client, officer)
    client.post("/login/verify/", {"code": _wrong(device)})

    response = client.post("/login/verify/", {"code": code_for(device)})

    assert "Too many wrong codes in a row" in error_beside(response, "code")
    assert client.get("/incidents/")["Location"].startswith("/login/verify/")


def test_a_code_is_accepted_only_once(
    client: Client, officer: User, settings: Settings
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = confirmed_device(officer)
    code = code_for(device)
    _log_in(client, officer)
    assert client.post("/login/verify/", {"code": code}).status_code == 302
    client.post("/logout/")

    _log_in(client, officer)
    response = client.post("/login/verify/", {"code": code})
    assert WRONG_CODE in error_beside(response, "code")


def test_wrong_codes_count_towards_the_lock_out(
    client: Client, officer: User, settings: Settings
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = confirmed_device(officer)
    _log_in(client, officer)
    for _attempt in range(4):
        client.post("/login/verify/", {"code": _wrong(device)})

    response = client.post("/login/verify/", {"code": _wrong(device)})

    assert response.status_code == 429
    assert "Login locked" in response.content.decode()
    assert client.get("/incidents/")["Location"].startswith("/login/")
    refused = client.post("/login/", {"username": "nasrin", "password": PASSWORD})
    assert refused.status_code == 429


def test_verify_never_redirects_off_the_site(client: Client, officer: User) -> None:
    device = confirmed_device(officer)
    _log_in(client, officer)
    response = client.post(
        "/login/verify/", {"code": code_for(device), "next": "https://example.org/"}
    )
    assert response["Location"] == "/"


# The API and tokens


def test_api_refuses_the_token_of_an_officer_without_a_device(officer: User) -> None:
    token = issue_token(user=officer)
    response = ApiClient(token).get("/api/incidents")
    assert response.status_code == 403
    assert response.json()["detail"].startswith(
        "This account must set up two-factor authentication before its API tokens work"
    )


def test_api_accepts_the_token_once_a_device_is_confirmed(officer: User) -> None:
    token = issue_token(user=officer)
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=False)
    assert ApiClient(token).get("/api/incidents").status_code == 403
    confirmed_device(officer)
    assert ApiClient(token).get("/api/incidents").status_code == 200


def test_token_create_refuses_an_officer_without_a_device(officer: User) -> None:
    with pytest.raises(CommandError, match="must set up two-factor authentication"):
        run_command("token", "create", "nasrin")
    confirmed_device(officer)
    code, out, _ = run_command("token", "create", "nasrin")
    assert (code, out.startswith("sabt_")) == (0, True)


# sabt totp reset


def test_totp_reset_removes_the_devices_and_the_verified_session(
    client: Client, officer: User
) -> None:
    log_in_verified(client, officer)
    assert client.get("/incidents/").status_code == 200

    code, out, _ = run_command("totp", "reset", "nasrin")

    assert (code, out.strip()) == (0, "Removed 1 second-factor device(s) of nasrin.")
    assert TOTPDevice.objects.filter(user=officer).exists() is False
    assert client.get("/incidents/")["Location"].startswith("/account/two-factor/")


def test_totp_reset_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        run_command("totp", "reset", "ghost")


def test_the_session_id_changes_at_the_password_and_again_at_the_code(
    client: Client, officer: User
) -> None:
    """A session id seen at any step is worthless after the next one."""
    device = confirmed_device(officer)
    client.get("/login/")
    before = client.session.session_key or client.cookies["sessionid"].value
    _log_in(client, officer)
    after_password = client.session.session_key
    response = client.post("/login/verify/", {"code": code_for(device)})
    assert response.status_code == 302
    after_code = client.session.session_key
    assert len({before, after_password, after_code}) == 3
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


# The seed at rest


def _stored_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice")
        return [row[0] for row in cursor.fetchall()]


def test_the_database_column_does_not_hold_the_seed(
    client: Client, officer: User, totp_key_path: Path
) -> None:
    _log_in(client, officer)
    secret = client.get("/account/two-factor/").context["secret"].replace(" ", "")
    seed = base64.b32decode(secret + "=" * (-len(secret) % 8))
    [stored] = _stored_keys()
    assert stored.startswith("sealed1:")
    for form in (seed.hex(), seed.hex().upper(), secret, secret.lower()):
        assert form not in stored
    assert seed not in base64.urlsafe_b64decode(stored.removeprefix("sealed1:"))
    assert stat.S_IMODE(totp_key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(totp_key_path.parent.stat().st_mode) == 0o700
    # The sealed seed still gives the codes the app shows.
    device = TOTPDevice.objects.get(user=officer)
    response = client.post("/account/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302


def test_a_seed_copied_onto_another_users_device_opens_for_no_one(
    officer: User, colleague: User
) -> None:
    mine = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    theirs = TOTPDevice.objects.create(user=colleague, name="phone", confirmed=True)
    TOTPDevice.objects.filter(pk=theirs.pk).update(key=mine.key)
    with pytest.raises(SeedKeyError, match="does not open"):
        _ = TOTPDevice.objects.get(pk=theirs.pk).bin_key


def test_the_migration_seals_seeds_stored_in_clear(officer: User) -> None:
    seed = bytes(range(20))
    # As django-otp stored it before sabt sealed seeds (update skips signals).
    device = TOTPDevice.objects.create(user=officer, name="old", confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(key=seed.hex())
    assert _stored_keys() == [seed.hex()]
    migration = importlib.import_module("sabt.access.migrations.0007_sealed_totp_seeds")
    migration.seal_seeds(django_apps, None)
    [stored] = _stored_keys()
    assert seed.hex() not in stored
    assert TOTPDevice.objects.get(user=officer).bin_key == seed
