"""Opening sealed identities for a reader: the check, the audit, then the value.

``records.sealed.reveal`` is the only function that decrypts; this module is
the only caller interfaces may use. It refuses a reader whose role in the
record's case does not open sealed fields, and records every opening in the
read audit before returning anything.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from sabt.access.audit import record_read
from sabt.access.policy import Capability
from sabt.access.queries import require
from sabt.records.models import Source
from sabt.records.sealed import reveal


def reveal_identity(
    user: AbstractBaseUser, source: Source, request: HttpRequest | None = None
) -> dict[str, str]:
    """The source's sealed identity fields, opened; {} if none or destroyed.

    Raises PermissionDenied if the user may not see sealed fields in the
    source's case.
    """
    require(user, Capability.SEE_SEALED, source)
    fields = [f for f in Source.IDENTITY_FIELDS if f in source.sealed_identity]
    if not fields or source.is_identity_destroyed:
        return {}
    record_read(
        username=user.get_username(),
        action="revealed",
        target=source.record,
        target_type="source",
        detail=", ".join(fields),
        request=request,
    )
    opened = {field: reveal(source, field) for field in fields}
    return {field: value for field, value in opened.items() if value is not None}
