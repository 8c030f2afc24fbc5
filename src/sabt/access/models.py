"""Account state beside Django's user table.

Accounts and API tokens are not a projection of the ledger: they hold password
and token hashes, which must never travel in events or bundles.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_otp.plugins.otp_totp.models import TOTPDevice

from sabt.access.seeds import open_seed
from sabt.core.cases import Case


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
    database alone cannot give it back. Issuing and revoking a token are not
    ledger events, as accounts are not: the rows hold token hashes, which
    must never travel in events or bundles.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField()
    # After this the API refuses the token (``access.tokens.DEFAULT_DAYS``).
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)
    # Set by ``sabt token revoke``; the row stays so the holder is told why.
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "created", "pk"]

    def __str__(self) -> str:
        return self.name or str(self.pk)


class SealedTOTPDevice(TOTPDevice):
    """A TOTP device whose seed is sealed in its ``key`` column (``access.seeds``).

    django-otp reads the seed only through ``bin_key``; this opens it. Every
    save seals a seed still in clear (``seeds.seal_device_key``, connected for
    this model and django-otp's own), so the base model's ``bin_key`` fails
    loudly rather than hand out a seed.
    """

    class Meta:
        proxy = True
        verbose_name = "TOTP device (sealed seed)"

    @property
    def bin_key(self) -> bytes:
        return open_seed(self.key, self.user_id)


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


class ReadAudit(models.Model):
    """One audited read, projected from its ``audit.read`` ledger event.

    The rows can be rebuilt; the events cannot be removed quietly. A search's
    words stay sealed here as in the event: ``query_token`` opens only for an
    admin, through ``access.audit.query_of``.
    """

    class Action(models.TextChoices):
        REVEALED = "revealed", "opened a sealed field"
        SEARCHED = "searched", "searched"
        EXPORTED = "exported", "exported"

    event_id = models.CharField(max_length=64, primary_key=True)
    record = models.CharField(max_length=36, db_index=True)  # the audit chain
    actor = models.CharField(max_length=150, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    target = models.CharField(max_length=36, blank=True, db_index=True)
    target_type = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    query_token = models.TextField(blank=True)
    # The key sealing the words: one per search, so it can be destroyed alone.
    query_subject = models.CharField(max_length=36, blank=True, db_index=True)
    # Set when the words were destroyed with a subject they named.
    query_destroyed_with = models.CharField(max_length=36, blank=True)
    query_destroyed_at = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=64, blank=True)
    at = models.CharField(max_length=32, db_index=True)

    class Meta:
        ordering = ["-at", "event_id"]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target or self.detail}"

    @property
    def query_destroyed_on(self) -> str:
        """The (UTC) day the words were destroyed, as YYYY-MM-DD."""
        return self.query_destroyed_at[:10]
