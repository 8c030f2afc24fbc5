"""Estimating the model's parameters from the data (``fit``).

Parameters come from the data: u by random sampling, the share of true
matches from deterministic rules, m by expectation maximisation (EM) on
pairs blocked in several ways, so that every field is estimated in a
session that does not block on it; no m falls below ``M_FLOOR``. Lists
too short to estimate from keep the fixed priors of ``comparisons``,
without term-frequency adjustments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from splink import Linker, SettingsCreator, block_on
from splink.blocking_analysis import (
    count_comparisons_from_blocking_rule,
    cumulative_comparisons_to_be_scored_from_blocking_rules_data,
)
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.database_api import DatabaseAPISubClass

from sabt.tracing.linkage.comparisons import PREPARED_KEYS, comparisons
from sabt.tracing.linkage.levels import (
    ONE_SLIP,
    ONE_YEAR_APART,
    SAME_CONSONANTS,
    SAME_DATE,
    SAME_SPELLING,
    SAME_VILLAGE,
    SAME_VILLAGE_SEEN_APART,
    SAME_VILLAGE_SEEN_THERE,
    SAME_YEARS,
    YEARS_OVERLAP,
)
from sabt.tracing.linkage.settings import (
    BLOCKING_KEYS,
    FALLBACK_KEYS,
    IDENTIFIER_KEYS,
    MIN_MATCH_SHARE,
    Blocking,
    LinkType,
    blocking_rules,
    bounded_share,
    has_lineage,
    prior_match_share,
    settings,
)

# EM sessions: each estimates the fields its rule does not block on (Splink
# leaves out any field whose columns the rule uses), and together they
# estimate every field. EM needs blocked pairs of which a good share (1%
# or more) are true matches, and it is misled where different people in a
# block agree on a field for a reason: blocked on the village, namesakes
# share the place last seen too. So each session first tries a narrow rule
# without the village; short lists, where that gives fewer than
# MIN_PAIRS_FOR_EM pairs, take the broad rule after it. Any mix of the two
# covers every field (given name in the second, birth year in the third,
# village in the first). The father's and grandfather's comparisons read
# the given name too (their "a relative's" levels), so only the last
# session, blocking on no name, estimates them.
TRAINING_RULES: tuple[tuple[BlockingRuleCreator, BlockingRuleCreator], ...] = (
    (
        block_on("given_skeleton", "father_skeleton", "birth_year_high"),
        block_on("given_skeleton", "father_skeleton"),
    ),
    (
        block_on("father_skeleton", "grandfather_skeleton", "birth_year_high"),
        block_on("father_skeleton", "village"),
    ),
    (
        block_on("given_skeleton", "grandfather_skeleton", "sex"),
        block_on("given_skeleton", "village"),
    ),
    (
        block_on("village", "birth_year_high", "last_seen_day"),
        block_on("village"),
    ),
)
# Lists without lineage: one session blocks on the names and estimates the
# rest, the other on a date of birth or an identifier (or, lacking those,
# village and age) and estimates the names. Each takes the first rule
# whose columns both lists hold and that gives MIN_PAIRS_FOR_EM pairs.
NAMES_TRAINING_KEYS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (
        ("given_skeleton", "family_skeleton"),
        ("given_skeleton", "village"),
        ("given_skeleton", "birth_year_high"),
    ),
    (
        ("dob",),
        ("email",),
        ("tazkira",),
        ("phone",),
        ("village", "birth_year_high"),
        ("village",),
    ),
)

# A pair agreeing on all of these is taken as a match when estimating how
# many pairs are matches: the pairs it admits, over the share of true
# matches it admits (its recall), over all pairs. Its recall is first
# guessed (DETERMINISTIC_RECALL, for EM to start from), then estimated
# from the trained model: the product, over the fields it demands, of the
# share of rows of each list that have the field and the m probability of
# the levels it accepts (``DETERMINISTIC_LEVELS``). A true pair escapes
# the rule where a field is missing or written too differently, and that
# is what those figures measure.
DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.given_skeleton = r.given_skeleton and l.father_skeleton = r.father_skeleton"
    " and l.village = r.village"
    " and l.birth_year_low <= r.birth_year_high + 1"
    " and r.birth_year_low <= l.birth_year_high + 1",
)
DETERMINISTIC_RECALL = 0.5
# Per comparison of the rule: the column it needs on both sides, and the
# labels of the levels in which the rule's condition holds.
Levels = dict[str, tuple[str, tuple[str, ...]]]
_SAME_NAME = (SAME_SPELLING, SAME_CONSONANTS)
_CLOSE_YEARS = (SAME_YEARS, YEARS_OVERLAP, ONE_YEAR_APART)
_YEARS_WITHIN_ONE = (
    " and l.birth_year_low <= r.birth_year_high + 1"
    " and r.birth_year_low <= l.birth_year_high + 1"
)
DETERMINISTIC_LEVELS: Levels = {
    "given_name": ("given_skeleton", _SAME_NAME),
    "father_name": ("father_skeleton", _SAME_NAME),
    "village": (
        "village",
        (SAME_VILLAGE_SEEN_THERE, SAME_VILLAGE_SEEN_APART, SAME_VILLAGE),
    ),
    "birth_year": ("birth_year_low", _CLOSE_YEARS),
}
# A list without lineage takes the first of these whose columns are filled
# in at least DETERMINISTIC_FILL of each list's rows, instead.
NAMES_DETERMINISTIC: tuple[tuple[str, Levels], ...] = (
    (
        "l.given_skeleton = r.given_skeleton and l.family_skeleton = r.family_skeleton"
        " and damerau_levenshtein(l.dob, r.dob) <= 1",
        {
            "given_name": ("given_skeleton", _SAME_NAME),
            "family_name": ("family_skeleton", _SAME_NAME),
            "date_of_birth": ("dob", (SAME_DATE, ONE_SLIP)),
        },
    ),
    (
        "l.given_skeleton = r.given_skeleton and l.family_skeleton = r.family_skeleton"
        + _YEARS_WITHIN_ONE,
        {
            "given_name": ("given_skeleton", _SAME_NAME),
            "family_name": ("family_skeleton", _SAME_NAME),
            "birth_year": ("birth_year_low", _CLOSE_YEARS),
        },
    ),
    (
        "l.given_skeleton = r.given_skeleton and l.village = r.village"
        + _YEARS_WITHIN_ONE,
        {
            "given_name": ("given_skeleton", _SAME_NAME),
            "village": (
                "village",
                (SAME_VILLAGE_SEEN_THERE, SAME_VILLAGE_SEEN_APART, SAME_VILLAGE),
            ),
            "birth_year": ("birth_year_low", _CLOSE_YEARS),
        },
    ),
)
DETERMINISTIC_FILL = 0.3

# Below these counts the data says too little and the priors stay.
MIN_RECORDS_TO_TRAIN = 200
MIN_PAIRS_FOR_EM = 100
# No level's m probability falls below this after training (see
# ``with_m_floor``): a disagreement weighs at most about -6 to -7.
M_FLOOR = 0.01
# ... except where the given or father's names clearly differ: the names
# are how a person is told from his brother, cousin or namesake, and a
# clear contradiction there weighs about -9.
NAME_M_FLOOR = 0.002
# ... and no more than this share of one person's records give their given
# or father's names clearly differently. EM overestimates that share: on
# the synthetic lists, where the truth is known, it is about 0.002, and EM
# finds about 0.01, because in the session blocked on village, age and day
# namesakes with other fathers look like matches. Capped, a contradicting
# name weighs about -7.6 rather than -6.6.
NAME_CONTRADICTION_M = 0.005
# Random pairs sampled to estimate u (Splink's default): seconds on two cores.
U_PAIRS = 1_000_000
U_SEED = 20210907


@dataclass(frozen=True)
class Training:
    """What ``fit`` estimated from the data, and what stayed a prior."""

    records: int
    match_share_estimated: bool
    u_estimated: bool
    em_rules: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    compared: bool = True
    fields: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """One line saying where the parameters came from."""
        if not self.compared:
            return "parameters: none needed (no two rows to compare)"
        if not (self.match_share_estimated or self.u_estimated or self.em_rules):
            return f"parameters: the fixed priors ({self.records} records)"
        parts = [
            "u from random pairs" if self.u_estimated else "u from the priors",
            f"m by EM on {len(self.em_rules)} blockings"
            if self.em_rules
            else "m from the priors",
            "match share from deterministic rules"
            if self.match_share_estimated
            else "match share from the prior",
        ]
        return "parameters: " + ", ".join(parts)


@dataclass(frozen=True)
class Plan:
    """What a run compares and blocks on, from the columns the lists hold.

    ``filled`` gives, per list, the share of rows with each prepared
    column; ``present`` the columns filled somewhere in every list.
    """

    filled: tuple[dict[str, float], ...]
    present: frozenset[str]
    blocking: Blocking
    fields: tuple[str, ...]


def plan(tables: Sequence[Any], *, db_api: DatabaseAPISubClass) -> Plan:
    """Choose the blocking rules and comparisons for these tables."""
    link_type: LinkType = "dedupe_only" if len(tables) == 1 else "link_only"
    filled = tuple(_filled(table, KEY_COLUMNS) for table in tables)
    present = frozenset(
        column for column in KEY_COLUMNS if all(f[column] > 0 for f in filled)
    )
    blocking = blocking_rules(
        present,
        lineage=has_lineage(filled),
        records=sum(rows_of(table) for table in tables),
        count=lambda rule: _pairs(tables, rule, link_type, db_api),
    )
    fields = tuple(
        c.get_comparison("duckdb").output_column_name
        for c in comparisons(present)
        if not isinstance(c, dict)
    )
    return Plan(filled, present, blocking, fields)


# The prepared columns whose presence chooses rules and comparisons.
KEY_COLUMNS = tuple(
    sorted(
        PREPARED_KEYS
        | {column for keys in BLOCKING_KEYS for column in keys}
        | {column for keys in IDENTIFIER_KEYS for column in keys}
        | {column for keys in FALLBACK_KEYS for column in keys}
    )
)


def fit(
    tables: Sequence[Any],
    *,
    db_api: DatabaseAPISubClass,
    chosen: Plan | None = None,
) -> tuple[Linker, Training]:
    """Build a linker over one table (dedupe) or two (link), and train it.

    ``db_api`` is the Splink backend (``DuckDBAPI()``, ``SparkAPI(...)``).
    ``tables`` are prepared frames (``prepare.prepare``), or anything the
    backend reads, such as Spark DataFrames; with two, the first is list
    "a". Every step that cannot run (too few records, too few pairs in a
    blocking) leaves the priors and adds a note saying why. ``chosen`` is
    the ``plan`` for the tables, made here if not given.
    """
    chosen = chosen or plan(tables, db_api=db_api)
    sizes = [rows_of(table) for table in tables]
    link_type: LinkType = "dedupe_only" if len(tables) == 1 else "link_only"
    records = sum(sizes)
    aliases = ["a"] if len(tables) == 1 else ["a", "b"]
    if records < MIN_RECORDS_TO_TRAIN:
        # Term frequencies of a handful of rows say nothing about names.
        model = settings(
            link_type,
            probability_two_random_records_match=prior_match_share(sizes),
            term_frequencies=False,
            present=chosen.present,
            blocking=chosen.blocking,
        )
        note = f"{records} records, fewer than {MIN_RECORDS_TO_TRAIN}"
        linker = _linker(tables, model, db_api, aliases)
        return linker, Training(
            records, False, False, (), (note,), fields=chosen.fields
        )
    notes: list[str] = []
    sure_rule, levels = _deterministic_rule(chosen)
    found = (
        _deterministic_pairs(tables, sure_rule, link_type, db_api) if sure_rule else 0
    )
    pairs = _all_pairs(sizes)
    if not found:
        notes.append("no pair met the deterministic rules")
    sessions = (
        _training_sessions(tables, link_type, db_api, notes)
        if chosen.blocking.lineage
        else _names_sessions(tables, chosen.present, link_type, db_api, notes)
    )
    model = settings(
        link_type,
        probability_two_random_records_match=bounded_share(
            found / DETERMINISTIC_RECALL / pairs
        )
        if found
        else prior_match_share(sizes),
        present=chosen.present,
        blocking=chosen.blocking,
    )
    # Trained under other names, so that the linker that predicts can be
    # built afresh from the trained model with its m probabilities floored.
    trainer = _linker(tables, model, db_api, [f"training_{a}" for a in aliases])
    trainer.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=U_SEED)
    for rule in sessions:
        trainer.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    trained = with_m_floor(trainer.misc.save_model_to_json())
    if found:
        recall = deterministic_recall(trained, chosen.filled, levels)
        trained["probability_two_random_records_match"] = bounded_share(
            found / recall / pairs
        )
    em_rules = tuple(_sql(rule, db_api) for rule in sessions)
    return _linker(tables, trained, db_api, aliases), Training(
        records, bool(found), True, em_rules, tuple(notes), fields=chosen.fields
    )


def _deterministic_rule(chosen: Plan) -> tuple[str, Levels]:
    """The deterministic rule for these lists, or "" if none fits."""
    if chosen.blocking.lineage:
        return DETERMINISTIC_RULES[0], DETERMINISTIC_LEVELS
    for rule, levels in NAMES_DETERMINISTIC:
        columns = [column for column, _ in levels.values()]
        if all(
            shares.get(column, 0.0) >= DETERMINISTIC_FILL
            for shares in chosen.filled
            for column in columns
        ):
            return rule, levels
    return "", {}


def _names_sessions(
    tables: Sequence[Any],
    present: frozenset[str],
    link_type: LinkType,
    db_api: DatabaseAPISubClass,
    notes: list[str],
) -> list[BlockingRuleCreator]:
    """The EM sessions of lists without lineage (``NAMES_TRAINING_KEYS``)."""
    sessions: list[BlockingRuleCreator] = []
    for candidates in NAMES_TRAINING_KEYS:
        for keys in candidates:
            rule = block_on(*keys)
            if set(keys) <= present and (
                _pairs(tables, rule, link_type, db_api) >= MIN_PAIRS_FOR_EM
            ):
                sessions.append(rule)
                break
        else:
            notes.append("EM: no blocking of these lists gave enough pairs")
    return sessions


def _training_sessions(
    tables: Sequence[Any],
    link_type: LinkType,
    db_api: DatabaseAPISubClass,
    notes: list[str],
) -> list[BlockingRuleCreator]:
    """The rule of each EM session that has enough pairs to learn from."""
    sessions: list[BlockingRuleCreator] = []
    for narrow, broad in TRAINING_RULES:
        rule, pairs = narrow, _pairs(tables, narrow, link_type, db_api)
        if pairs < MIN_PAIRS_FOR_EM:
            rule, pairs = broad, _pairs(tables, broad, link_type, db_api)
        if pairs < MIN_PAIRS_FOR_EM:
            sql = _sql(rule, db_api)
            notes.append(f"EM on {sql}: {pairs} pairs, too few")
        else:
            sessions.append(rule)
    return sessions


def _linker(
    tables: Sequence[Any],
    model: SettingsCreator | dict[str, Any],
    db_api: DatabaseAPISubClass,
    aliases: list[str],
) -> Linker:
    """A linker over the tables, starting with nothing cached.

    The backend caches intermediate tables by step name, not by linker or
    input, so tables another linker or a blocking analysis left would be
    taken for this one's. Input tables an earlier call left under the same
    aliases (a Spark session serves many calls) are dropped, since Splink
    refuses to register over them.
    """
    for alias in aliases:
        db_api.delete_table_from_database(alias)
    linker = Linker(
        list(tables),
        model,
        db_api=db_api,
        input_table_aliases=aliases,
        set_up_basic_logging=False,
    )
    linker.table_management.invalidate_cache()  # type: ignore[no-untyped-call]  # splink leaves it unannotated
    return linker


def with_m_floor(model: dict[str, Any]) -> dict[str, Any]:
    """The trained model with every level's m probability at least M_FLOOR.

    EM on a few hundred pairs sets m to 0 for a level no match fell in,
    which would make one slip (a sex written wrong, an age four years off)
    veto any match. Each comparison's m probabilities are raised to the
    floor (NAME_M_FLOOR for the given and father's names, whose last level,
    clearly different, is also capped at NAME_CONTRADICTION_M) and scaled
    to sum to 1 again.
    """
    for comparison in model["comparisons"]:
        levels = [
            level
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level") and level.get("m_probability") is not None
        ]
        is_name = comparison["output_column_name"] in {"given_name", "father_name"}
        floor = NAME_M_FLOOR if is_name else M_FLOOR
        bounded = [max(float(level["m_probability"]), floor) for level in levels]
        if is_name and bounded:
            bounded[-1] = min(bounded[-1], NAME_CONTRADICTION_M)
        total = sum(bounded)
        for level, m in zip(levels, bounded, strict=True):
            level["m_probability"] = m / total
    return model


def _deterministic_pairs(
    tables: Sequence[Any], rule: str, link_type: LinkType, db_api: DatabaseAPISubClass
) -> int:
    """How many pairs meet the deterministic rule."""
    counts = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
        table_or_tables=list(tables),
        blocking_rules=[rule],
        link_type=link_type,
        db_api=db_api,
    )
    return int(counts.iloc[-1]["cumulative_rows"])


def _all_pairs(sizes: Sequence[int]) -> float:
    if len(sizes) == 1:
        return sizes[0] * (sizes[0] - 1) / 2
    return float(sizes[0] * sizes[1])


def deterministic_recall(
    model: dict[str, Any],
    filled: Sequence[dict[str, float]],
    levels: Levels = DETERMINISTIC_LEVELS,
) -> float:
    """The share of true pairs ``DETERMINISTIC_RULES`` admits, by the model.

    ``filled`` gives, for each list (one for a dedupe), the share of its
    rows that have each column. A true pair meets the rule where both rows
    have every field it demands and each field falls in an accepted level;
    fields are taken as independent, as the model takes them.
    """
    sides = [filled[0], filled[-1]]
    levels_of = {
        c["output_column_name"]: c["comparison_levels"] for c in model["comparisons"]
    }
    recall = 1.0
    for name, (column, accepted) in levels.items():
        agree = sum(
            float(level["m_probability"])
            for level in levels_of[name]
            if level.get("label_for_charts") in accepted
        )
        recall *= sides[0][column] * sides[1][column] * agree
    return max(recall, MIN_MATCH_SHARE)


def _filled(table: Any, columns: Sequence[str]) -> dict[str, float]:
    """The share of a table's rows that have each of the columns."""
    rows = rows_of(table)
    if not rows:
        return dict.fromkeys(columns, 0.0)
    if hasattr(table, "shape"):
        return {column: float(table[column].notna().mean()) for column in columns}
    return {
        column: table.where(f"{column} is not null").count() / rows
        for column in columns
    }


def _pairs(
    tables: Sequence[Any],
    rule: BlockingRuleCreator,
    link_type: LinkType,
    db_api: DatabaseAPISubClass,
) -> int:
    counts = count_comparisons_from_blocking_rule(
        table_or_tables=list(tables),
        blocking_rule=rule,
        link_type=link_type,
        db_api=db_api,
    )
    return int(counts["number_of_comparisons_to_be_scored_post_filter_conditions"])


def _sql(rule: BlockingRuleCreator, db_api: DatabaseAPISubClass) -> str:
    dialect = db_api.sql_dialect.sql_dialect_str
    return rule.get_blocking_rule(dialect).blocking_rule_sql


def rows_of(table: Any) -> int:
    """Rows of a pandas or Spark frame."""
    count = getattr(table, "count", None)
    if callable(count) and not hasattr(table, "shape"):
        return int(count())
    return len(table)
