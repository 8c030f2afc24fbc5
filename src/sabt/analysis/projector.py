"""Turns ``count.*`` events into Count and Estimate fast_rows."""

from __future__ import annotations

from sabt.analysis.models import Count, Estimate
from sabt.ledger import Event
from sabt.ledger_store import fast_rows
from sabt.ledger_store.projection import dispatch


def _defined(event: Event) -> None:
    body = event.body
    fast_rows.insert(
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


def _estimated(event: Event) -> None:
    body = event.body
    fast_rows.insert(
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


apply = dispatch({"count.defined": _defined, "count.estimated": _estimated})
