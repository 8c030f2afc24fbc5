"""Creating accounts and keeping one-time passwords one-time."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sabt.access.models import Account

ADMIN_USERNAME = "admin"


def create_first_admin() -> str | None:
    """Create the ``admin`` account if no user exists; return its password once.

    The password is random, stored only as an Argon2 hash, and must be changed
    at first login. Returns None when users exist already.
    """
    user_model = get_user_model()
    with transaction.atomic():
        if user_model.objects.exists():
            return None
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_superuser(
            username=ADMIN_USERNAME, email="", password=password
        )
        Account.objects.create(user=user, must_change_password=True)
    return password


def must_change_password(user: AbstractBaseUser) -> bool:
    account = Account.objects.filter(user_id=user.pk).first()
    return bool(account and account.must_change_password)


def password_changed(user: AbstractBaseUser) -> None:
    """Record that the user chose their own password."""
    Account.objects.filter(user_id=user.pk).update(must_change_password=False)
