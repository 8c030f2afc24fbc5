"""The write path for counts: define what to count, record an estimate."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sabt.analysis.models import Count, Estimate
from sabt.analysis.mse.run import METHODS, Summary, estimate
from sabt.analysis.mse.table import CaptureTable
from sabt.core.cases import DEFAULT_CASE
from sabt.ledger.canonical import canonical_bytes
from sabt.ledger_store import fast_rows
from sabt.ledger_store.recording import record_event


def define_count(
    *,
    actor: AbstractBaseUser,
    title: str,
    lists: Sequence[str],
    case: str = DEFAULT_CASE,
    act_types: Sequence[str] = (),
    period_from: str = "",
    period_to: str = "",
    places: Sequence[str] = (),
    threshold: float = 0.9,
) -> Count:
    """Record a count definition in a case the caller checked the actor may
    analyse. Raises ValidationError naming the bad field."""
    errors = {}
    if not title.strip():
        errors["title"] = _("A count needs a title.")
    if len(set(lists)) < 2:
        errors["lists"] = _("A count needs at least two lists.")
    if not 0 < threshold <= 1:
        errors["threshold"] = _("The match threshold is a probability above 0.")
    if errors:
        raise ValidationError(errors)
    event = record_event(
        type="count.defined",
        record=str(uuid.uuid4()),
        body={
            "actor": actor.get_username(),
            "case": case,
            "title": title.strip(),
            "lists": sorted(set(lists)),
            "act_types": sorted(set(act_types)),
            "period_from": period_from,
            "period_to": period_to,
            "places": sorted(set(places)),
            "threshold": threshold,
        },
    )
    count = fast_rows.get(Count, event.record)
    if count is None:  # the projector writes it in the same transaction
        raise LookupError(f"count {event.record} was recorded but not projected")
    return count


def table_digest(table: CaptureTable) -> str:
    """SHA-256 of the table's canonical JSON: what an estimate was computed from."""
    value = {
        "lists": list(table.lists),
        "cells": [int(c) for c in table.full()[1:]],
    }
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def record_estimate(
    *,
    actor: AbstractBaseUser,
    count: Count,
    table: CaptureTable,
    method: str,
    stratum: str = "",
    seed: int = 1,
    iterations: int | None = None,
    burn_in: int | None = None,
    bootstrap: int | None = None,
    inputs: dict[str, object] | None = None,
) -> Estimate:
    """Estimate one table with one method and record it with the table's digest."""
    summary = _summary(
        table,
        method,
        seed=seed,
        iterations=iterations,
        burn_in=burn_in,
        bootstrap=bootstrap,
    )
    return _record_summary(
        actor=actor,
        count=count,
        table=table,
        stratum=stratum,
        summary=summary,
        inputs=inputs,
    )


def _summary(
    table: CaptureTable,
    method: str,
    *,
    seed: int,
    iterations: int | None,
    burn_in: int | None,
    bootstrap: int | None,
) -> Summary:
    if method not in METHODS:
        raise ValidationError({"method": _("Unknown method.")})
    try:
        return estimate(
            table,
            method,
            seed=seed,
            iterations=iterations,
            burn_in=burn_in,
            bootstrap=bootstrap,
        )
    except ValueError as exc:
        raise ValidationError({"method": str(exc)}) from exc


def _record_summary(
    *,
    actor: AbstractBaseUser,
    count: Count,
    table: CaptureTable,
    stratum: str,
    summary: Summary,
    inputs: dict[str, object] | None,
) -> Estimate:
    method = summary["method"]
    event = record_event(
        type="count.estimated",
        record=count.record,
        body={
            "actor": actor.get_username(),
            "stratum": stratum,
            "method": method,
            "observed": summary["observed"],
            "estimate": summary["estimate"],
            "lower": summary["lower"],
            "upper": summary["upper"],
            "table_digest": table_digest(table),
            "table": [int(c) for c in table.full()[1:]],
            "settings": summary["settings"],
            "warnings": summary["warnings"],
            "inputs": inputs or {},
        },
    )
    found = fast_rows.get(Estimate, event.id)
    if found is None:
        raise LookupError(f"estimate {event.id} was recorded but not projected")
    return found


def review_pair(
    *, actor: AbstractBaseUser, count: Count, left: str, right: str, decision: str
) -> None:
    """Record that two entries are (or are not) one person, for this count."""
    if decision not in ("confirmed", "rejected"):
        raise ValidationError({"decision": _("A pair is confirmed or rejected.")})
    if not left or not right or left == right:
        raise ValidationError({"pair": _("A pair needs two different entries.")})
    left, right = sorted((left, right))
    record_event(
        type="count.pair_reviewed",
        record=count.record,
        body={
            "actor": actor.get_username(),
            "left": left,
            "right": right,
            "decision": decision,
        },
    )


def compute_count(
    *,
    actor: AbstractBaseUser,
    count: Count,
    seed: int = 1,
    iterations: int | None = None,
    burn_in: int | None = None,
    bootstrap: int | None = None,
) -> Count:
    """Gather, dedupe and tabulate the count's lists; record the documented
    counts (``count.computed``) and one estimate per method that can run."""
    # Splink and the estimators load only when a count is computed.
    from sabt.analysis.compute import tabulate  # noqa: PLC0415

    count = Count.objects.get(pk=count.record)  # with the latest reviews
    computed = tabulate(count)
    body = {"actor": actor.get_username(), **computed.body}
    # Every estimate first, outside the transaction (seconds of sampling);
    # then all or nothing, so a method that cannot run records nothing.
    summaries = [
        (
            stratum,
            table,
            _summary(
                table,
                method,
                seed=seed,
                iterations=iterations,
                burn_in=burn_in,
                bootstrap=bootstrap,
            ),
        )
        for stratum, table in computed.tables.items()
        for method in computed.methods(table, stratum)
    ]
    with transaction.atomic():
        record_event(type="count.computed", record=count.record, body=body)
        for stratum, table, summary in summaries:
            _record_summary(
                actor=actor,
                count=count,
                table=table,
                stratum=stratum,
                summary=summary,
                inputs=computed.body["inputs"],
            )
    return Count.objects.get(pk=count.record)
