"""The model's settings: its blocking rules, comparisons and prior match share.

Blocking and comparisons follow the columns both lists hold
(``present_columns``, ``blocking_rules``, ``comparisons.comparisons``): a
list with fathers' names blocks as Afghan registers identify a person
(``BLOCKING_RULES``); identifiers (tazkira, phone, email, date of birth,
given and family name together) add their own rules; and a list without
lineage falls back to broader rules (``FALLBACK_RULES``), each kept only
where it admits no more pairs than two cores score in minutes
(``pair_budget``). Blocking keeps the number of pairs scored within what
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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from sabt.tracing.linkage.comparisons import comparisons

LinkType = Literal["link_only", "dedupe_only"]

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

# Identifiers block on their own where both lists hold them: a tazkira
# number, a phone, an email, a date of birth with either name, and the
# given and family names together in either order ("names_key", so that
# "Watson, Noah" meets "Noah Watson").
IDENTIFIER_KEYS: tuple[tuple[str, ...], ...] = (
    ("names_key",),
    ("given_skeleton", "dob"),
    ("family_skeleton", "dob"),
    ("tazkira",),
    ("email",),
    ("phone",),
)
# Lists without fathers' names (a hospital's, a foreign organisation's, a
# Person Finder import) lose most true pairs to the rules above; these
# broader rules find them, where the pairs they admit fit ``pair_budget``.
FALLBACK_KEYS: tuple[tuple[str, ...], ...] = (
    ("family_skeleton", "village"),
    ("dob", "village"),
    ("family_skeleton",),
    ("given_skeleton", "birth_year_high"),
)
# A list has lineage when at least this share of each list's rows give a
# father's name.
LINEAGE_SHARE = 0.3
# A fallback rule may admit this many pairs per record, and at least
# MIN_PAIR_BUDGET: a million rows, 20 million pairs.
PAIRS_PER_RECORD = 20
MIN_PAIR_BUDGET = 1_000_000

# What each key column is called in ``sabt link``'s report.
KEY_NAMES = {
    "given_skeleton": "given name",
    "father_skeleton": "father's name",
    "grandfather_skeleton": "grandfather's name",
    "family_skeleton": "family name",
    "names_key": "given and family name (either order)",
    "village": "village",
    "dob": "date of birth",
    "birth_year_high": "birth year",
    "tazkira": "tazkira",
    "phone": "phone",
    "email": "email",
}


@dataclass(frozen=True)
class Blocking:
    """The blocking rules chosen for a run, by their key columns."""

    keys: tuple[tuple[str, ...], ...]
    lineage: bool

    @property
    def rules(self) -> list[BlockingRuleCreator]:
        return [block_on(*keys) for keys in self.keys]

    def describe(self) -> list[str]:
        """Each rule in words: "given name + father's name"."""
        return [" + ".join(KEY_NAMES.get(k, k) for k in keys) for keys in self.keys]


def has_lineage(filled: Sequence[dict[str, float]]) -> bool:
    """Whether every list gives most rows a father's name."""
    return all(shares.get("father_skeleton", 0.0) >= LINEAGE_SHARE for shares in filled)


def pair_budget(records: int) -> int:
    """How many pairs a fallback rule may admit."""
    return max(MIN_PAIR_BUDGET, PAIRS_PER_RECORD * records)


def blocking_rules(
    present: frozenset[str],
    *,
    lineage: bool,
    records: int,
    count: Callable[[BlockingRuleCreator], int],
) -> Blocking:
    """The rules whose columns both lists hold, in order.

    ``count`` gives the pairs a rule admits; it is asked only of the
    fallback rules, which are used only without ``lineage``.
    """
    keys = [k for k in (*BLOCKING_KEYS, *IDENTIFIER_KEYS) if set(k) <= present]
    if not lineage:
        budget = pair_budget(records)
        keys += [
            k
            for k in FALLBACK_KEYS
            if set(k) <= present and count(block_on(*k)) <= budget
        ]
    return Blocking(tuple(keys), lineage)


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


def settings(
    link_type: LinkType,
    *,
    probability_two_random_records_match: float,
    term_frequencies: bool = True,
    present: frozenset[str] | None = None,
    blocking: Blocking | None = None,
) -> SettingsCreator:
    """The model's settings, the same on every backend.

    ``term_frequencies`` False drops the names' term-frequency adjustments,
    for lists too short to count how common a name is. ``present`` (the
    columns both lists hold) chooses the comparisons, ``blocking`` the
    rules; None takes every comparison and ``BLOCKING_RULES``.
    """
    rules: list[BlockingRuleCreator | dict[str, Any]] = (
        list(blocking.rules) if blocking is not None else list(BLOCKING_RULES)
    )
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        probability_two_random_records_match=probability_two_random_records_match,
        comparisons=comparisons(present, term_frequencies=term_frequencies),
        blocking_rules_to_generate_predictions=rules,
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
    return bounded_share(min(share, 1 / PRIOR_POPULATION))


def bounded_share(share: float) -> float:
    """The share, kept between ``MIN_MATCH_SHARE`` and ``MAX_MATCH_SHARE``."""
    return min(max(share, MIN_MATCH_SHARE), MAX_MATCH_SHARE)
