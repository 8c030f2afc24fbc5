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


class Case(models.Model):
    """A group of incidents and tracing requests with its own members.

    Not a projection of the ledger: who may see what is the node's business,
    not evidence. A record's case is in its events, so it travels with it.
    """

    slug = models.SlugField(max_length=60, primary_key=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's one role in one case (``access.policy.Role``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=20)

    class Meta:
        ordering = ["case", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="one_role_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.case_id}: {self.role}"
