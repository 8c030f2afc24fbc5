"""Record ids and place keys as they come in a URL path.

Anything that cannot be a record is answered like a record that is not
there: 404, never an error that tells the two apart.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from sabt.core.validation import MAX_KEY_LENGTH


def record_id(value: str) -> str:
    """Return the record id (a lowercase UUID) ``value`` spells, or raise 404."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise Http404 from None


def place_key(value: str) -> str:
    """Return ``value`` if it can be a place key, or raise 404."""
    if not value or len(value) > MAX_KEY_LENGTH or not value.isprintable():
        raise Http404
    return value
