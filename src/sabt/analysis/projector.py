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
        reviews={},
        result={},
        computed_at="",
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
        settings={**body["settings"], "inputs": body.get("inputs", {})},
        warnings=body["warnings"],
        recorded_at=event.at,
    )


def _computed(event: Event) -> None:
    body = {k: v for k, v in event.body.items() if k != "actor"}
    fast_rows.update(Count, event.record, result=body, computed_at=event.at)


def _pair_reviewed(event: Event) -> None:
    found = fast_rows.fetch(Count, event.record, "reviews")
    reviews = dict(found[0]) if found else {}
    body = event.body
    reviews[f"{body['left']}|{body['right']}"] = body["decision"]
    fast_rows.update(Count, event.record, reviews=reviews)


apply = dispatch(
    {
        "count.defined": _defined,
        "count.estimated": _estimated,
        "count.computed": _computed,
        "count.pair_reviewed": _pair_reviewed,
    }
)
