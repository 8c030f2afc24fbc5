"""Turns ``count.*`` events into Count and Estimate rows."""

from __future__ import annotations

from sabt.analysis.models import Count, Estimate
from sabt.ledger import Event
from sabt.ledger_store import rows


def apply(event: Event) -> None:
    """Apply one count event; unknown count event types are an error."""
    body = event.body
    if event.type == "count.defined":
        rows.insert(
            Count,
            record=event.record,
            case=body["case"],
            title=body["title"],
            lists=body["lists"],
            act_types=body["act_types"],
            period_from=body["period_from"],
            period_to=body["period_to"],
            places=body["places"],
            threshold=body["threshold"],
            defined_by=body["actor"],
            defined_at=event.at,
        )
    elif event.type == "count.estimated":
        rows.insert(
            Estimate,
            event_id=event.id,
            count_id=event.record,
            stratum=body["stratum"],
            method=body["method"],
            observed=body["observed"],
            estimate=body["estimate"],
            lower=body["lower"],
            upper=body["upper"],
            table_digest=body["table_digest"],
            settings=body["settings"],
            warnings=body["warnings"],
            recorded_at=event.at,
        )
    else:
        raise ValueError(f"no projection for event type {event.type}")
