"""Account state beside Django's user table.

Accounts are not a projection of the ledger: they hold password hashes, which
must never travel in events or bundles.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Account(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    must_change_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return str(self.user)
