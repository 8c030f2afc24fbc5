"""What an export or a report may show an audience, by each source's consent.

One plan serves both: a statement whose source keeps their account inside
the organisation is withheld from a court bundle and from a public report
alike; a name goes only as far as its source allowed. Everything held back
is listed with the reason, so the reader knows what they are not seeing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sabt.bundles.contents import records_of_incidents
from sabt.ledger_store.drift import check_records
from sabt.records import consent
from sabt.records.models import Source, Statement
from sabt.records.sealed import reveal

LEVEL_WORDS = {
    "nobody": "nobody",
    "organisation": "the organisation only",
    "un_courts": "UN mechanisms and courts",
    "public": "the public",
}


@dataclass
class Disclosure:
    audience: str
    records: set[str]
    names: dict[str, str] = field(default_factory=dict)  # source -> real name
    withheld: list[dict[str, Any]] = field(default_factory=list)

    def name_of(self, source: Source) -> str:
        """The source as this audience may see them: named, or the pseudonym."""
        return self.names.get(source.record, source.pseudonym)


def plan_for_incidents(incident_ids: Collection[str], audience: str) -> Disclosure:
    """The plan for these incidents and every record they rest on.

    Raises ValueError naming incidents that do not exist, or a bad audience.
    """
    records = records_of_incidents(incident_ids)
    missing = sorted(set(incident_ids) - records)
    if missing:
        raise ValueError(f"no incident with id {', '.join(missing)}")
    return plan(records, audience)


def plan(records: Collection[str], audience: str) -> Disclosure:
    """Decide, for ``audience``, which records go and which names are shown.

    Consent and names are read from the tables only after their rows of
    ``records`` are checked against a replay of the ledger, so an edited
    row cannot widen what goes out. Raises ValueError on a bad audience,
    or ProjectionDrift (a ValueError) naming a drifted record.
    """
    if audience not in consent.AUDIENCES:
        raise ValueError(
            f"unknown audience {audience!r}; one of {', '.join(consent.AUDIENCES)}"
        )
    check_records(records)
    kept = set(records)
    disclosure = Disclosure(audience=audience, records=kept)
    statements = Statement.objects.filter(pk__in=records).select_related("source")
    for statement in statements:
        level = statement.source.consent_account
        if not consent.allows(level, audience):
            kept.discard(statement.record)
            disclosure.withheld.append(
                _held(statement.record, "statement", "account", level, audience)
            )
    for source in Source.objects.filter(pk__in=records).order_by("record"):
        if not source.sealed_identity or source.is_identity_destroyed:
            continue
        if consent.allows(source.consent_name, audience):
            name = reveal(source, "real_name")
            if name:
                disclosure.names[source.record] = name
        else:
            disclosure.withheld.append(
                _held(source.record, "identity", "name", source.consent_name, audience)
            )
    return disclosure


def _held(
    record: str, what: str, covers: str, level: str, audience: str
) -> dict[str, Any]:
    why = (
        f"the source's consent lets their {covers} go to {LEVEL_WORDS[level]}, "
        f"not to {LEVEL_WORDS[audience]}"
    )
    return {"record": record, "what": what, "why": why}
