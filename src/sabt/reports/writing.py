"""Write a report to a file: PDF or HTML, by the file's extension.

Order matters: the ledger checked, then a signed checkpoint of the log and
what the audience may see of it (which refuses on drift) read together,
then the layout, then the file with its audit entry. A refusal writes
nothing and records nothing; a checkpoint issued before a failed write
stays, as any signed checkpoint of the log may.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from sabt.access.audit import record_read
from sabt.ledger_store.merkle_log import issue_checkpoint, log_origin
from sabt.ledger_store.rebuild import verify_ledger
from sabt.reports.bundle_reference import bundle_reference
from sabt.reports.contents import ReportContents, content_hash, gather
from sabt.reports.rendering import LANGUAGES, Grounds, render_html, render_pdf
from sabt.reports.selection import ReportError, incidents_to_cover

FORMATS = (".pdf", ".html")


@dataclass(frozen=True)
class ReportWritten:
    path: Path
    incidents: int
    quoted: int
    report_hash: str
    file_sha256: str


def report_format(to: Path) -> str:
    """``.pdf`` or ``.html`` from the file name; raises ReportError otherwise."""
    suffix = to.suffix.lower()
    if suffix not in FORMATS:
        shown = suffix or "none"
        raise ReportError(
            f"cannot tell the report's format from {to.name!r} (extension "
            f"{shown}): --out must end in .pdf or .html"
        )
    return suffix


def checked_contents(
    incident_ids: Collection[str], case: str | None, audience: str, what: str
) -> tuple[list[str], ReportContents]:
    """The incidents asked for and what ``audience`` may see of them.

    Refuses (ReportError) when the log is not intact, since a report or an
    export vouches for the log it stands on, or when a row differs from it.
    """
    covered = incidents_to_cover(list(incident_ids), case)
    _require_intact_ledger(what)
    return covered, _gathered(covered, audience)


def write_report(
    incident_ids: Collection[str] = (),
    *,
    case: str | None = None,
    audience: str,
    language: str = "en",
    to: Path,
    written_by: str,
    bundle: Path | None = None,
) -> ReportWritten:
    """Write the report of these incidents (or of a case) for ``audience``.

    ``bundle``: the folder of the export made with it, which the annex
    names. Raises ReportError naming what is wrong; then nothing is written.
    """
    suffix = report_format(to)
    if language not in LANGUAGES:
        raise ReportError(f"unknown report language {language!r}; en or fa")
    if not to.parent.is_dir():
        raise ReportError(f"cannot write the report: no folder {to.parent}")
    covered = incidents_to_cover(list(incident_ids), case)
    exported_with = (
        bundle_reference(bundle, audience=audience, incidents=covered)
        if bundle
        else None
    )
    _require_intact_ledger("report")
    # The checkpoint's write holds SQLite's lock while the rows are read, so
    # the facts are those of the log the checkpoint signs.
    with transaction.atomic():
        signed = issue_checkpoint()
        contents = _gathered(covered, audience)
    report_hash = content_hash(
        contents,
        checkpoint=signed.note,
        bundle=exported_with.manifest_sha256 if exported_with else "",
    )
    grounds = Grounds(
        origin=log_origin(),
        size=signed.checkpoint.size,
        root=signed.checkpoint.root.hex(),
        note=signed.note,
        made_at=datetime.datetime.now(datetime.UTC),
        report_hash=report_hash,
        bundle=exported_with,
    )
    # Laid out outside any transaction: seconds of layout must not hold the
    # database's write lock.
    html = render_html(contents, grounds, language=language)
    data = render_pdf(html) if suffix == ".pdf" else html.encode("utf-8")
    with transaction.atomic():
        record_read(
            username=written_by,
            action="exported",
            detail=(
                f"report for {audience} of {len(covered)} incidents, "
                f"sha256 {report_hash}"
            ),
        )
        try:
            to.write_bytes(data)
        except OSError as exc:
            why = exc.strerror or str(exc)
            raise ReportError(f"cannot write the report to {to}: {why}") from exc
    return ReportWritten(
        path=to,
        incidents=len(covered),
        quoted=contents.quoted,
        report_hash=report_hash,
        file_sha256=hashlib.sha256(data).hexdigest(),
    )


def _require_intact_ledger(what: str) -> None:
    problems = verify_ledger()
    if problems:
        raise ReportError(
            f"{what} refused: the ledger is not intact ({len(problems)} "
            f"problem(s); first: {problems[0]}); run sabt verify"
        )


def _gathered(covered: list[str], audience: str) -> ReportContents:
    try:
        return gather(covered, audience)
    except ValueError as exc:
        raise ReportError(str(exc)) from exc
