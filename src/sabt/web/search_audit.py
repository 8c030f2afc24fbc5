"""A search is audited once when it is submitted, not on every reload.

Reloading a result, paging through it, narrowing it by date or going back to
it asks the same words again; the read audit should say once that someone
searched for them, or its list of searches drowns in repeats. The session
keeps a keyed hash of the last words audited, never the words: the audit
seals them, and the session table must not hold them in clear.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from sabt.access.audit import record_search

SESSION_KEY = "sabt_last_audited_search"


def audit_submitted_search(request: HttpRequest, *, text: str, over: str) -> None:
    """Record a search for ``text`` over ``over``, unless it was the last one."""
    words = " ".join(text.split())
    if not words:
        return
    mark = salted_hmac(SESSION_KEY, f"{over}\x00{words}").hexdigest()
    if request.session.get(SESSION_KEY) == mark:
        return
    record_search(
        username=request.user.get_username(), text=words, over=over, request=request
    )
    request.session[SESSION_KEY] = mark
