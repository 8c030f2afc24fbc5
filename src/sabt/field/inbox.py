"""Bundle parts held at headquarters until the rest of their bundle arrives.

Parts travel separately (a USB stick today, a phone's transfer next week).
A part checked against its kit-signed manifest, whose bundle is not yet
whole, is copied here with the manifest; the import that brings the last
part applies the bundle and empties its folder. Nothing here is in the log:
a held part is checked again, with the rest, when it is applied.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from django.conf import settings

from sabt.field.bundle import PART_FILE, manifest_name


def inbox_dir() -> Path:
    return Path(settings.SABT_HOME) / "field" / "inbox"


def bundle_of_part(path: Path) -> str | None:
    """The bundle a part says it belongs to (unchecked), or None if unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            header = json.loads(archive.read(PART_FILE))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    bundle = header.get("bundle") if isinstance(header, dict) else None
    return bundle if isinstance(bundle, str) else None


def bundles() -> list[str]:
    """The bundles with something held here."""
    folder = inbox_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def held(bundle: str) -> list[Path]:
    """The manifest and parts held for ``bundle`` (none if it has no folder)."""
    folder = _folder(bundle)
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file())


def hold(bundle: str, files: list[Path]) -> None:
    """Keep copies of a bundle's checked manifest and parts until it is whole."""
    folder = _folder(bundle)
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for path in files:
        target = folder / path.name
        if not target.exists():
            shutil.copyfile(path, target)


def release(bundle: str) -> None:
    """Forget what was held for a bundle now applied, and remember it applied.

    A part of it carried here again later is then not held for ever.
    """
    folder = _folder(bundle)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.with_name(f"{bundle}.applied").touch()


def applied(bundle: str) -> bool:
    """Whether the bundle was applied here whole already."""
    folder = _folder(bundle)
    return folder is not None and folder.with_name(f"{bundle}.applied").exists()


def _folder(bundle: str) -> Path | None:
    # A bundle id names a folder: only the exact form a manifest file has.
    name = manifest_name(bundle)
    if "/" in bundle or bundle.startswith(".") or not name.endswith(".manifest.json"):
        return None
    return inbox_dir() / bundle
