"""sabt's dedupe beside Splink's tutorial model, on a public list with truth.

The list is Splink's own demo data (``fake_1000_from_splink_demos.csv``,
1,000 people in 181 clusters, MIT licence; see its README): English names,
no father's name. sabt reads it as ``sabt dedupe`` does, with ``--map``
naming its columns; Splink runs the model of its tutorial
``04_Estimating_model_parameters`` as the tutorial sets it: name
comparisons of first name and surname, Levenshtein 1 on the date of birth,
exact city with term frequencies, its email comparison; blocking on first
name and city, and on surname; the match share from three deterministic
rules at an assumed recall of 0.7; u from 2 million random pairs (seeded
here, so that runs agree); m by EM blocked on first name and surname, then
on the date of birth. Without email, both lose the column (Splink its
email comparison and its email rule).

Pairs are judged against ``cluster``: precision, recall and F1 at 0.5 and
0.9, for each model, with and without email.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import splink.comparison_library as cl
from common import Value, print_figure, progress
from splink import ColumnExpression, DuckDBAPI, Linker, SettingsCreator, block_on

from sabt.tracing.linkage.columns import parse_map, read_list
from sabt.tracing.linkage.run import dedupe

PUBLIC_FILE = (
    Path(__file__).resolve().parent.parent
    / ".."
    / "shared"
    / "data"
    / "linkage"
    / "fake_1000_from_splink_demos.csv"
)
# The demo's columns, as sabt's.
SABT_MAP = (
    "unique_id=id,first_name=given_name,surname=family_name,"
    "dob=date_of_birth,city=village"
)
THRESHOLDS = (0.5, 0.9)
# The demo's people were born up to 2020; ages do not enter.
AS_OF = date(2024, 1, 1)
U_PAIRS = 2_000_000
U_SEED = 20210907
SPLINK_RECALL = 0.7

Pairs = set[tuple[str, str]]
Figure = dict[str, Value]


def true_pairs(frame: pd.DataFrame) -> Pairs:
    """Every pair of rows of one cluster, ids in order."""
    pairs: Pairs = set()
    for _, group in frame.groupby("cluster"):
        ids = sorted(group["unique_id"].astype(str))
        pairs |= set(itertools.combinations(ids, 2))
    return pairs


def quality(scored: dict[tuple[str, str], float], truth: Pairs) -> dict[str, Value]:
    """Precision, recall and F1 at each of ``THRESHOLDS``."""
    values: dict[str, Value] = {}
    for threshold in THRESHOLDS:
        found = {pair for pair, p in scored.items() if p >= threshold}
        hits = len(found & truth)
        precision = hits / len(found) if found else 0.0
        recall = hits / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        suffix = f"p{round(threshold * 100)}"
        values |= {
            f"precision_{suffix}": round(precision, 4),
            f"recall_{suffix}": round(recall, 4),
            f"f1_{suffix}": round(f1, 4),
        }
    return values


def sabt_scores(path: Path, *, email: bool) -> tuple[dict[tuple[str, str], float], str]:
    """sabt's dedupe of the file: each pair's probability, and its rules."""
    mapping = SABT_MAP + (",email=email" if email else "")
    person_list = read_list(path, parse_map(mapping))
    linkage = dedupe(person_list, as_of=AS_OF, threshold=min(THRESHOLDS))
    scored = {
        _ordered(a, b): float(p)
        for a, b, p in zip(
            linkage.pairs["id_a"],
            linkage.pairs["id_b"],
            linkage.pairs["probability"],
            strict=True,
        )
    }
    return scored, " | ".join(linkage.explain())


def splink_scores(frame: pd.DataFrame, *, email: bool) -> dict[tuple[str, str], float]:
    """Splink's tutorial model on the frame: each pair's probability."""
    comparisons: list[Any] = [
        cl.NameComparison("first_name"),
        cl.NameComparison("surname"),
        cl.LevenshteinAtThresholds(ColumnExpression("dob").cast_to_string(), 1),
        cl.ExactMatch("city").configure(term_frequency_adjustments=True),
    ]
    deterministic: list[Any] = [
        block_on("first_name", "dob"),
        "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
    ]
    if email:
        comparisons.append(cl.EmailComparison("email"))
        deterministic.append(block_on("email"))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "city"),
            block_on("surname"),
        ],
        retain_intermediate_calculation_columns=True,
    )
    columns = ["unique_id", "first_name", "surname", "dob", "city"]
    table = frame[[*columns, "email"] if email else columns]
    linker = Linker(table, settings, db_api=DuckDBAPI(), set_up_basic_logging=False)
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=SPLINK_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=U_SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(
        threshold_match_probability=min(THRESHOLDS)
    ).as_pandas_dataframe()  # type: ignore[no-untyped-call]  # splink leaves it unannotated
    return {
        _ordered(str(a), str(b)): float(p)
        for a, b, p in zip(
            predictions["unique_id_l"],
            predictions["unique_id_r"],
            predictions["match_probability"],
            strict=True,
        )
    }


def run_public(path: Path = PUBLIC_FILE) -> list[Figure]:
    """Both models on the file, with and without its email column."""
    if not path.is_file():
        raise SystemExit(f"{path}: no such file (see benchmarks/linkage.py --public)")
    frame = pd.read_csv(path, dtype={"unique_id": str})
    truth = true_pairs(frame)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="sabt-public-") as folder:
        for email in (True, False):
            variant = "email" if email else "no_email"
            source = path
            if not email:
                source = Path(folder) / "no_email.csv"
                frame.drop(columns=["email"]).to_csv(source, index=False)
            progress(f"public ({variant}): sabt dedupe ...")
            started = time.perf_counter()
            scored, rules = sabt_scores(source, email=email)
            figures.append(
                _figure(
                    f"linkage.public_sabt_{variant}",
                    scored,
                    truth,
                    records=len(frame),
                    seconds=round(time.perf_counter() - started, 1),
                    rules=rules,
                )
            )
            progress(f"public ({variant}): Splink's tutorial model ...")
            started = time.perf_counter()
            figures.append(
                _figure(
                    f"linkage.public_splink_{variant}",
                    splink_scores(frame, email=email),
                    truth,
                    records=len(frame),
                    seconds=round(time.perf_counter() - started, 1),
                )
            )
    return figures


def _figure(
    name: str, scored: dict[tuple[str, str], float], truth: Pairs, **extra: Value
) -> Figure:
    values: dict[str, Value] = {
        "true_pairs": len(truth),
        **quality(scored, truth),
        **extra,
    }
    print_figure(name, values)
    return {"name": name, **values}


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def public_goals(figures: list[Figure]) -> dict[str, bool]:
    """Whether sabt's F1 is at least Splink's, per variant and threshold."""
    by_name = {str(f["name"]): f for f in figures}
    goals: dict[str, bool] = {}
    for variant in ("email", "no_email"):
        ours = by_name.get(f"linkage.public_sabt_{variant}")
        theirs = by_name.get(f"linkage.public_splink_{variant}")
        if ours is None or theirs is None:
            continue
        for threshold in THRESHOLDS:
            key = f"f1_p{round(threshold * 100)}"
            goals[f"public_{variant}_{key}"] = float(ours[key]) >= float(theirs[key])
    return goals
