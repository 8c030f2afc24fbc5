"""sabt.analysis.counting: people from linked entries, tables, documented counts."""

from __future__ import annotations

from sabt.analysis.counting import (
    Entry,
    GroupVictims,
    Pair,
    capture_table,
    documented,
    people,
)

ENTRIES = [
    Entry("c1", "casualty", ("Bazarak",)),
    Entry("c2", "casualty", ("Bazarak",)),
    Entry("b1", "burial", ("Bazarak",)),
    Entry("b2", "burial", ("Khenj",)),
    Entry("t1", "tracing", ("Khenj",)),
    Entry("c3", "casualty", ("Khenj",)),
]


def test_reviewed_matches_and_pairs_over_the_threshold_join() -> None:
    pairs = [
        Pair("c1", "b1", 0.4, "confirmed"),
        Pair("b2", "t1", 0.95),
        Pair("c3", "t1", 0.7),
    ]
    found = people(ENTRIES, pairs, threshold=0.9)
    assert sorted(sorted(e.id for e in p.entries) for p in found) == [
        ["b1", "c1"],
        ["b2", "t1"],
        ["c2"],
        ["c3"],
    ]


def test_a_rejected_pair_is_not_joined_however_likely() -> None:
    found = people(ENTRIES, [Pair("c1", "b1", 0.99, "rejected")], threshold=0.9)
    assert len(found) == 6


def test_duplicates_within_one_list_count_once() -> None:
    found = people(ENTRIES, [Pair("c1", "c2", 0.97)], threshold=0.9)
    table = capture_table(found, ["casualty", "burial", "tracing"])
    assert table.observed == 5


def test_capture_table_counts_each_pattern() -> None:
    found = people(ENTRIES, [Pair("c1", "b1", 0.4, "confirmed")], threshold=0.9)
    table = capture_table(found, ["casualty", "burial", "tracing"])
    assert table.full().tolist() == [0, 1, 1, 0, 2, 0, 1, 0]


def test_unnamed_victims_stay_beside_the_named() -> None:
    found = people(ENTRIES, [], threshold=0.9)
    counts = documented(found, [GroupVictims(("Bazarak",), 24, 30)])
    bazarak = counts[0]
    assert (bazarak.named, bazarak.unnamed_at_least, bazarak.unnamed_at_most) == (
        3,
        24,
        30,
    )
