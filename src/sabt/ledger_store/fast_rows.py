"""Quick row writes for projectors that run once per event of a large import.

Building an INSERT or UPDATE through the ORM took Django several times longer
than running it (benchmarks/ledger.py). These helpers build each statement
once per model and column set, then only bind values. Values pass through
each field's own ``get_db_prep_save`` and come back through the same
converters a queryset applies, so rows read and written here are exactly what
the ORM would read and write. Model ``save`` methods and signals do not run:
projectors must not rely on them anyway, since rebuild replays events.

Inside ``write_batch.batch()`` writes wait to be sent together, and reads of
rows the batch wrote or read are answered from memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connection, models

from sabt.ledger_store import driver_cursor, write_batch

Converter = Callable[[Any, Any, Any], Any]
ModelT = TypeVar("ModelT", bound=models.Model)


def insert(model: type[models.Model], **values: Any) -> None:
    """Insert one row with these column values (by field name)."""
    sql, fields = _insert_sql(connection.vendor, model, tuple(values))
    params = _prepared(fields, values.values())
    held = write_batch.current()
    if held is None:
        _execute(sql, params)
        return
    table, pk = model._meta.db_table, model._meta.pk
    key = values.get(pk.name) if pk is not None else None
    held.hold_insert(
        table,
        [str(f.column) for f in fields],
        params,
        key=None if key is None else _read_key(model, key),
        read_as=_read_as(fields, values.values()),
    )


def update(model: type[models.Model], pk: Any, **values: Any) -> int:
    """Set these fields on the row with primary key ``pk``; return rows changed."""
    sql, fields = _update_sql(connection.vendor, model, tuple(values))
    params = _prepared(fields, values.values())
    held = write_batch.current()
    if held is not None:
        key = _read_key(model, pk)
        if held.knows(model._meta.db_table, key):
            held.hold_update(
                model._meta.db_table,
                key,
                {str(f.column): p for f, p in zip(fields, params, strict=True)},
                _read_as(fields, values.values()),
                lambda: (sql, [*params, pk]),
            )
            return 1
        held.send()
    return driver_cursor.rowcount(sql, [*params, pk])


def fetch(model: type[models.Model], pk: Any, *names: str) -> tuple[Any, ...] | None:
    """Return these fields of the row with primary key ``pk``, or None."""
    sql, columns = _select_sql(connection.vendor, model, names)
    held = write_batch.current()
    if held is not None:
        attnames = [f.attname for f in _fields(model, names)]
        known = held.read(model._meta.db_table, _read_key(model, pk), attnames)
        if known is not None:
            return tuple(known)
        held.send()
    row = driver_cursor.fetchone(sql, [pk])
    if row is None:
        return None
    values = tuple(
        _converted(value, col, converters)
        for value, (col, converters) in zip(row, columns, strict=True)
    )
    if held is not None:
        read = dict(zip(attnames, values, strict=True))
        held.remember(model._meta.db_table, _read_key(model, pk), read)
    return values


def get(model: type[ModelT], pk: Any) -> ModelT | None:
    """Return the row with primary key ``pk`` as a model instance, or None."""
    names = tuple(field.attname for field in model._meta.concrete_fields)
    values = fetch(model, pk, *names)
    if values is None:
        return None
    return model.from_db(connection.alias, list(names), values)


def _read_value(model_field: models.Field[Any, Any], value: Any) -> Any:
    """``value`` as reading it back from ``model_field``'s column would give it."""
    if isinstance(model_field, models.JSONField):
        return json.loads(json.dumps(value, cls=model_field.encoder))
    return model_field.to_python(value)


def _read_key(model: type[models.Model], pk: Any) -> Any:
    """``pk`` as a read of the row gives it, so each row has one key."""
    return _read_value(model._meta.pk, pk)


def _read_as(fields: Sequence[models.Field[Any, Any]], values: Any) -> dict[str, Any]:
    """Attribute name -> value as read back, for values being written."""
    return {
        field.attname: _read_value(field, value)
        for field, value in zip(fields, values, strict=True)
    }


def _execute(sql: str, params: Sequence[Any]) -> None:
    driver_cursor.execute(sql, params).close()


def _prepared(fields: Sequence[models.Field[Any, Any]], values: Any) -> list[Any]:
    return [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values, strict=True)
    ]


def _converted(value: Any, col: Any, converters: Sequence[Converter]) -> Any:
    for convert in converters:
        value = convert(value, col, connection)
    return value


def _fields(
    model: type[models.Model], names: Sequence[str]
) -> list[models.Field[Any, Any]]:
    fields: list[models.Field[Any, Any]] = []
    for name in names:
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field):  # a reverse relation
            raise ValueError(f"{model.__name__}.{name} has no column")
        fields.append(field)
    return fields


def _quoted(fields: Sequence[models.Field[Any, Any]]) -> list[str]:
    return [_column(field) for field in fields]


def _column(field: models.Field[Any, Any] | None) -> str:
    if field is None or field.column is None:
        raise ValueError(f"{field} has no column of its own")
    return connection.ops.quote_name(field.column)


# The vendor is part of each cache key: quoting and converters depend on it.


@lru_cache(maxsize=256)
def _insert_sql(
    vendor: str, model: type[models.Model], names: tuple[str, ...]
) -> tuple[str, list[models.Field[Any, Any]]]:
    fields = _fields(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(fields))
    columns = ", ".join(_quoted(fields))
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", fields  # noqa: S608


@lru_cache(maxsize=256)
def _update_sql(
    vendor: str, model: type[models.Model], names: tuple[str, ...]
) -> tuple[str, list[models.Field[Any, Any]]]:
    fields = _fields(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _quoted(fields))
    pk = _column(model._meta.pk)
    return f"UPDATE {table} SET {assignments} WHERE {pk} = %s", fields  # noqa: S608


@lru_cache(maxsize=256)
def _select_sql(
    vendor: str, model: type[models.Model], names: tuple[str, ...]
) -> tuple[str, list[tuple[Any, list[Converter]]]]:
    fields = _fields(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = _column(model._meta.pk)
    columns = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(
            connection
        )
        columns.append((col, converters))
    sql = f"SELECT {', '.join(_quoted(fields))} FROM {table} WHERE {pk} = %s"  # noqa: S608
    return sql, columns
