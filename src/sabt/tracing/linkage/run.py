"""Linking two lists, or finding duplicates in one, and writing the pairs.

``link`` and ``dedupe`` take checked lists (``columns.read_list``), prepare
them, fit the model (``training.fit``) and return every candidate pair whose
match probability reaches the threshold, with each field's weight.
``link_files`` and ``dedupe_files`` do the same from CSV files to a CSV
file for ``sabt link`` and ``sabt dedupe``: every input is read and checked
before any work starts, and the output appears whole or not at all.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from splink import DuckDBAPI
from splink.blocking_analysis import (
    cumulative_comparisons_to_be_scored_from_blocking_rules_data,
)
from splink.internals.database_api import DatabaseAPISubClass

from sabt.csvsafe import neutralise
from sabt.gazetteer.spellings import place_key
from sabt.tracing.linkage.columns import (
    ListError,
    PersonList,
    check_map_used,
    parse_map,
    read_list,
)
from sabt.tracing.linkage.levels import ALL_FIELDS
from sabt.tracing.linkage.prepare import PlaceKey, prepare, spark_frame
from sabt.tracing.linkage.settings import BLOCKING_KEYS, BLOCKING_RULES, Blocking
from sabt.tracing.linkage.training import Training, fit, plan, rows_of

DEFAULT_THRESHOLD = 0.9

# Every field has its column, 0 where the lists did not both hold it.
WEIGHT_COLUMNS = tuple(f"{name}_weight" for name in ALL_FIELDS)
OUTPUT_COLUMNS = ("id_a", "id_b", "probability", "match_weight", *WEIGHT_COLUMNS)

# Splink reports each step at INFO and warns about every parameter left at
# its prior; the Training summary says the same once.
SPLINK_LOG_LEVEL = logging.ERROR


@dataclass(frozen=True)
class Linkage:
    """The candidate pairs, the pairs each blocking rule added, the training.

    ``comparisons`` has one count per rule of ``blocking`` (the rules
    chosen for the columns the lists hold), each without the pairs of the
    rules before it; ``seconds`` times the steps ("train", "block",
    "predict").
    """

    pairs: pd.DataFrame
    comparisons: tuple[int, ...]
    training: Training
    seconds: dict[str, float]
    blocking: Blocking = field(default_factory=lambda: Blocking(BLOCKING_KEYS, True))

    def explain(self) -> list[str]:
        """Lines saying which rules chose the pairs and which fields weighed."""
        if not self.training.compared:
            return []
        lines = []
        if not self.blocking.lineage:
            lines.append(
                "no father's name in most rows: linked on names, dates and "
                "identifiers, with broader blocking"
            )
        rules = "; ".join(
            f"{rule} ({count})"
            for rule, count in zip(
                self.blocking.describe(), self.comparisons, strict=True
            )
        )
        lines.append(f"blocking (pairs each rule added): {rules}")
        lines.append("compared: " + ", ".join(self.training.fields))
        return lines

    @property
    def scored(self) -> int:
        """How many pairs the model scored."""
        return sum(self.comparisons)


@dataclass(frozen=True)
class Report:
    """What ``link_files`` or ``dedupe_files`` read, did and wrote."""

    lists: tuple[PersonList, ...]
    linkage: Linkage
    out: Path
    threshold: float


def today() -> date:
    """Today's date in UTC: ages are counted from it by default."""
    return datetime.now(UTC).date()


def link(
    list_a: PersonList,
    list_b: PersonList,
    *,
    as_of: date,
    threshold: float = DEFAULT_THRESHOLD,
    village_key: PlaceKey = place_key,
    db_api: DatabaseAPISubClass | None = None,
) -> Linkage:
    """Pairs (a row of A, a row of B) that are probably the same person.

    ``as_of`` is the date the lists were drawn up, for rows with an age but
    no last-seen date. ``db_api`` is the Splink backend (DuckDB by default;
    see ``settings`` for Spark).
    """
    tables = [
        prepare(list_a, as_of=as_of, village_key=village_key),
        prepare(list_b, as_of=as_of, village_key=village_key),
    ]
    return score(tables, threshold=threshold, db_api=db_api)


def dedupe(
    list_: PersonList,
    *,
    as_of: date,
    threshold: float = DEFAULT_THRESHOLD,
    village_key: PlaceKey = place_key,
    db_api: DatabaseAPISubClass | None = None,
) -> Linkage:
    """Pairs of rows of one list that are probably the same person."""
    tables = [prepare(list_, as_of=as_of, village_key=village_key)]
    return score(tables, threshold=threshold, db_api=db_api)


def score(
    tables: Sequence[Any],
    *,
    threshold: float,
    db_api: DatabaseAPISubClass | None = None,
) -> Linkage:
    """Fit the model to prepared tables and return the pairs that reach it.

    One table dedupes it; two link the first (ids "id_a") to the second.
    """
    api = db_api or DuckDBAPI()
    if api.sql_dialect.sql_dialect_str == "spark":
        spark = cast(Any, api).spark  # SparkAPI's session
        tables = [
            spark_frame(spark, table) if isinstance(table, pd.DataFrame) else table
            for table in tables
        ]
    sizes = [rows_of(table) for table in tables]
    if min(sizes) == 0 or sum(sizes) < 2:
        return Linkage(
            pairs=pd.DataFrame({column: [] for column in OUTPUT_COLUMNS}),
            comparisons=tuple(0 for _ in BLOCKING_RULES),
            training=Training(sum(sizes), False, False, (), compared=False),
            seconds={},
        )
    seconds: dict[str, float] = {}
    with _quiet_splink():
        started = time.perf_counter()
        chosen = plan(tables, db_api=api)
        counts = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
            table_or_tables=list(tables),
            blocking_rules=chosen.blocking.rules,
            link_type="dedupe_only" if len(tables) == 1 else "link_only",
            db_api=api,
        )
        seconds["block"] = _since(started)
        started = time.perf_counter()
        linker, training = fit(tables, db_api=api, chosen=chosen)
        seconds["train"] = _since(started)
        started = time.perf_counter()
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        raw = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]  # splink leaves it unannotated
        pairs = candidate_pairs(raw)
        seconds["predict"] = _since(started)
    return Linkage(
        pairs=pairs,
        comparisons=tuple(int(count) for count in counts["row_count"]),
        training=training,
        seconds=seconds,
        blocking=chosen.blocking,
    )


def candidate_pairs(predictions: pd.DataFrame) -> pd.DataFrame:
    """Splink's predictions as ``OUTPUT_COLUMNS``, most probable first.

    A field's weight is log2 of its Bayes factor, term-frequency adjustment
    included: positive when the field makes a match more likely, 0 when
    either side is empty.
    """
    swap = (
        predictions["source_dataset_l"] == "b"
        if "source_dataset_l" in predictions
        else pd.Series(False, index=predictions.index)
    )
    left = predictions["unique_id_l"].astype(str)
    right = predictions["unique_id_r"].astype(str)
    pairs = pd.DataFrame(
        {
            "id_a": left.where(~swap, right),
            "id_b": right.where(~swap, left),
            "probability": predictions["match_probability"].astype(float).round(4),
            "match_weight": predictions["match_weight"].astype(float).round(2),
        }
    )
    for name, column in zip(ALL_FIELDS, WEIGHT_COLUMNS, strict=True):
        if f"bf_{name}" not in predictions:
            pairs[column] = 0.0
            continue
        factor = predictions[f"bf_{name}"].astype(float)
        adjustment = f"bf_tf_adj_{name}"
        if adjustment in predictions:
            factor = factor * predictions[adjustment].astype(float)
        pairs[column] = np.log2(factor.clip(lower=1e-300)).round(2)
    return pairs.sort_values(
        ["probability", "id_a", "id_b"], ascending=[False, True, True]
    ).reset_index(drop=True)


def write_pairs(pairs: pd.DataFrame, out: Path) -> None:
    """Write the pairs as UTF-8 CSV, whole or not at all.

    The file is written beside ``out`` and renamed over it, so a reader
    never sees half a file and a failure leaves no file.
    """
    handle, temporary = tempfile.mkstemp(
        dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        safe = pairs.assign(
            id_a=pairs["id_a"].map(neutralise), id_b=pairs["id_b"].map(neutralise)
        )
        safe.to_csv(temporary, index=False, columns=list(OUTPUT_COLUMNS))
        Path(temporary).replace(out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def link_files(
    path_a: Path,
    path_b: Path,
    *,
    out: Path,
    threshold: float = DEFAULT_THRESHOLD,
    mapping: str = "",
    as_of: date | None = None,
) -> Report:
    """``sabt link``: read and check both lists, link them, write the pairs.

    Raises ListError (naming the file, line and column) before any work if
    a list or ``mapping`` ("their_header=column,...") is wrong.
    """
    lists = _read_all([path_a, path_b], out=out, mapping=mapping)
    linkage = link(*lists, as_of=as_of or today(), threshold=threshold)
    _write(linkage, out)
    return Report(tuple(lists), linkage, out, threshold)


def dedupe_files(
    path: Path,
    *,
    out: Path,
    threshold: float = DEFAULT_THRESHOLD,
    mapping: str = "",
    as_of: date | None = None,
) -> Report:
    """``sabt dedupe``: read and check one list, find its duplicates, write."""
    lists = _read_all([path], out=out, mapping=mapping)
    linkage = dedupe(lists[0], as_of=as_of or today(), threshold=threshold)
    _write(linkage, out)
    return Report(tuple(lists), linkage, out, threshold)


def _write(linkage: Linkage, out: Path) -> None:
    try:
        write_pairs(linkage.pairs, out)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ListError(f"{out}: cannot write the pairs: {reason}") from exc


def _read_all(paths: list[Path], *, out: Path, mapping: str) -> list[PersonList]:
    renames = parse_map(mapping)
    if not out.parent.is_dir():
        raise ListError(f"{out}: cannot write the pairs there: no such folder")
    if out.is_dir():
        raise ListError(f"{out}: is a folder; name the file to write the pairs to")
    if any(out.resolve() == path.resolve() for path in paths):
        raise ListError(f"{out}: is a list to read; write the pairs elsewhere")
    lists = [read_list(path, renames) for path in paths]
    check_map_used(renames, lists)
    return lists


def _since(started: float) -> float:
    return time.perf_counter() - started


@contextmanager
def _quiet_splink() -> Iterator[None]:
    splink_logger = logging.getLogger("splink")
    level = splink_logger.level
    splink_logger.setLevel(SPLINK_LOG_LEVEL)
    try:
        yield
    finally:
        splink_logger.setLevel(level)
