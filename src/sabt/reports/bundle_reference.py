"""The export bundle a report goes out with, as the report's annex names it.

A report made for the same audience and incidents as a bundle (``sabt
export``) names the bundle by its manifest's SHA-256, so a reader holding
both can tell they belong together; ``verify.py`` checks the bundle itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sabt.ledger_store.merkle_log import log_origin
from sabt.reports.selection import ReportError


@dataclass(frozen=True)
class BundleReference:
    manifest_sha256: str
    exported_at: str
    exported_by: str
    reason: str
    checkpoint_size: int


def bundle_reference(
    folder: Path, *, audience: str, incidents: Collection[str]
) -> BundleReference:
    """Read the bundle in ``folder``; raise ReportError if it is not this
    node's, or was made for another audience or other incidents.
    """
    path = folder / "manifest.json"
    try:
        raw = path.read_bytes()
        manifest = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ReportError(f"no bundle manifest readable at {path}") from exc
    if not isinstance(manifest, dict) or manifest.get("log") != log_origin():
        raise ReportError(f"the bundle in {folder} was not exported by this node")
    if manifest.get("audience") != audience:
        raise ReportError(
            f"the bundle in {folder} was made for {manifest.get('audience')!r}, "
            f"not {audience!r}"
        )
    if sorted(manifest.get("incidents", [])) != sorted(incidents):
        raise ReportError(f"the bundle in {folder} holds other incidents")
    return BundleReference(
        manifest_sha256=hashlib.sha256(raw).hexdigest(),
        exported_at=str(manifest.get("exported_at", "")),
        exported_by=str(manifest.get("exported_by", "")),
        reason=str(manifest.get("reason", "")),
        checkpoint_size=int(manifest.get("checkpoint", {}).get("size", 0)),
    )
