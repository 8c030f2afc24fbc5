"""Write incidents as data: HXL-tagged CSV or ACLED CSV, within consent.

The same checks as a report (``writing.checked_contents``): the log must be
intact, and rows pass the disclosure plan. The export is recorded in the
read audit; a refusal writes nothing and records nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from sabt.access.audit import record_read
from sabt.reports.contents import ReportContents
from sabt.reports.formats import rows_of
from sabt.reports.formats.acled import acled_csv
from sabt.reports.formats.hxl import hxl_csv
from sabt.reports.selection import ReportError
from sabt.reports.writing import checked_contents

WRITERS: dict[str, Callable[[ReportContents], str]] = {
    "hxl": hxl_csv,
    "acled": acled_csv,
}


@dataclass(frozen=True)
class DataWritten:
    path: Path
    incidents: int
    rows: int
    file_sha256: str


def export_data(
    incident_ids: Collection[str] = (),
    *,
    case: str | None = None,
    data_format: str,
    audience: str,
    to: Path,
    written_by: str,
) -> DataWritten:
    """Write the incidents (or a case's) as ``data_format`` CSV to ``to``.

    Raises ReportError naming what is wrong; then nothing is written.
    """
    if data_format not in WRITERS:
        raise ReportError(f"unknown data format {data_format!r}; hxl or acled")
    if to.suffix.lower() != ".csv":
        raise ReportError(f"--out must end in .csv, not {to.name!r}")
    if not to.parent.is_dir():
        raise ReportError(f"cannot write the export: no folder {to.parent}")
    covered, contents = checked_contents(incident_ids, case, audience, "export")
    data = WRITERS[data_format](contents).encode("utf-8")
    with transaction.atomic():
        record_read(
            username=written_by,
            action="exported",
            detail=(
                f"{data_format} data for {audience} of {len(covered)} incidents, "
                f"sha256 {hashlib.sha256(data).hexdigest()}"
            ),
        )
        try:
            to.write_bytes(data)
        except OSError as exc:
            why = exc.strerror or str(exc)
            raise ReportError(f"cannot write the export to {to}: {why}") from exc
    return DataWritten(
        path=to,
        incidents=len(covered),
        rows=sum(1 for _ in rows_of(contents)),
        file_sha256=hashlib.sha256(data).hexdigest(),
    )
