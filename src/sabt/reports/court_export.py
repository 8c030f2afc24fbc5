"""An export for a court as one zip file: the bundle and how to verify it.

The bundle is written by ``bundles.writer.export_incidents``, exactly as
``sabt export`` writes it (the same checks, the same custody and audit
entries); this module only packs the finished folder into a zip with a text
file that tells the reader how to check it, then removes the folder. The
bundle sits in the zip under ``bundle/``, beside ``HOW-TO-VERIFY.txt``, so
the bundle's own files stay exactly those its manifest names.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sabt.bundles.writer import Bundle, export_incidents
from sabt.ledger_store.merkle_log import verifier_key

BUNDLE_FOLDER = "bundle"
INSTRUCTIONS = "HOW-TO-VERIFY.txt"


@dataclass(frozen=True)
class CourtExport:
    zip_path: Path
    bundle: Bundle
    zip_sha256: str
    key_line: str


def export_as_zip(
    incident_ids: Collection[str],
    *,
    work: Path,
    exported_by: str,
    reason: str,
    audience: str,
    blob_root: Path | None,
) -> CourtExport:
    """Export the incidents into ``work``/bundle.zip; ``work`` must not exist.

    Raises ``BundleError`` as ``export_incidents`` does; then nothing is
    recorded and ``work`` is left empty.
    """
    folder = work / BUNDLE_FOLDER
    bundle = export_incidents(
        list(incident_ids),
        to=folder,
        exported_by=exported_by,
        reason=reason,
        audience=audience,
        blob_root=blob_root,
    )
    key_line = verifier_key()
    zip_path = work / "bundle.zip"
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as packed:
        packed.writestr(INSTRUCTIONS, instructions(bundle, key_line))
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = f"{BUNDLE_FOLDER}/{path.relative_to(folder).as_posix()}"
                packed.write(path, name)
    # The zip is what leaves; a second copy of the evidence stays nowhere.
    shutil.rmtree(folder)
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    return CourtExport(
        zip_path=zip_path, bundle=bundle, zip_sha256=digest, key_line=key_line
    )


def instructions(bundle: Bundle, key_line: str) -> str:
    """What a court's expert does with the zip, in plain English."""
    return (
        "How to verify this export\n"
        "=========================\n\n"
        f"The folder {BUNDLE_FOLDER}/ holds {bundle.events} signed events and "
        f"{bundle.blobs} files, proved against a signed checkpoint of "
        f"{bundle.checkpoint_size} events.\n\n"
        "1. Unzip this file.\n"
        "2. With Python 3 and PyNaCl (pip install pynacl), run:\n\n"
        f"   python {BUNDLE_FOLDER}/verify.py {BUNDLE_FOLDER} --key '{key_line}'\n\n"
        "   The key line is the node's public key; compare it with the one the "
        "organisation publishes (sabt keys show) rather than trusting this file.\n"
        "3. verify.py must end with a line starting VERIFIED; anything else "
        "means the bundle was changed or is incomplete.\n\n"
        f"SHA-256 of {BUNDLE_FOLDER}/verify.py, as the organisation publishes "
        f"it:\n{bundle.verifier_sha256}\n\n"
        f"What is in the bundle, and what was withheld and why: "
        f"{BUNDLE_FOLDER}/MANIFEST.txt\n"
    )
