"""Opening sealed fields for a reader: the check, the audit, then the value.

``ledger_store.keyring.reveal_field`` is the only function that decrypts
(``records.sealed`` and ``tracing.sealed`` name the fields of each model);
this module is the only caller interfaces may use. It refuses a reader whose role in the
record's case does not open sealed fields, and records every opening in the
read audit before returning anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from sabt.access.audit import record_read
from sabt.access.policy import Capability
from sabt.access.queries import require
from sabt.core.records import RecordBase
from sabt.records.models import Source
from sabt.records.sealed import reveal
from sabt.tracing import sealed as tracing_sealed
from sabt.tracing.models import TracingRequest


def reveal_identity(
    user: AbstractBaseUser, source: Source, request: HttpRequest | None = None
) -> dict[str, str]:
    """The source's sealed identity fields, opened; {} if none or destroyed.

    Raises PermissionDenied if the user may not see sealed fields in the
    source's case.
    """
    fields = [f for f in Source.IDENTITY_FIELDS if f in source.sealed_identity]
    if source.is_identity_destroyed:
        fields = []
    return audited_reveal(
        user,
        source,
        target_type="source",
        fields=fields,
        open_field=lambda field: reveal(source, field),
        request=request,
    )


def reveal_enquirer(
    user: AbstractBaseUser, sought: TracingRequest, request: HttpRequest | None = None
) -> dict[str, str]:
    """The request's sealed enquirer fields, opened; {} if none or destroyed.

    Raises PermissionDenied if the user may not see sealed fields in the
    request's case.
    """
    fields = [] if sought.is_enquirer_destroyed else list(sought.sealed_enquirer)
    return audited_reveal(
        user,
        sought,
        target_type="tracing_request",
        fields=fields,
        open_field=lambda field: tracing_sealed.reveal(sought, field),
        request=request,
    )


def audited_reveal(
    user: AbstractBaseUser,
    record: RecordBase,
    *,
    target_type: str,
    fields: Sequence[str],
    open_field: Callable[[str], str | None],
    request: HttpRequest | None = None,
) -> dict[str, str]:
    """Open ``fields`` of ``record`` for ``user``: checked, audited, then opened.

    Raises PermissionDenied unless the user may see sealed fields in the
    record's case; records the read before anything is opened.
    """
    require(user, Capability.SEE_SEALED, record)
    if not fields:
        return {}
    record_read(
        username=user.get_username(),
        action="revealed",
        target=record.record,
        target_type=target_type,
        detail=", ".join(fields),
        request=request,
    )
    opened = {field: open_field(field) for field in fields}
    return {field: value for field, value in opened.items() if value}
