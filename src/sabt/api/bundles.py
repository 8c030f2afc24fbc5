"""``POST /api/bundles``: a kit's bundle, part by part, over the network.

The same import as ``sabt import`` and the upload page at headquarters
(``field.receiving.receive``), with every check it makes: the bundle's own
signatures prove the kit, its enrolment and its case; the bearer token only
says who at headquarters imports. That account must be an administrator of
the node (admin is not a role in a case), as the one running ``sabt import``
on the server is; the import is recorded as done by it. One upload is a
manifest, one part, or a whole bundle folder zipped; a manifest or part
whose bundle is not yet whole is held until the rest arrives, as on the
command line.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile

from sabt.access.policy import is_admin
from sabt.api.auth import requester
from sabt.api.schemas import FAILURES, DetailOut
from sabt.field.errors import FieldError
from sabt.field.receiving import receive

router = Router(tags=["bundles"])


class ImportedOut(Schema):
    """A bundle applied (now, or before: then nothing is new)."""

    bundle: str
    kit: str = ""
    events_in_bundle: int | None = None
    new_events: int
    new_files: int
    # Records edited in two places at once, for a person to settle.
    conflicts: list[str]


class HeldOut(Schema):
    """A bundle not yet whole: its parts here, or the earlier events it needs."""

    bundle: str
    kit: str
    parts_here: list[int]
    parts: int
    missing_parents: int


class BundleAnswer(Schema):
    imported: list[ImportedOut]
    held: list[HeldOut]
    # Each as the kit's ``sabt field ack`` reads it from a file.
    acknowledgements: list[dict[str, Any]]


@router.post(
    "/bundles",
    response={200: BundleAnswer, 403: DetailOut, 422: DetailOut, **FAILURES},
)
def post_bundle(
    request: HttpRequest, part: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    """Import one manifest or part of a kit's bundle, or a zipped bundle folder.

    Answers what was applied and held, with the acknowledgement for the kit;
    a refused bundle writes nothing and answers 422 with the reason.
    """
    user = requester(request)
    if not is_admin(user):
        message = _("Only an administrator may import a kit's bundles.")
        return Status(403, {"detail": message})
    # Asked after the role, so a caller who may not import learns nothing.
    if part is None:
        return Status(422, {"detail": _("Send the bundle's file as the part field.")})
    try:
        received = receive([part], by=user.get_username())
    except FieldError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(200, received.answer())
