"""The field kit's errors: each message is the one line a user reads."""

from __future__ import annotations


class FieldError(Exception):
    """A field command cannot do what was asked; nothing was changed."""


class BundleRefused(FieldError):
    """A bundle failed a check at import; nothing of it was written."""
