"""``POST /api/bundles``: a kit's bundle, part by part, over the network.

The same import as ``sabt import`` (``field.importing.import_bundles``),
with every check it makes: the bundle's own signatures prove the kit, its
enrolment and its case; the bearer token only says who at headquarters
imports. That account must be an administrator of the node (admin is not
a role in a case), as the one running ``sabt import`` on the server is; the
import is recorded as done by it. One upload is a manifest, one part, or a
whole bundle folder zipped; a manifest or part whose bundle is not yet whole
is held until the rest arrives, as on the command line.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile

from sabt.access.policy import is_admin
from sabt.api.auth import requester
from sabt.api.schemas import FAILURES, DetailOut
from sabt.field import inbox
from sabt.field.bundle import PART_FILE
from sabt.field.errors import FieldError
from sabt.field.importing import Held, Imported, import_bundles

router = Router(tags=["bundles"])

_MANIFEST = ".manifest.json"


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
    with tempfile.TemporaryDirectory(prefix="sabt-upload-") as folder:
        given = Path(folder) / "given"
        given.mkdir()
        _unpack(part, given)
        files = sorted(given.iterdir())
        if again := _applied_again(files):
            return Status(
                200, {"imported": [again], "held": [], "acknowledgements": []}
            )
        acks = Path(folder) / "acks"
        try:
            done, waiting = import_bundles(
                [given], by=user.get_username(), ack_dir=acks
            )
        except FieldError as exc:
            return Status(422, {"detail": str(exc)})
        return Status(200, _answer(done, waiting, acks))


def _answer(done: list[Imported], waiting: list[Held], acks: Path) -> dict[str, Any]:
    return {
        "imported": [
            {
                "bundle": i.bundle,
                "kit": i.kit_name,
                "events_in_bundle": i.events_in_bundle,
                "new_events": i.new_events,
                "new_files": i.new_files,
                "conflicts": list(i.conflicts),
            }
            for i in done
        ],
        "held": [
            {
                "bundle": h.bundle,
                "kit": h.kit_name,
                "parts_here": list(h.present),
                "parts": h.total,
                "missing_parents": h.missing_parents,
            }
            for h in waiting
        ],
        "acknowledgements": [
            json.loads(p.read_bytes()) for p in sorted(acks.glob("*.ack.json"))
        ],
    }


def _unpack(upload: UploadedFile, into: Path) -> None:
    """Write the upload under its own base name; a zipped folder, unzipped.

    A part is a zip too; a zipped folder is told apart by holding manifests
    and no ``part.json``. Only manifests and parts are taken from it, each
    by base name, so no member can write outside ``into``.
    """
    name = Path(upload.name or "upload").name or "upload"
    target = into / name
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        with zipfile.ZipFile(target) as archive:
            members = archive.namelist()
            if PART_FILE in members or not any(m.endswith(_MANIFEST) for m in members):
                return
            for member in members:
                base = Path(member).name
                if base.endswith((_MANIFEST, ".zip")) and not member.endswith("/"):
                    with archive.open(member) as src, (into / base).open("wb") as dst:
                        shutil.copyfileobj(src, dst)  # not all in memory
    except zipfile.BadZipFile:
        return
    target.unlink()


def _applied_again(files: list[Path]) -> dict[str, Any] | None:
    """A lone part of a bundle applied here before: nothing new to do.

    ``import_bundles`` needs a part's manifest, which is not kept once its
    bundle is applied; a kit resending a part must hear "nothing new".
    """
    if len(files) != 1 or files[0].suffix != ".zip":
        return None
    bundle = inbox.bundle_of_part(files[0])
    if bundle is None or not inbox.applied(bundle):
        return None
    return {"bundle": bundle, "new_events": 0, "new_files": 0, "conflicts": []}
