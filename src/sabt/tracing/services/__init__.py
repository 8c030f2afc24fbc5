"""The write path of tracing: every change is a signed ``tracing.*`` event.

Requests (``requests``), person lists (``lists``; kept entry by entry:
``list_entries``), and the review of the candidates the linkage finds
between them (``review``).
"""

from __future__ import annotations

from sabt.tracing.services.lists import import_list, record_list
from sabt.tracing.services.requests import (
    close_request,
    open_request,
    record_status,
    reopen_request,
)
from sabt.tracing.services.review import (
    confirm_match,
    find_candidates,
    find_candidates_explained,
    mark_unsure,
    notify_family,
    record_consent,
    reject_match,
    undo_decision,
)

__all__ = [
    "close_request",
    "confirm_match",
    "find_candidates",
    "find_candidates_explained",
    "import_list",
    "mark_unsure",
    "notify_family",
    "open_request",
    "record_consent",
    "record_list",
    "record_status",
    "reject_match",
    "reopen_request",
    "undo_decision",
]
