"""The linkage model: Fellegi-Sunter with Splink, its fields and blocking.

Each field of a candidate pair falls into one level (names: same spelling,
same consonants in either script, close consonants, different; birth years:
ranges that overlap, or are 1, 3 or 8 years apart; ...). Each level has an
m probability (how often true matches fall in it) and a u probability (how
often different people do); its weight is log2(m / u), and a pair's match
weight is the sum of its fields' weights plus the prior log-odds. The
weights explain a candidate field by field: a positive father's-name
weight says the fathers' names agree better than chance would make them.

Parameters come from the data (``fit``): u by random sampling, the share
of true matches from deterministic rules, m by expectation maximisation
(EM) on pairs blocked in three ways, so that every field is estimated in a
session that does not block on it; no m falls below ``M_FLOOR``. Lists
too short to estimate from keep the fixed priors written beside each level
below, without term-frequency adjustments.

Blocking (``BLOCKING_RULES``) keeps the number of pairs scored within what
two cores handle for a list of a million: see the rules' comments and
``benchmarks/linkage.py``.

The same settings run on every Splink backend. DuckDB is the default; for
lists of tens of millions, give ``run.link``, ``run.dedupe`` or
``run.score`` a Spark backend instead (``pip install 'sabt[spark]'``;
Spark needs Java 17)::

    from pyspark.sql import SparkSession
    from splink.backends.spark import SparkAPI, similarity_jar_location

    spark = (
        SparkSession.builder.config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir("hdfs:///tmp/sabt-checkpoints")
    linkage = run.link(list_a, list_b, as_of=..., db_api=SparkAPI(spark_session=spark))

The jar holds the Jaro-Winkler function Spark lacks. ``run.score`` turns
prepared pandas frames into Spark DataFrames (``prepare.spark_frame``);
lists too large for one machine's memory are prepared in parts, and their
Spark DataFrames, with the columns of ``prepare.PREPARED_COLUMNS``, passed
to ``run.score`` as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.blocking_analysis import (
    count_comparisons_from_blocking_rule,
    cumulative_comparisons_to_be_scored_from_blocking_rules_data,
)
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.database_api import DatabaseAPISubClass

LinkType = Literal["link_only", "dedupe_only"]

# The fields a candidate pair is compared on; each gives a column
# "<field>_weight" in the output.
FIELDS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "sex",
    "birth_year",
    "village",
    "last_seen_date",
)

# Pairs scored are those any rule below admits (each pair once). Names
# compare by consonant skeleton, so spelling and script do not split a
# block. On a synthetic list of 1,000,000 rows from the 193 villages of the
# gazetteer (``benchmarks/linkage.py``), the four rules admit 96% of the
# true pairs in 82 million comparisons (20, 31, 25 and 6 million, each
# rule counting only pairs the rules before it did not admit), scored in
# about two minutes on two cores. A national list spread over thousands of
# villages makes rules 2 and 3 far smaller.
#
# 1. Given name and father's name: how Afghan records identify a person,
#    and the usual true match.
# 2. Given name and village: the father's name missing, or misspelled
#    beyond its consonants.
# 3. Father's name and village: the given name written longer or shorter
#    ("Mohammad Aref" / "Aref") or misspelled.
# 4. Given name and grandfather's name: the father's name and village
#    both missing or different.
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("given_skeleton", "father_skeleton"),
    ("given_skeleton", "village"),
    ("father_skeleton", "village"),
    ("given_skeleton", "grandfather_skeleton"),
)
BLOCKING_RULES: tuple[BlockingRuleCreator, ...] = tuple(
    block_on(*keys) for keys in BLOCKING_KEYS
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

# Labels of the levels other code refers to (``DETERMINISTIC_LEVELS``, tests).
SAME_SPELLING = "same spelling"
SAME_CONSONANTS = "same consonants"
SAME_VILLAGE_SEEN_THERE = "same village, last seen in the same place"
SAME_VILLAGE_SEEN_APART = "same village, last seen in different places"
SAME_VILLAGE = "same village"
SEEN_THERE_VILLAGE_MISSING = "a village missing, last seen in the same place"
SAME_YEARS = "same age or year"
YEARS_OVERLAP = "ranges overlap"
ONE_YEAR_APART = "1 year apart"

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
DETERMINISTIC_LEVELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "given_name": ("given_skeleton", (SAME_SPELLING, SAME_CONSONANTS)),
    "father_name": ("father_skeleton", (SAME_SPELLING, SAME_CONSONANTS)),
    "village": (
        "village",
        (SAME_VILLAGE_SEEN_THERE, SAME_VILLAGE_SEEN_APART, SAME_VILLAGE),
    ),
    "birth_year": ("birth_year_low", (SAME_YEARS, YEARS_OVERLAP, ONE_YEAR_APART)),
}

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
# When the data cannot say, the prior expects this many true matches per
# record of the smaller list (link), or per record (dedupe) ...
PRIOR_MATCHES_PER_RECORD = 0.2
# ... and never more than one pair in this many: the rows of even the
# shortest lists are drawn from a valley's people, and two of them are no
# likelier the same person than two people of the valley. (For three rows
# the first rule would expect one match in fifteen pairs, and take a man
# of the same name, village and age but another father for the one sought.)
PRIOR_POPULATION = 10_000
MIN_MATCH_SHARE = 1e-12
MAX_MATCH_SHARE = 0.5


@dataclass(frozen=True)
class Training:
    """What ``fit`` estimated from the data, and what stayed a prior."""

    records: int
    match_share_estimated: bool
    u_estimated: bool
    em_rules: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    compared: bool = True

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


def name_comparison(
    field: str, name: str, *, term_frequencies: bool = True
) -> ComparisonCreator:
    """Compare one name by spelling, consonants, one slip, or a part of it.

    Term-frequency adjustment makes a shared common name (Mohammad) weigh
    less than a shared rare one. Names that share only a common first word
    (Mohammad Fayz, Mohammad Nazar; Abdul Hakim, Abdul Wahid) are different
    names: a similarity measure that favours shared beginnings would count
    them near, so only one slip of the pen counts as near: a letter dropped,
    added or changed, or two swapped (Hakim, Hakm; Ahmad, Amhad). One
    name ending with the other ("Mohammad Hanif", "Hanif"; "Sayedvakil",
    "Vakil") is a name written longer or shorter. The grandfather's name
    agreeing while both fathers' names are written and differ is what
    cousins named after one grandfather look like, so it has its own level
    rather than the weight of a shared name.
    """
    folded, skeleton = f"{name}_folded", f"{name}_skeleton"
    same_spelling = cll.ExactMatchLevel(folded).configure(
        m_probability=0.7, u_probability=0.004, label_for_charts=SAME_SPELLING
    )
    same_consonants = cll.ExactMatchLevel(skeleton).configure(
        m_probability=0.2, u_probability=0.002, label_for_charts=SAME_CONSONANTS
    )
    if term_frequencies:
        same_spelling.configure(tf_adjustment_column=folded)
        same_consonants.configure(tf_adjustment_column=skeleton)
    left, right = f"{skeleton}_l", f"{skeleton}_r"
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [cll.NullLevel(skeleton)]
    # Brothers share father and grandfather, cousins the grandfather: a
    # shared elder's name with the person's own name clearly different
    # says "same family", not "same person".
    relatives = {
        "father": ("given",),
        "grandfather": ("given", "father"),
    }.get(name, ())
    if relatives:
        differ = " or ".join(
            _clearly_differ(f"{other}_skeleton") for other in relatives
        )
        levels.append(
            cll.CustomLevel(
                f"{left} = {right} and ({differ})", "same, a relative's"
            ).configure(m_probability=0.01, u_probability=0.002)
        )
    levels += [
        same_spelling,
        same_consonants,
        cll.DamerauLevenshteinLevel(skeleton, 1).configure(
            m_probability=0.05, u_probability=0.01, label_for_charts="one slip"
        ),
        cll.CustomLevel(
            _one_ends_with_other(skeleton), "one ends with the other"
        ).configure(m_probability=0.02, u_probability=0.01),
        cll.ElseLevel().configure(m_probability=0.03, u_probability=0.974),
    ]
    return cl.CustomComparison(
        output_column_name=field,
        comparison_description=f"{field}: spelling, consonants, slip, part",
        comparison_levels=levels,
    )


def _one_ends_with_other(column: str) -> str:
    left, right = f"{column}_l", f"{column}_r"
    return (
        f"(length({left}) >= 3 and length({right}) >= 3 and "
        f"(right({left}, length({right})) = {right} or "
        f"right({right}, length({left})) = {left}))"
    )


def _clearly_differ(column: str) -> str:
    """Both written, more than a slip apart, and neither a part of the other."""
    return (
        f"(damerau_levenshtein({column}_l, {column}_r) > 1"
        f" and not {_one_ends_with_other(column)})"
    )


def comparisons(
    *, term_frequencies: bool = True
) -> list[ComparisonCreator | dict[str, Any]]:
    """Every field's comparison, in ``FIELDS`` order."""
    return [
        name_comparison("given_name", "given", term_frequencies=term_frequencies),
        name_comparison("father_name", "father", term_frequencies=term_frequencies),
        name_comparison(
            "grandfather_name", "grandfather", term_frequencies=term_frequencies
        ),
        cl.CustomComparison(
            output_column_name="family_name",
            comparison_levels=[
                cll.NullLevel("family_skeleton"),
                cll.ExactMatchLevel("family_skeleton").configure(
                    m_probability=0.8, u_probability=0.05
                ),
                cll.ElseLevel().configure(m_probability=0.2, u_probability=0.95),
            ],
        ),
        cl.CustomComparison(
            output_column_name="sex",
            comparison_levels=[
                cll.NullLevel("sex"),
                # Lists of the taken are mostly men: two random rows agree
                # on sex more often than half the time.
                cll.ExactMatchLevel("sex").configure(
                    m_probability=0.97, u_probability=0.6
                ),
                cll.ElseLevel().configure(m_probability=0.03, u_probability=0.4),
            ],
        ),
        _birth_year_comparison(),
        _village_comparison(term_frequencies=term_frequencies),
        cl.CustomComparison(
            output_column_name="last_seen_date",
            comparison_levels=[
                cll.NullLevel("last_seen_day"),
                cll.AbsoluteDifferenceLevel("last_seen_day", 1).configure(
                    m_probability=0.6, u_probability=0.1
                ),
                cll.AbsoluteDifferenceLevel("last_seen_day", 3).configure(
                    m_probability=0.25, u_probability=0.15
                ),
                cll.AbsoluteDifferenceLevel("last_seen_day", 10).configure(
                    m_probability=0.1, u_probability=0.35
                ),
                cll.ElseLevel().configure(m_probability=0.05, u_probability=0.4),
            ],
        ),
    ]


# How far apart two birth-year ranges are: 0 when they overlap.
_YEARS_APART = (
    "greatest(birth_year_low_l - birth_year_high_r, "
    "birth_year_low_r - birth_year_high_l, 0)"
)


def _birth_year_comparison() -> ComparisonCreator:
    """Birth years as ranges (from an age, or "~20"): how far apart they are."""
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.CustomLevel(
            "birth_year_low_l is null or birth_year_low_r is null"
        ).configure(is_null_level=True),
    ]
    levels.append(
        cll.CustomLevel(
            "birth_year_low_l = birth_year_low_r"
            " and birth_year_high_l = birth_year_high_r"
            " and birth_year_high_l - birth_year_low_l <= 1",
            SAME_YEARS,
        ).configure(m_probability=0.5, u_probability=0.02)
    )
    for years, m, u, label in (
        (0, 0.25, 0.03, YEARS_OVERLAP),
        (1, 0.12, 0.03, ONE_YEAR_APART),
        (3, 0.1, 0.08, "up to 3 years apart"),
        (8, 0.02, 0.2, "up to 8 years apart"),
    ):
        levels.append(
            cll.CustomLevel(f"{_YEARS_APART} <= {years}", label).configure(
                m_probability=m, u_probability=u
            )
        )
    levels.append(cll.ElseLevel().configure(m_probability=0.01, u_probability=0.66))
    return cl.CustomComparison(
        output_column_name="birth_year", comparison_levels=levels
    )


def _village_comparison(*, term_frequencies: bool = True) -> ComparisonCreator:
    """Home village and place last seen, weighed together; then the district.

    Most people are last seen at home, so two people of one village are
    often last seen in one place too: weighed apart, the shared village
    would count twice and make neighbours of one name the same person.
    The levels therefore take the two places together. Where a village is
    missing, the place last seen, then the district, says what it can;
    two villages written and different say most against. With
    ``term_frequencies``, a shared small village weighs more than a shared
    large one.
    """
    village_tf = "village" if term_frequencies else None
    same_village = "village_l = village_r"
    same_place_seen = "last_seen_place_l = last_seen_place_r"
    both_seen = "last_seen_place_l is not null and last_seen_place_r is not null"
    return cl.CustomComparison(
        output_column_name="village",
        comparison_description="village: home village, place last seen, district",
        comparison_levels=[
            cll.CustomLevel(
                "(village_l is null or village_r is null)"
                " and (district_l is null or district_r is null)"
                " and (last_seen_place_l is null or last_seen_place_r is null)"
            ).configure(is_null_level=True),
            cll.CustomLevel(
                f"{same_village} and {same_place_seen}",
                SAME_VILLAGE_SEEN_THERE,
            ).configure(
                m_probability=0.3, u_probability=0.003, tf_adjustment_column=village_tf
            ),
            cll.CustomLevel(
                f"{same_village} and {both_seen}",
                SAME_VILLAGE_SEEN_APART,
            ).configure(
                m_probability=0.01, u_probability=0.004, tf_adjustment_column=village_tf
            ),
            cll.CustomLevel(same_village, SAME_VILLAGE).configure(
                m_probability=0.55, u_probability=0.02, tf_adjustment_column=village_tf
            ),
            cll.CustomLevel(
                "village_l is not null and village_r is not null",
                "different villages",
            ).configure(m_probability=0.03, u_probability=0.85),
            cll.CustomLevel(same_place_seen, SEEN_THERE_VILLAGE_MISSING).configure(
                m_probability=0.03, u_probability=0.003
            ),
            cll.CustomLevel(
                "district_l = district_r", "a village missing, same district"
            ).configure(m_probability=0.07, u_probability=0.03),
            cll.ElseLevel().configure(m_probability=0.01, u_probability=0.09),
        ],
    )


def settings(
    link_type: LinkType,
    *,
    probability_two_random_records_match: float,
    term_frequencies: bool = True,
) -> SettingsCreator:
    """The model's settings, the same on every backend.

    ``term_frequencies`` False drops the names' term-frequency adjustments,
    for lists too short to count how common a name is.
    """
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        probability_two_random_records_match=probability_two_random_records_match,
        comparisons=comparisons(term_frequencies=term_frequencies),
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
    )


def prior_match_share(sizes: Sequence[int]) -> float:
    """The share of pairs expected to match, before looking at the data.

    ``PRIOR_MATCHES_PER_RECORD`` matches per record of the smaller list,
    over all pairs, and at most one pair in ``PRIOR_POPULATION``.
    """
    if len(sizes) == 1:
        pairs = sizes[0] * (sizes[0] - 1) / 2
        expected = PRIOR_MATCHES_PER_RECORD * sizes[0]
    else:
        pairs = float(sizes[0] * sizes[1])
        expected = PRIOR_MATCHES_PER_RECORD * min(sizes)
    share = expected / pairs if pairs else MAX_MATCH_SHARE
    return _bounded(min(share, 1 / PRIOR_POPULATION))


def fit(
    tables: Sequence[Any], *, db_api: DatabaseAPISubClass
) -> tuple[Linker, Training]:
    """Build a linker over one table (dedupe) or two (link), and train it.

    ``db_api`` is the Splink backend (``DuckDBAPI()``, ``SparkAPI(...)``).
    ``tables`` are prepared frames (``prepare.prepare``), or anything the
    backend reads, such as Spark DataFrames; with two, the first is list
    "a". Every step that cannot run (too few records, too few pairs in a
    blocking) leaves the priors and adds a note saying why.
    """
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
        )
        note = f"{records} records, fewer than {MIN_RECORDS_TO_TRAIN}"
        linker = _linker(tables, model, db_api, aliases)
        return linker, Training(records, False, False, (), (note,))
    notes: list[str] = []
    found = _deterministic_pairs(tables, link_type, db_api)
    pairs = _all_pairs(sizes)
    if not found:
        notes.append("no pair met the deterministic rules")
    sessions = _training_sessions(tables, link_type, db_api, notes)
    model = settings(
        link_type,
        probability_two_random_records_match=_bounded(
            found / DETERMINISTIC_RECALL / pairs
        )
        if found
        else prior_match_share(sizes),
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
        recall = deterministic_recall(trained, [_filled(t) for t in tables])
        trained["probability_two_random_records_match"] = _bounded(
            found / recall / pairs
        )
    em_rules = tuple(_sql(rule, db_api) for rule in sessions)
    return _linker(tables, trained, db_api, aliases), Training(
        records, bool(found), True, em_rules, tuple(notes)
    )


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
    tables: Sequence[Any], link_type: LinkType, db_api: DatabaseAPISubClass
) -> int:
    """How many pairs meet ``DETERMINISTIC_RULES``."""
    counts = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
        table_or_tables=list(tables),
        blocking_rules=list(DETERMINISTIC_RULES),
        link_type=link_type,
        db_api=db_api,
    )
    return int(counts.iloc[-1]["cumulative_rows"])


def _all_pairs(sizes: Sequence[int]) -> float:
    if len(sizes) == 1:
        return sizes[0] * (sizes[0] - 1) / 2
    return float(sizes[0] * sizes[1])


def deterministic_recall(
    model: dict[str, Any], filled: Sequence[dict[str, float]]
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
    for name, (column, accepted) in DETERMINISTIC_LEVELS.items():
        agree = sum(
            float(level["m_probability"])
            for level in levels_of[name]
            if level.get("label_for_charts") in accepted
        )
        recall *= sides[0][column] * sides[1][column] * agree
    return max(recall, MIN_MATCH_SHARE)


def _filled(table: Any) -> dict[str, float]:
    """The share of a table's rows that have each column the rule needs."""
    columns = [column for column, _ in DETERMINISTIC_LEVELS.values()]
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


def _bounded(share: float) -> float:
    return min(max(share, MIN_MATCH_SHARE), MAX_MATCH_SHARE)
