"""Importing submissions: each one atomic, each one reported, none twice.

A submission becomes records through its form's mapping, inside one
transaction: it lands whole or not at all. One that cannot be imported
(another form, another key, a value the services refuse) is reported with
its instance id and reason, and the others still import. Record ids come
from the instance id (``odk.records``), so a submission imported before is
recognised and nothing is written for it again. An edit (``deprecatedID``)
of a submission imported here revises its records (``odk.revisions``).
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from sabt.core.cases import DEFAULT_CASE
from sabt.core.services import Actor
from sabt.ledger.errors import KeyFileError
from sabt.ledger.sealing import SealingError
from sabt.odk.central import read_export
from sabt.odk.errors import OdkError
from sabt.odk.folders import read_folders
from sabt.odk.keys import unlock_odk_key
from sabt.odk.limits import DEFAULT_LIMITS, Limits
from sabt.odk.mapping import Context, Mapping
from sabt.odk.mapping.central_incident import CENTRAL_INCIDENT
from sabt.odk.mapping.incident import INCIDENT
from sabt.odk.mapping.list_entry import LIST_ENTRY
from sabt.odk.mapping.testimony import TESTIMONY
from sabt.odk.mapping.tracing_request import TRACING_REQUEST
from sabt.odk.media import Received
from sabt.odk.preview import Preview, describe, preview
from sabt.odk.revisions import revision_of, root_of
from sabt.odk.submission import Submission

MAPPINGS: dict[str, Mapping] = {
    m.name: m
    for m in (INCIDENT, TESTIMONY, TRACING_REQUEST, LIST_ENTRY, CENTRAL_INCIDENT)
}

IMPORTED = "imported"
WOULD_IMPORT = "would import"
ALREADY = "already imported"
REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    """What became of one submission."""

    instance_id: str
    status: str
    reason: str = ""
    records: list[str] = field(default_factory=list)
    # What the records are, in words: "1 incident ..., 2 acts".
    description: str = ""
    # The same by kind, for the import page's columns.
    preview: Preview = field(default_factory=Preview)
    # The submission an edit replaced, whose records it revised.
    revises: str = ""


def import_path(
    path: Path,
    *,
    form: str,
    actor: Actor,
    case: str = DEFAULT_CASE,
    private_key: rsa.RSAPrivateKey | None = None,
    limits: Limits = DEFAULT_LIMITS,
    dry_run: bool = False,
    export_name: str = "",
) -> list[Outcome]:
    """Import an export zip or a folder of submissions as ``form``.

    ``dry_run`` previews: each submission is imported and described, then
    rolled back, its files stored in a folder thrown away after.
    ``export_name`` is the name custody records it was received in (an
    upload's own name; the path's by default).

    ``private_key`` opens encrypted submissions; without it, the
    organisation's ODK key is unlocked with ``SABT_ORG_PASSPHRASE`` when an
    encrypted one comes. Raises OdkError when the file as a whole is
    refused (not an export, a zip bomb, zip slip); then nothing is written.
    """
    mapping = MAPPINGS.get(form)
    if mapping is None:
        raise OdkError(f"no form {form!r}; one of: {', '.join(sorted(MAPPINGS))}")
    items = read_submissions(
        path, repeats=mapping.repeats, private_key=private_key, limits=limits
    )
    received = Received(export=export_name or path.name)
    if not dry_run:
        context = Context(actor=actor, case=case, received=received)
        return [_import_one(mapping, context, item) for item in items]
    with tempfile.TemporaryDirectory() as blobs:
        context = Context(actor, case, received, blob_root=Path(blobs))
        return [_import_one(mapping, context, item, dry_run=True) for item in items]


def read_submissions(
    path: Path,
    *,
    repeats: frozenset[str] = frozenset(),
    private_key: rsa.RSAPrivateKey | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Submission | OdkError]:
    """Every submission of an export zip or a folder, or why it cannot be read."""
    if path.is_file():
        # The whole zip is checked before the first submission comes out.
        return iter(list(read_export(path, limits=limits)))
    if path.is_dir():
        loader = (lambda: private_key) if private_key else _organisation_key_once()
        return read_folders(path, private_key=loader, repeats=repeats, limits=limits)
    raise OdkError(f"{path}: no such export .zip or folder of submissions")


def _organisation_key_once() -> Callable[[], rsa.RSAPrivateKey]:
    """The ODK key, unlocked at the first encrypted submission of this import
    and dropped with it: it never outlives the import in memory."""

    @functools.cache
    def unlocked() -> rsa.RSAPrivateKey:
        try:
            return unlock_odk_key(settings.SABT_ORG_PASSPHRASE)
        except (KeyFileError, SealingError) as exc:
            raise OdkError(f"the ODK key cannot be opened: {exc}") from exc

    return unlocked


def _import_one(
    mapping: Mapping,
    context: Context,
    item: Submission | OdkError,
    *,
    dry_run: bool = False,
) -> Outcome:
    if isinstance(item, OdkError):
        return Outcome(item.instance_id, REFUSED, item.reason)
    instance = item.instance_id
    if item.form_id != mapping.form_id:
        return Outcome(
            instance,
            REFUSED,
            f"a submission of the form {item.form_id!r}, not {mapping.form_id!r}",
        )
    if mapping.imported(instance):
        return Outcome(instance, ALREADY)
    if item.deprecated_id and mapping.imported(root_of(item.deprecated_id)):
        return _import_edit(mapping, context, item, dry_run=dry_run)
    # A first submission, or an edit of one that never came here (a server
    # exports only the latest version): its own records, under its own id.
    return _atomically(instance, lambda: mapping.apply(item, context), dry_run=dry_run)


def _import_edit(
    mapping: Mapping, context: Context, item: Submission, *, dry_run: bool
) -> Outcome:
    """An edit revises the records of its chain's first submission."""
    instance = item.instance_id
    if revision_of(instance) is not None:
        return Outcome(instance, ALREADY)
    revise = mapping.revise
    if revise is None:
        return Outcome(
            instance,
            REFUSED,
            f"an edit of {item.deprecated_id}: edits of {mapping.name} "
            "submissions are not imported; nothing changed",
        )
    root = root_of(item.deprecated_id)
    outcome = _atomically(
        instance, lambda: revise(item, context, root), dry_run=dry_run, edit=True
    )
    return replace(outcome, revises=item.deprecated_id)


def _atomically(
    instance: str,
    apply: Callable[[], list[str]],
    *,
    dry_run: bool,
    edit: bool = False,
) -> Outcome:
    try:
        with transaction.atomic():
            records = apply()
            description = describe(records)
            kinds = preview(records)
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as exc:
        return Outcome(instance, REFUSED, _reasons(exc))
    status = WOULD_IMPORT if dry_run else IMPORTED
    if edit:
        description = f"a new version of: {description}"
    return Outcome(
        instance, status, records=records, description=description, preview=kinds
    )


def _reasons(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def summary(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counts = {IMPORTED: 0, WOULD_IMPORT: 0, ALREADY: 0, REFUSED: 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts
