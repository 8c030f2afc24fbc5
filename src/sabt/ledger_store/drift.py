"""Finding where the projection tables have drifted from the ledger.

The tables are only a projection: anyone with database access can edit a
row, and disclosure reads rows. This compares every live row with what
replaying the ledger gives, inside a transaction that is rolled back, so
the check changes nothing and reuses the one replay ``sabt rebuild`` runs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import models, transaction

from sabt.ledger_store.projection import projection_models
from sabt.ledger_store.rebuild import LedgerNotIntact, rebuild_projections

# Values of these columns are never printed: they hold sealed tokens or
# free text that may name a person.
_LONGEST_SHOWN = 40

Row = dict[str, str]


@dataclass(frozen=True)
class Difference:
    """One table row that the ledger does not account for, or that is missing."""

    table: str
    key: str
    kind: str  # "changed", "extra" or "missing"
    columns: tuple[str, ...] = ()
    live: tuple[str | None, ...] = ()
    ledger: tuple[str | None, ...] = ()

    def __str__(self) -> str:
        where = f"{self.table} record {self.key}"
        if self.kind == "extra":
            return f"{where}: in the table, not from the ledger"
        if self.kind == "missing":
            return f"{where}: from the ledger, missing from the table"
        parts = [
            f"{column} is {_shown(live)} in the table, {_shown(ledger)} from the ledger"
            if live is not None and ledger is not None
            else f"{column} differs (value not shown)"
            for column, live, ledger in zip(
                self.columns, self.live, self.ledger, strict=True
            )
        ]
        return f"{where}: {'; '.join(parts)}"


@dataclass(frozen=True)
class DriftReport:
    tables: int
    rows: int
    differences: list[Difference]


class ProjectionDrift(ValueError):
    """Rows about to be disclosed differ from the ledger; nothing was written."""

    def __init__(self, differences: list[Difference]) -> None:
        first = differences[0]
        columns = ", ".join(first.columns) or (
            "row missing" if first.kind == "missing" else "row not from the ledger"
        )
        super().__init__(
            f"refused: the projection of record {first.key} ({first.table}) "
            f"differs from the ledger: {columns}; run sabt rebuild --check"
        )
        self.differences = differences


def _shown(value: str) -> str:
    return f"'{value}'"


def _tables() -> list[type[models.Model]]:
    """Every projection model and its many-to-many link models."""
    found: list[type[models.Model]] = []
    for model in projection_models():
        found.append(model)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and not isinstance(through, str):
                found.append(through)
    return found


def _text(value: object) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def _is_secret(field: models.Field[object, object]) -> bool:
    return field.name.startswith("sealed") or isinstance(
        field, models.BinaryField | models.JSONField | models.TextField
    )


def _snapshot(
    model: type[models.Model], records: set[str] | None
) -> dict[str, list[Row]]:
    """The table's rows by key: the primary key, or for an automatic id the
    row itself (a replay numbers such rows afresh)."""
    pk = model._meta.pk
    is_auto = pk is None or isinstance(pk, models.AutoField | models.BigAutoField)
    fields = [f for f in model._meta.concrete_fields if not (is_auto and f.primary_key)]
    names = [f.attname for f in fields]
    rows: dict[str, list[Row]] = {}
    for values in model._base_manager.values_list(*names).iterator():
        row = dict(zip(names, map(_text, values), strict=True))
        if records is not None and not records.intersection(row.values()):
            continue
        key = (
            " ".join(f"{n}={v}" for n, v in row.items()) if is_auto else row[pk.attname]
        )
        rows.setdefault(key, []).append(row)
    return rows


def _compare(
    model: type[models.Model], live: dict[str, list[Row]], ledger: dict[str, list[Row]]
) -> Iterable[Difference]:
    table = model._meta.db_table
    secret = {f.attname for f in model._meta.concrete_fields if _is_secret(f)}
    for key in sorted(live.keys() | ledger.keys()):
        had, got = live.get(key, []), ledger.get(key, [])
        if len(had) == len(got) == 1 and had != got:
            columns = [c for c in had[0] if had[0][c] != got[0].get(c)]
            shown = [
                c not in secret
                and max(len(had[0][c]), len(got[0][c])) <= _LONGEST_SHOWN
                for c in columns
            ]
            yield Difference(
                table,
                key,
                "changed",
                tuple(columns),
                tuple(
                    had[0][c] if s else None
                    for c, s in zip(columns, shown, strict=True)
                ),
                tuple(
                    got[0][c] if s else None
                    for c, s in zip(columns, shown, strict=True)
                ),
            )
            continue
        extra = Counter(map(_frozen, had)) - Counter(map(_frozen, got))
        missing = Counter(map(_frozen, got)) - Counter(map(_frozen, had))
        yield from (Difference(table, key, "extra") for _ in extra.elements())
        yield from (Difference(table, key, "missing") for _ in missing.elements())


def _frozen(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(row.items()))


def check_projections(records: Collection[str] | None = None) -> DriftReport:
    """Compare the projection tables with a replay of the ledger.

    With ``records``, only rows naming one of them (by key or by a column
    such as a link's statement id) are compared. The replay runs in a
    transaction that is always rolled back, so nothing changes; on SQLite
    it holds the write lock for the length of one rebuild. Raises
    LedgerNotIntact if the ledger fails verification.
    """
    wanted = set(records) if records is not None else None
    tables = _tables()
    with transaction.atomic():
        live = {model: _snapshot(model, wanted) for model in tables}
        rebuild_projections()
        ledger = {model: _snapshot(model, wanted) for model in tables}
        transaction.set_rollback(True)
    differences = [
        difference
        for model in tables
        for difference in _compare(model, live[model], ledger[model])
    ]
    rows = sum(len(group) for rows in ledger.values() for group in rows.values())
    return DriftReport(tables=len(tables), rows=rows, differences=differences)


def check_records(records: Collection[str]) -> None:
    """Refuse, naming the first record, if rows of ``records`` have drifted.

    Raises ProjectionDrift, or ValueError if the ledger is not intact.
    """
    try:
        report = check_projections(records)
    except LedgerNotIntact as exc:
        raise ValueError("refused: the ledger is not intact; run sabt verify") from exc
    if report.differences:
        raise ProjectionDrift(report.differences)
