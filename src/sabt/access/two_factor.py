"""The second factor: TOTP devices (django-otp), enrolment, checking a code.

Who must use one is the policy's call (``policy.needs_second_factor``); a
user who enrolled of their own accord is held to it as well. A device counts
only once confirmed with a first code. A wrong code at login counts as a
failed login for the lock-out (django-axes), so guessed passwords and guessed
codes share one limit per username and address; django-otp also slows each
device down after every wrong code (1, 2, 4, 8... seconds).

Seeds are sealed in the database (``access.seeds``): devices are read
through ``SealedTOTPDevice``, which opens them; the functions here are typed
with django-otp's model it extends.

``SecondFactorRequiredMiddleware`` (``access.middleware``) is the one place
that keeps a user without a verified second factor off every page.
"""

from __future__ import annotations

import base64
from enum import StrEnum

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from sabt.access.models import SealedTOTPDevice
from sabt.access.policy import needs_second_factor

# The unconfirmed device this session is enrolling: each session gets its own
# key, so someone else who logs in with the same password meanwhile never
# sees the key the user finally confirms.
PENDING_SESSION_KEY = "sabt_pending_totp"
DEVICE_NAME = "authenticator app"


class Step(StrEnum):
    """What still stands between a logged-in user and the pages."""

    NONE = "none"
    VERIFY = "verify"  # has a confirmed device: enter a code from it
    ENROL = "enrol"  # must have a device and has none yet


class CodeCheck(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    WAIT = "wait"  # too many wrong codes in a row: django-otp's back-off
    LOCKED_OUT = "locked_out"  # too many failed logins: django-axes


User = AbstractBaseUser | AnonymousUser


def is_verified(user: User) -> bool:
    """Whether this session was verified with a confirmed device.

    ``otp_device`` is set by django-otp's OTPMiddleware for the request.
    """
    return getattr(user, "otp_device", None) is not None


def confirmed_device(user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if any (unconfirmed ones never count)."""
    if not user.is_authenticated:
        return None
    devices = SealedTOTPDevice.objects.filter(user_id=user.pk, confirmed=True)
    return devices.order_by("pk").first()


def step_needed(user: User) -> Step:
    """What a logged-in user must do before opening a page."""
    if not user.is_authenticated or is_verified(user):
        return Step.NONE
    if confirmed_device(user) is not None:
        return Step.VERIFY
    if needs_second_factor(user):
        return Step.ENROL
    return Step.NONE


def lacks_required_device(user: AbstractBaseUser) -> bool:
    """Whether the user must have a second factor and has confirmed none.

    The API refuses such a user's tokens, and ``sabt token create`` will not
    issue one.
    """
    return needs_second_factor(user) and confirmed_device(user) is None


def pending_device(request: HttpRequest, user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device this session is enrolling; made on first call."""
    device_id = request.session.get(PENDING_SESSION_KEY)
    pending = SealedTOTPDevice.objects.filter(user_id=user.pk, confirmed=False)
    device: TOTPDevice | None = None
    if device_id:
        device = pending.filter(pk=device_id).first()
    if device is None:
        device = SealedTOTPDevice.objects.create(
            user_id=user.pk, name=DEVICE_NAME, confirmed=False
        )
        request.session[PENDING_SESSION_KEY] = device.pk
    return device


def confirm_device(
    request: HttpRequest, user: AbstractBaseUser, device: TOTPDevice, code: str
) -> CodeCheck:
    """Confirm the device with its first code and verify this session with it.

    Other unconfirmed devices of the user are removed. A wrong code here is
    not a failed login: whoever enrols already knows the key shown.
    """
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return CodeCheck.WAIT
    if not device.verify_token(code.strip()):
        return CodeCheck.WRONG
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        SealedTOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
    request.session.pop(PENDING_SESSION_KEY, None)
    django_otp.login(request, device)
    # A new session id once verified: one seen before the code is worthless.
    request.session.cycle_key()
    return CodeCheck.ACCEPTED


def check_code(request: HttpRequest, user: AbstractBaseUser, code: str) -> CodeCheck:
    """Verify this session with a code from the user's confirmed device.

    A wrong code is recorded as a failed login (django-axes), which locks
    the username at this address once the failure limit is reached.
    """
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return CodeCheck.LOCKED_OUT
    device = confirmed_device(user)
    if device is None:
        return CodeCheck.WRONG
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return CodeCheck.WAIT
    if device.verify_token(code.strip()):
        django_otp.login(request, device)
        request.session.cycle_key()
        return CodeCheck.ACCEPTED
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        return CodeCheck.LOCKED_OUT
    return CodeCheck.WRONG


def secret_text(device: TOTPDevice) -> str:
    """The device's key in base32, in groups of four, to type into an app."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URI as a QR code, an SVG ``data:`` URI.

    Drawn here, never by a web service: the URI holds the secret key. An
    ``<img>`` needs no script and no ``mark_safe``; the policy allows
    ``data:`` images.
    """
    code = segno.make(device.config_url, error="m")
    return str(code.svg_data_uri(scale=5, border=4))


def remove_devices(user: AbstractBaseUser) -> int:
    """Remove every TOTP device of the user; return how many there were.

    Sessions verified with one stop being verified at their next request.
    """
    count, _ = SealedTOTPDevice.objects.filter(user_id=user.pk).delete()
    return count
