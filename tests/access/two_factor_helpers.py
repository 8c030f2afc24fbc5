"""Helpers for tests that log in with a second factor.

``code_for`` computes the code an authenticator app would show, from the
device's key, as RFC 6238 says (django-otp's own ``totp``). ``ahead`` moves
it one 30-second step on: a device accepts each step's code only once, and
one step of clock drift either way.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.oath import totp

from sabt.access.models import SealedTOTPDevice as TOTPDevice

PASSWORD = "correct horse battery"  # the personas' password (tests/conftest.py)


def code_for(device: Device, *, ahead: int = 0) -> str:
    """The code an app holding the device's key shows now (or a step ahead).

    The device is read again through the model that opens its sealed seed.
    """
    seed = TOTPDevice.objects.get(pk=device.pk).bin_key
    return f"{totp(seed, drift=ahead):06d}"


def confirmed_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, as if enrolled earlier; made if none."""
    device: TOTPDevice | None = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device


def log_in_verified(client: Client, user: User) -> TOTPDevice:
    """Log the client in as the user, verified with their confirmed device."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def enrol(client: Client, user: User, *, next_url: str = "/") -> TOTPDevice:
    """Go through enrolment as a person would: open the page, enter a code."""
    client.get("/account/two-factor/", {"next": next_url})
    device: TOTPDevice = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/account/two-factor/", {"code": code_for(device), "next": next_url}
    )
    assert response.status_code == 302, response.content.decode()
    device.refresh_from_db()
    return device


def verify_forced_login(
    sender: object, request: HttpRequest, user: User, **_: object
) -> None:
    """Verify a login with the user object's ``otp_device``, if it has one.

    Connected to ``user_logged_in`` for the whole test run (tests/conftest.py),
    so ``client.force_login(persona)`` gives a verified session for a persona
    made with a device. django-otp's own handler does the same only when the
    request has a user, which the test client's fake request lacks.
    """
    device = getattr(user, "otp_device", None)
    if device is not None:
        request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
