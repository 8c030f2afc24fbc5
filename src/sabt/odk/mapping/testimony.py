"""A testimony submission: the source (identity sealed), their consent, their
statement, and the files recorded with it."""

from __future__ import annotations

from sabt.odk.forms.testimony import FORM_ID
from sabt.odk.mapping import Context, Mapping
from sabt.odk.media import add_media
from sabt.odk.records import record_id
from sabt.odk.submission import Submission
from sabt.records.models import Statement
from sabt.records.services import record_consent, record_statement, register_source

MEDIA_FIELDS = ("photo", "audio", "video")


def import_testimony(submission: Submission, context: Context) -> list[str]:
    values = submission.data.values
    instance = submission.instance_id
    source = register_source(
        actor=context.actor,
        kind=values.get("source-kind", ""),
        pseudonym=values.get("source-pseudonym", ""),
        real_name=values.get("source-real_name", ""),
        contact=values.get("source-contact", ""),
        case=context.case,
        record=record_id(instance, "source"),
    )
    record_consent(
        actor=context.actor,
        source=source,
        name=values.get("consent-name_to", ""),
        account=values.get("consent-account_to", ""),
        obtained_how=values.get("consent-how", ""),
        obtained_on=values.get("made_on", ""),
    )
    statement = record_statement(
        actor=context.actor,
        source=source.record,
        text=values.get("account", ""),
        language=values.get("language", ""),
        stance=values.get("stance", ""),
        translation=values.get("translation", ""),
        made_on=values.get("made_on") or None,
        record=record_id(instance, "statement"),
    )
    files = add_media(
        actor=context.actor,
        submission=submission,
        names=[values[f] for f in MEDIA_FIELDS if values.get(f)],
        title=f"Testimony of {source.pseudonym}",
        incidents=[],
        case=context.case,
        received=context.received,
        blob_root=context.blob_root,
        source=source.record,
    )
    return [source.record, statement.record, *files]


TESTIMONY = Mapping(
    name="testimony",
    form_id=FORM_ID,
    repeats=frozenset(),
    imported=lambda instance: Statement.objects.filter(
        pk=record_id(instance, "statement")
    ).exists(),
    apply=import_testimony,
)
