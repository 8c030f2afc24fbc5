"""One uploaded file of a kit's bundle, imported at headquarters.

What ``POST /api/bundles`` and the administrator's upload page share: the
upload is a manifest, one part, or a whole bundle folder zipped; it is
unpacked into a temporary folder and handed to ``importing.import_bundles``,
the same import as ``sabt import``, with every check it makes. A lone part
of a bundle applied here before answers "nothing new" (its manifest is not
kept once the bundle is applied). The acknowledgements the import writes are
returned as the bytes of their files, for the kit's ``sabt field ack``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sabt.field import inbox
from sabt.field.bundle import PART_FILE
from sabt.field.importing import Held, Imported, import_bundles

MANIFEST_SUFFIX = ".manifest.json"


class Upload(Protocol):
    """An uploaded file as Django hands it over: a name and its chunks."""

    name: str | None

    def chunks(self) -> Iterable[bytes]: ...


@dataclass(frozen=True)
class Acknowledgement:
    """A signed acknowledgement, as the file the kit takes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Received:
    """What importing an upload did: applied, held, and for the kit."""

    imported: list[Imported]
    held: list[Held]
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    # The bundles the uploaded files name (unchecked): those the upload was
    # about, among every bundle the import reports.
    named: frozenset[str] = frozenset()
    # A lone part of a bundle applied before: how many events it held, and
    # its kit, are not known any more.
    again: bool = False

    def answer(self) -> dict[str, Any]:
        """The answer of ``POST /api/bundles``."""
        return {
            "imported": [
                {
                    "bundle": i.bundle,
                    "kit": i.kit_name,
                    "events_in_bundle": None if self.again else i.events_in_bundle,
                    "new_events": i.new_events,
                    "new_files": i.new_files,
                    "conflicts": list(i.conflicts),
                }
                for i in self.imported
            ],
            "held": [
                {
                    "bundle": h.bundle,
                    "kit": h.kit_name,
                    "parts_here": list(h.present),
                    "parts": h.total,
                    "missing_parents": h.missing_parents,
                }
                for h in self.held
            ],
            "acknowledgements": [json.loads(a.content) for a in self.acknowledgements],
        }


def receive(uploads: Sequence[Upload], *, by: str) -> Received:
    """Import the uploaded files as ``sabt import`` imports them, by ``by``.

    Raises FieldError (BundleRefused) with the reason if the import refuses
    them; nothing at all is written then.
    """
    with tempfile.TemporaryDirectory(prefix="sabt-upload-") as folder:
        given = Path(folder) / "given"
        given.mkdir()
        for upload in uploads:
            _unpack(upload, given)
        files = sorted(given.iterdir())
        named = frozenset(filter(None, map(_bundle_named, files)))
        if again := _applied_again(files):
            return Received([again], [], named=named, again=True)
        acks = Path(folder) / "acks"
        done, waiting = import_bundles([given], by=by, ack_dir=acks)
        return Received(
            done,
            waiting,
            [
                Acknowledgement(path.name, path.read_bytes())
                for path in sorted(acks.glob("*.ack.json"))
            ],
            named,
        )


def _unpack(upload: Upload, into: Path) -> None:
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
            if PART_FILE in members or not any(
                m.endswith(MANIFEST_SUFFIX) for m in members
            ):
                return
            for member in members:
                base = Path(member).name
                if base.endswith((MANIFEST_SUFFIX, ".zip")) and not member.endswith(
                    "/"
                ):
                    with archive.open(member) as src, (into / base).open("wb") as dst:
                        shutil.copyfileobj(src, dst)  # not all in memory
    except zipfile.BadZipFile:
        return
    target.unlink()


def _bundle_named(path: Path) -> str | None:
    """The bundle a manifest or part says it belongs to, unchecked."""
    if path.suffix == ".zip":
        return inbox.bundle_of_part(path)
    if path.name.endswith(MANIFEST_SUFFIX):
        try:
            bundle = json.loads(path.read_bytes()).get("bundle")
        except (ValueError, UnicodeDecodeError, AttributeError):
            return None
        return bundle if isinstance(bundle, str) else None
    return None


def _applied_again(files: list[Path]) -> Imported | None:
    """A lone part of a bundle applied here before: nothing new to do.

    ``import_bundles`` needs a part's manifest, which is not kept once its
    bundle is applied; a kit resending a part must hear "nothing new".
    """
    if len(files) != 1 or files[0].suffix != ".zip":
        return None
    bundle = inbox.bundle_of_part(files[0])
    if bundle is None or not inbox.applied(bundle):
        return None
    return Imported(bundle, "", 0, 0, 0)
