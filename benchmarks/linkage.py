"""Benchmark record linkage: link two lists of 100,000, dedupe a million.

Every list is made by ``sabt.testing.synthetic`` with the noise of
real lists (spellings, Latin and Arabic script, "s/o" in one cell, missing
fields, ages off by a year or two, slips of the pen), written as UTF-8 CSV
to a temporary folder and read back as ``sabt link`` and ``sabt dedupe``
read them; the rows keep the person they were written from, so every
figure is checked against the truth.

``linkage.link_register``
    Two lists of ``--link-size`` (default 100,000) people, ``--overlap``
    (half) of them on both: a register kept where people are held or
    treated (``synthetic.REGISTERED``: few gaps, as a tazkira is copied)
    and a list drawn up in a hurry (``synthetic.HURRIED``), the case of a
    family's requests or a community's list against a prison's register.
``linkage.link_hurried``
    The same with two hurried lists: the hardest case, where about one
    pair in six lacks the father's name or the village on one side.
``linkage.dedupe`` and ``linkage.link``
    A list of ``--records`` (default 1,000,000) rows merged from three
    hurried sources, about ``--duplicates`` (20%) of them second or third
    records of someone already listed, deduplicated; then ``--requests``
    (10,000) tracing requests, half for someone on it, linked to it.

Each gives: ``records`` read; ``comparisons``, the pairs the blocking rules
admit (``comparisons_rule1``... each rule's pairs not admitted by the rules
before it: ``settings.BLOCKING_RULES``); seconds to read and check the CSV
(``read_s``), to prepare the comparison columns (``prepare_s``), to
estimate the parameters (``train_s``: u by random sampling, m by EM), to
count the blocked pairs (``block_s``) and to score them (``predict_s``);
``pairs`` found at ``--threshold``; ``precision`` (found pairs that are
true), ``recall`` (true pairs found) and ``f1`` there, and the same at
``sabt link``'s default threshold (``precision_p90``...); the same without
pairs that touch namesakes no reader could tell apart (``*_separable``);
``blocking_recall``, the share of true pairs any blocking rule admits, the
ceiling for ``recall``; ``peak_rss_mb``, this process's peak resident
memory so far (``getrusage``), which includes the generator's lists. The
link of requests reuses the big list as read and prepared for the dedupe.
``machine.load``
    The one-minute load average before and after: the machine is shared,
    and a load above the number of cores means the seconds are inflated.

The threshold F1 is judged at, 0.5, is where a pair is more likely the
same person than not. The model's probabilities are calibrated (of pairs
scored about 0.8, about 0.8 are true), and for calibrated probabilities
the threshold that maximises F1 is about half the best F1, so 0.5 is
where F1 is meant to be read. ``sabt link`` keeps 0.9 by default, for a
file of pairs sure enough to act on; the web app's review queue starts at
0.05, since a person reviews each pair.

Goals: F1 of at least 0.95 linking a register to a hurried list; the
million-record dedupe within 10 minutes and 16 GB on two cores.

``--public`` runs, instead, sabt's dedupe and Splink's own tutorial model
side by side on Splink's demo list of 1,000 (``linkage_public``: the list
lies in ``../shared/data/linkage/`` beside the repository): precision,
recall and F1 of both at 0.5 and 0.9, with and without the email column.
Goal: sabt's F1 at least Splink's in each.

Each figure is one ``name key=value ...`` line on stdout; the last line is
a JSON object holding every figure. Progress goes to stderr. No Django::

    .venv/bin/python benchmarks/linkage.py
    .venv/bin/python benchmarks/linkage.py --records 0 --link-size 20000
    .venv/bin/python benchmarks/linkage.py --public
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import splink
from common import Value, print_figure, progress
from linkage_public import public_goals, run_public

from sabt.testing import synthetic
from sabt.tracing.linkage.columns import read_list
from sabt.tracing.linkage.prepare import prepare
from sabt.tracing.linkage.run import DEFAULT_THRESHOLD, Linkage, score

Figure = dict[str, Value]
Pairs = set[tuple[str, str]]

GOAL_SECONDS = 10 * 60
GOAL_RSS_MB = 16 * 1024
GOAL_F1 = 0.95
# See the module docstring: where F1 is read.
F1_THRESHOLD = 0.5
AS_OF = date(2021, 9, 30)

# The big list merges sources of three kinds; the requests are written by
# tracing officers, in Latin or Arabic script, with fewer gaps.
LIST_STYLES = (
    synthetic.Style(script="latin", lineage_in_given=0.2, missing=synthetic.HURRIED),
    synthetic.Style(script="arabic", missing=synthetic.HURRIED),
    synthetic.Style(script="mixed", lineage_in_given=0.3, missing=synthetic.HURRIED),
)
REQUEST_GAPS = {
    "grandfather_name": 0.5,
    "sex": 0.05,
    "age": 0.1,
    "district": 0.5,
    "last_seen_place": 0.3,
    "last_seen_date": 0.1,
}
REQUEST_STYLES = (
    synthetic.Style(script="latin", lineage_in_given=0.5, missing=REQUEST_GAPS),
    synthetic.Style(script="arabic", lineage_in_given=0.3, missing=REQUEST_GAPS),
)


def _mostly_latin(missing: dict[str, float]) -> tuple[synthetic.Style, ...]:
    """Four rows in five in Latin script, the fifth in Arabic script."""
    latin = synthetic.Style(script="latin", lineage_in_given=0.2, missing=missing)
    return (latin, latin, latin, latin, synthetic.Style("arabic", missing=missing))


# Each link scenario: the styles of list A, then of list B (mixed script).
HURRIED_MIXED = (
    synthetic.Style(script="mixed", lineage_in_given=0.3, missing=synthetic.HURRIED),
)
LINK_SCENARIOS: dict[str, tuple[tuple[synthetic.Style, ...], ...]] = {
    "register": (_mostly_latin(synthetic.REGISTERED), HURRIED_MIXED),
    "hurried": (_mostly_latin(synthetic.HURRIED), HURRIED_MIXED),
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    add = parser.add_argument
    add(
        "--records",
        type=int,
        default=1_000_000,
        help="rows of the big list (0: no dedupe)",
    )
    add(
        "--link-size",
        type=int,
        default=100_000,
        help="rows of each linked list (0: none)",
    )
    add("--overlap", type=float, default=0.5, help="share of people on both lists")
    add("--requests", type=int, default=10_000, help="rows of the request list")
    add("--duplicates", type=float, default=0.2, help="share of repeated rows")
    add(
        "--threshold",
        type=float,
        default=F1_THRESHOLD,
        help="probability at which precision, recall and F1 are judged",
    )
    add("--seed", type=int, default=20210907, help="seed of the generator")
    add(
        "--public",
        action="store_true",
        help="instead, sabt and Splink's tutorial model on Splink's demo list",
    )
    args = parser.parse_args(argv)
    if args.records == 1 or args.link_size == 1:
        parser.error("--records and --link-size must be 0 or at least 2")
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if not 0 < args.overlap <= 1:
        parser.error("--overlap is a share between 0 and 1")
    if not 0 <= args.duplicates < 1 or not 0 < args.threshold < 1:
        parser.error("--duplicates and --threshold are shares between 0 and 1")
    return args


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def figure(name: str, **values: Value) -> Figure:
    """Print one figure as ``name key=value ...`` and return it for the summary."""
    print_figure(name, values)
    return {"name": name, **values}


def measured(
    name: str,
    paths: list[Path],
    truth: Pairs,
    threshold: float,
    prepared: dict[Path, Any],
    *,
    namesake_rows: frozenset[str] = frozenset(),
) -> Figure:
    """Read, prepare and score the lists; compare the pairs with the truth.

    ``namesake_rows`` are rows written from people who share given name,
    father's name, village and age with another person (``synthetic.
    namesakes``); precision, recall and F1 are given again without the
    pairs that touch them (``*_separable``).
    """
    read_s = prepare_s = 0.0
    tables = []
    for path in paths:
        if path not in prepared:
            progress(f"{name}: reading and preparing {path.name} ...")
            started = time.perf_counter()
            person_list = read_list(path)
            read_s += time.perf_counter() - started
            started = time.perf_counter()
            prepared[path] = prepare(person_list, as_of=AS_OF)
            prepare_s += time.perf_counter() - started
        tables.append(prepared[path])
    progress(f"{name}: training and scoring ...")
    linkage = score(tables, threshold=min(threshold, DEFAULT_THRESHOLD))
    scored = _found(linkage, dedupe=len(paths) == 1)
    found = {pair for pair, probability in scored.items() if probability >= threshold}
    at_default = {
        pair for pair, probability in scored.items() if probability >= DEFAULT_THRESHOLD
    }
    rules = {
        f"comparisons_rule{number}": count
        for number, count in enumerate(linkage.comparisons, start=1)
    }
    separable_truth = _separable(truth, namesake_rows)
    separable_found = _separable(found, namesake_rows)
    default_suffix = f"p{round(DEFAULT_THRESHOLD * 100)}"
    return figure(
        name,
        records=sum(len(table) for table in tables),
        comparisons=linkage.scored,
        **rules,
        read_s=round(read_s, 1),
        prepare_s=round(prepare_s, 1),
        train_s=round(linkage.seconds["train"], 1),
        block_s=round(linkage.seconds["block"], 1),
        predict_s=round(linkage.seconds["predict"], 1),
        seconds=round(read_s + prepare_s + sum(linkage.seconds.values()), 1),
        pairs=len(found),
        true_pairs=len(truth),
        **_quality(found, truth),
        **{
            f"{key}_{default_suffix}": value
            for key, value in _quality(at_default, truth).items()
        },
        **{
            f"{key}_separable": value
            for key, value in _quality(separable_found, separable_truth).items()
        },
        namesake_true_pairs=len(truth) - len(separable_truth),
        blocking_recall=round(_blocking_recall(tables, truth, linkage), 4),
        threshold=threshold,
        training=linkage.training.summary().removeprefix("parameters: "),
        peak_rss_mb=round(peak_rss_mb()),
    )


def _quality(found: Pairs, truth: Pairs) -> dict[str, Value]:
    """Precision, recall and F1 of the pairs found against the truth."""
    true_found = len(found & truth)
    precision = true_found / len(found) if found else 0.0
    recall = true_found / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if true_found else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _separable(pairs: Pairs, namesake_rows: frozenset[str]) -> Pairs:
    return {
        pair
        for pair in pairs
        if pair[0] not in namesake_rows and pair[1] not in namesake_rows
    }


def _rows_of(lists: synthetic.Lists, keys: set[int]) -> frozenset[str]:
    return frozenset(row for row, key in lists.person_of.items() if key in keys)


def _found(linkage: Linkage, *, dedupe: bool) -> dict[tuple[str, str], float]:
    """Each pair found, ordered as the truth orders it, with its probability."""
    pairs = linkage.pairs
    found: dict[tuple[str, str], float] = {}
    for a, b, probability in zip(
        pairs["id_a"], pairs["id_b"], pairs["probability"], strict=True
    ):
        key = (b, a) if dedupe and b < a else (a, b)
        found[key] = float(probability)
    return found


def _blocking_recall(tables: list[Any], truth: Pairs, linkage: Linkage) -> float:
    """The share of true pairs that agree on every column of some rule."""
    if not truth:
        return 0.0
    left, right = tables[0], tables[-1]
    by_id_left = left.set_index("unique_id")
    by_id_right = right.set_index("unique_id")
    a_ids, b_ids = zip(*truth, strict=True)
    a = by_id_left.loc[list(a_ids)].reset_index(drop=True)
    b = by_id_right.loc[list(b_ids)].reset_index(drop=True)
    admitted = None
    for columns in linkage.blocking.keys:
        agree = None
        for column in columns:
            same = (a[column] == b[column]).fillna(value=False).astype(bool)
            agree = same if agree is None else agree & same
        admitted = agree if admitted is None else admitted | agree
    return float(admitted.mean()) if admitted is not None else 0.0


def environment_info() -> dict[str, Value]:
    return {
        "python": platform.python_version(),
        "splink": splink.__version__,
        "duckdb": duckdb.__version__,
        "cpus": os.cpu_count() or 0,
        "machine": platform.machine(),
    }


def run(args: argparse.Namespace) -> list[Figure]:
    """Link two lists in each scenario; then dedupe the big list and link
    requests to it."""
    load_before = os.getloadavg()[0]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="sabt-linkage-") as folder:
        if args.link_size:
            for scenario in LINK_SCENARIOS:
                figures.append(run_link(args, Path(folder), scenario))
        if args.records:
            figures.extend(run_dedupe(args, Path(folder)))
    load = figure(
        "machine.load",
        before=round(load_before, 2),
        after=round(os.getloadavg()[0], 2),
        cpus=os.cpu_count() or 0,
    )
    return [*figures, load]


def run_link(args: argparse.Namespace, folder: Path, scenario: str) -> Figure:
    """Link two lists of ``--link-size`` people, ``--overlap`` on both,
    written in the styles of ``LINK_SCENARIOS[scenario]``."""
    generator = synthetic.Generator(args.seed + 1)
    styles_a, styles_b = LINK_SCENARIOS[scenario]
    progress(f"{scenario}: generating two lists of {args.link_size} people")
    list_a, list_b = synthetic.overlapping_lists(
        generator,
        args.link_size,
        args.link_size,
        overlap=args.overlap,
        styles_a=styles_a,
        styles_b=styles_b,
    )
    path_a = folder / f"{scenario}_a.csv"
    path_b = folder / f"{scenario}_b.csv"
    synthetic.write_csv(path_a, list_a.rows)
    synthetic.write_csv(path_b, list_b.rows)
    truth = synthetic.true_links(list_a.person_of, list_b.person_of)
    keys = synthetic.namesakes([*list_a.people, *list_b.people])
    namesake_rows = _rows_of(list_a, keys) | _rows_of(list_b, keys)
    del list_a, list_b
    return measured(
        f"linkage.link_{scenario}",
        [path_a, path_b],
        truth,
        args.threshold,
        {},
        namesake_rows=namesake_rows,
    )


def run_dedupe(args: argparse.Namespace, folder: Path) -> list[Figure]:
    """Dedupe a list of ``--records``; link ``--requests`` requests to it."""
    generator = synthetic.Generator(args.seed)
    big_path = folder / "list.csv"
    requests_path = folder / "requests.csv"
    progress(f"generating {args.records} records and {args.requests} requests")
    started = time.perf_counter()
    big = synthetic.duplicated_list(
        generator,
        args.records,
        duplicate_share=args.duplicates,
        styles=LIST_STYLES,
    )
    requests = synthetic.requests_for(
        generator,
        big.people,
        args.requests,
        found_share=0.5,
        styles=REQUEST_STYLES,
    )
    synthetic.write_csv(big_path, big.rows)
    synthetic.write_csv(requests_path, requests.rows)
    dedupe_truth = synthetic.true_pairs(big.person_of)
    link_truth = synthetic.true_links(requests.person_of, big.person_of)
    keys = synthetic.namesakes(big.people)
    big_namesakes = _rows_of(big, keys)
    link_namesakes = _rows_of(requests, keys) | big_namesakes
    generated = figure(
        "linkage.generate",
        records=args.records,
        requests=args.requests,
        seconds=round(time.perf_counter() - started, 1),
        csv_mb=round(big_path.stat().st_size / 2**20, 1),
    )
    del big, requests
    prepared: dict[Path, Any] = {}
    dedupe = measured(
        "linkage.dedupe",
        [big_path],
        dedupe_truth,
        args.threshold,
        prepared,
        namesake_rows=big_namesakes,
    )
    link = measured(
        "linkage.link",
        [requests_path, big_path],
        link_truth,
        args.threshold,
        prepared,
        namesake_rows=link_namesakes,
    )
    return [generated, dedupe, link]


def summary(figures: list[Figure], info: dict[str, Value]) -> str:
    """Return the closing JSON line: environment, every figure, goals met."""
    by_name = {str(f["name"]): f for f in figures}
    goals: dict[str, bool] = {}
    if "linkage.link_register" in by_name:
        f1 = float(by_name["linkage.link_register"]["f1"])
        goals["link_register_f1"] = f1 >= GOAL_F1
    if "linkage.dedupe" in by_name:
        dedupe = by_name["linkage.dedupe"]
        goals["dedupe_seconds"] = float(dedupe["seconds"]) <= GOAL_SECONDS
        goals["peak_rss"] = float(dedupe["peak_rss_mb"]) <= GOAL_RSS_MB
    return json.dumps(
        {"benchmark": "linkage", **info, "figures": figures, "goals_met": goals}
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = environment_info()
    if args.public:
        figures = run_public()
        goals = public_goals(figures)
        print(
            json.dumps(
                {"benchmark": "linkage.public", **info, "figures": figures}
                | {"goals_met": goals}
            ),
            flush=True,
        )
        return 0
    print(summary(run(args), info), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
