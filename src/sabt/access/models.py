"""Account state beside Django's user table.

Accounts and API tokens are not a projection of the ledger: they hold password
and token hashes, which must never travel in events or bundles.
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


class ApiToken(models.Model):
    """A bearer token for the REST API, stored only as its SHA-256.

    The token itself is shown once, when issued (``access.tokens``); the
    database alone cannot give it back.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "created", "pk"]

    def __str__(self) -> str:
        return self.name or str(self.pk)
