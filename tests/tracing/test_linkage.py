"""Tests for ``tracing.linkage``: preparing lists, the model, link and dedupe.

The lists are real CSV files from ``lists``: a mother's request must find
her son in a detainee list and in an Arabic-script hospital register, and
not the other man of the same name; synthetic lists around them give the
model enough rows to learn its parameters, and the truth to be judged by.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from splink import DuckDBAPI

from sabt.testing.synthetic import true_pairs
from sabt.tracing.linkage.columns import read_list
from sabt.tracing.linkage.levels import (
    FIELDS,
    SAME_VILLAGE,
    SAME_VILLAGE_SEEN_THERE,
    SEEN_THERE_VILLAGE_MISSING,
)
from sabt.tracing.linkage.prepare import prepare
from sabt.tracing.linkage.run import Linkage, dedupe, link
from sabt.tracing.linkage.settings import prior_match_share
from sabt.tracing.linkage.training import (
    DETERMINISTIC_LEVELS,
    TRAINING_RULES,
    deterministic_recall,
    fit,
)
from tests.tracing.lists import (
    AREF_DETAINED,
    AREF_IN_HOSPITAL,
    AREF_REQUEST,
    OTHER_AREF_DETAINED,
    Scenario,
    merged_list,
    scenario,
    write_list,
)

AS_OF = date(2021, 9, 20)
THRESHOLD = 0.9
WEIGHTS = [f"{field}_weight" for field in FIELDS]


@pytest.fixture(scope="module")
def lists() -> Scenario:
    return scenario()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lists")


@pytest.fixture(scope="module")
def detainee_links(lists: Scenario, folder: Path) -> Linkage:
    """Every scored pair of requests and detainees (threshold 0)."""
    requests = read_list(write_list(folder / "requests.csv", lists.requests.rows))
    detainees = read_list(write_list(folder / "detainees.csv", lists.detainees.rows))
    return link(requests, detainees, as_of=AS_OF, threshold=0.0)


@pytest.fixture(scope="module")
def hospital_links(lists: Scenario, folder: Path) -> Linkage:
    """Every scored pair of requests and hospital patients (threshold 0)."""
    requests = read_list(write_list(folder / "requests.csv", lists.requests.rows))
    hospital = read_list(write_list(folder / "hospital.csv", lists.hospital.rows))
    return link(requests, hospital, as_of=AS_OF, threshold=0.0)


def pair(linkage: Linkage, id_a: str, id_b: str) -> pd.Series:
    rows = linkage.pairs[(linkage.pairs.id_a == id_a) & (linkage.pairs.id_b == id_b)]
    assert len(rows) == 1, f"{id_a} and {id_b} were not compared"
    return rows.iloc[0]


def candidates(linkage: Linkage) -> set[tuple[str, str]]:
    above = linkage.pairs[linkage.pairs.probability >= THRESHOLD]
    return set(zip(above.id_a, above.id_b, strict=True))


def test_the_request_finds_her_son_in_the_detainee_list(
    detainee_links: Linkage,
) -> None:
    assert pair(detainee_links, "q-aref", "d-arif").probability >= THRESHOLD


def test_the_request_finds_her_son_in_the_arabic_hospital_register(
    hospital_links: Linkage,
) -> None:
    assert pair(hospital_links, "q-aref", "h-arif").probability >= THRESHOLD


def test_another_aref_with_another_father_is_no_candidate(
    detainee_links: Linkage, hospital_links: Linkage
) -> None:
    assert ("q-aref", "d-arif-rahim") not in candidates(detainee_links)
    assert ("q-aref", "h-arif-karim") not in candidates(hospital_links)


def test_the_fathers_name_weighs_for_her_son_and_against_the_other(
    detainee_links: Linkage,
) -> None:
    son = pair(detainee_links, "q-aref", "d-arif")
    other = pair(detainee_links, "q-aref", "d-arif-rahim")
    assert son.father_name_weight > 0
    assert other.father_name_weight < 0
    assert son.given_name_weight > 0
    assert other.given_name_weight > 0


def test_each_field_weighs_by_its_evidence(hospital_links: Linkage) -> None:
    son = pair(hospital_links, "q-aref", "h-arif")
    assert son.village_weight > 0  # Parian = پریان
    assert son.birth_year_weight > 0  # 19 on 7 Sep, 20 on 12 Sep
    assert son.sex_weight > 0
    # Neither list has a grandfather or a family name.
    assert son.grandfather_name_weight == 0
    assert son.family_name_weight == 0


def test_the_match_weight_is_the_prior_plus_the_field_weights(
    detainee_links: Linkage,
) -> None:
    pairs = detainee_links.pairs
    prior = pairs.match_weight - pairs[WEIGHTS].sum(axis=1)
    assert prior.max() - prior.min() < 0.05
    assert prior.iloc[0] < 0


def test_links_most_true_pairs_and_few_false_ones(
    lists: Scenario, detainee_links: Linkage
) -> None:
    truth = lists.true_links(lists.requests, lists.detainees)
    found = candidates(detainee_links)
    true_found = len(found & truth)
    assert true_found / len(found) >= 0.95
    assert true_found / len(truth) >= 0.75


def test_list_a_ids_are_always_id_a(detainee_links: Linkage) -> None:
    assert detainee_links.pairs.id_a.str.startswith("q").all()
    assert detainee_links.pairs.id_b.str.startswith("d").all()


def test_parameters_are_estimated_from_lists_this_size(
    detainee_links: Linkage,
) -> None:
    training = detainee_links.training
    assert training.u_estimated is True
    assert training.match_share_estimated is True
    assert len(training.em_rules) == len(TRAINING_RULES) == 4
    assert training.summary() == (
        "parameters: u from random pairs, m by EM on 4 blockings, match share "
        "from deterministic rules"
    )


def test_a_shared_village_and_place_last_seen_weigh_once_not_twice(
    lists: Scenario, folder: Path
) -> None:
    """Neighbours are mostly last seen at home: agreeing on both places says
    less than the two agreements would say apart."""
    requests = read_list(write_list(folder / "requests.csv", lists.requests.rows))
    hospital = read_list(write_list(folder / "hospital.csv", lists.hospital.rows))
    tables = [prepare(requests, as_of=AS_OF), prepare(hospital, as_of=AS_OF)]
    linker, _ = fit(tables, db_api=DuckDBAPI())
    weights = level_weights(linker.misc.save_model_to_json(), "village")
    both = weights[SAME_VILLAGE_SEEN_THERE]
    assert both > weights[SAME_VILLAGE] > 0
    assert both < weights[SAME_VILLAGE] + weights[SEEN_THERE_VILLAGE_MISSING]


def test_the_match_share_rests_on_the_recall_the_model_estimates() -> None:
    """The deterministic rule finds a true pair where both rows have every
    field it needs and each agrees: the shares filled times the m's."""
    model = {
        "comparisons": [
            {
                "output_column_name": name,
                "comparison_levels": [
                    {"label_for_charts": label, "m_probability": 0.9 / len(labels)}
                    for label in labels
                ]
                + [{"label_for_charts": "else", "m_probability": 0.1}],
            }
            for name, (_, labels) in DETERMINISTIC_LEVELS.items()
        ]
    }
    columns = [column for column, _ in DETERMINISTIC_LEVELS.values()]
    full = dict.fromkeys(columns, 1.0)
    assert deterministic_recall(model, [full]) == pytest.approx(0.9**4)
    half_village = {**full, "village": 0.5}
    assert deterministic_recall(model, [full, half_village]) == pytest.approx(
        0.9**4 * 0.5
    )


def level_weights(model: dict[str, Any], comparison: str) -> dict[str, float]:
    """Each non-null level's weight, log2(m / u), by its label."""
    levels = next(
        c["comparison_levels"]
        for c in model["comparisons"]
        if c["output_column_name"] == comparison
    )
    return {
        level["label_for_charts"]: math.log2(
            level["m_probability"] / level["u_probability"]
        )
        for level in levels
        if not level.get("is_null_level")
    }


def test_dedupe_finds_people_listed_twice(tmp_path: Path) -> None:
    merged = merged_list()
    person_list = read_list(write_list(tmp_path / "merged.csv", merged.rows))
    linkage = dedupe(person_list, as_of=AS_OF, threshold=THRESHOLD)
    found = {
        (a, b) if a < b else (b, a)
        for a, b in zip(linkage.pairs.id_a, linkage.pairs.id_b, strict=True)
    }
    truth = true_pairs(merged.person_of)
    true_found = len(found & truth)
    assert true_found / len(found) >= 0.95
    assert true_found / len(truth) >= 0.7
    assert (linkage.pairs.probability >= THRESHOLD).all()


def test_tiny_lists_link_on_the_fixed_priors(tmp_path: Path) -> None:
    requests = read_list(write_list(tmp_path / "requests.csv", [AREF_REQUEST]))
    detainees = read_list(
        write_list(tmp_path / "detainees.csv", [AREF_DETAINED, OTHER_AREF_DETAINED])
    )
    linkage = link(requests, detainees, as_of=AS_OF, threshold=0.0)
    assert linkage.training.summary() == "parameters: the fixed priors (3 records)"
    assert pair(linkage, "q-aref", "d-arif").probability >= THRESHOLD
    other = pair(linkage, "q-aref", "d-arif-rahim")
    assert other.probability < THRESHOLD
    assert other.father_name_weight < -4


def test_prior_match_share_expects_a_fifth_of_the_smaller_list_to_match() -> None:
    assert prior_match_share([100_000, 1_000_000]) == pytest.approx(2e-7)
    assert prior_match_share([200_001]) == pytest.approx(40_000.2 / 20_000_100_000)


def test_prior_match_share_of_short_lists_is_that_of_a_valley() -> None:
    assert prior_match_share([1, 2]) == pytest.approx(1 / 10_000)
    assert prior_match_share([10]) == pytest.approx(1 / 10_000)


def test_prepare_splits_the_lineage_written_in_one_cell(tmp_path: Path) -> None:
    rows = [AREF_REQUEST, AREF_DETAINED, AREF_IN_HOSPITAL]
    table = prepare(read_list(write_list(tmp_path / "l.csv", rows)), as_of=AS_OF)
    assert table.given_skeleton.tolist() == ["mhmdrf"] * 3
    assert table.father_skeleton.tolist() == ["glhmd"] * 3
    assert table.given_first.tolist() == ["mhmd"] * 3


def test_prepare_keys_villages_alike_in_both_scripts(tmp_path: Path) -> None:
    rows = [AREF_REQUEST, AREF_DETAINED, AREF_IN_HOSPITAL]
    table = prepare(read_list(write_list(tmp_path / "l.csv", rows)), as_of=AS_OF)
    assert table.village.nunique() == 1
    assert table.village.notna().all()


def test_prepare_counts_birth_years_back_from_the_last_seen_date(
    tmp_path: Path,
) -> None:
    rows = [AREF_REQUEST, AREF_DETAINED, {"id": "born", "birth_year": "2001"}]
    table = prepare(read_list(write_list(tmp_path / "l.csv", rows)), as_of=AS_OF)
    years = list(zip(table.birth_year_low, table.birth_year_high, strict=True))
    # 19 on 7 Sep 2021; ~20 (18 to 22) on the list's date; a year as given.
    assert years == [(2001, 2002), (1998, 2003), (2001, 2001)]


def test_the_linkage_package_loads_no_django() -> None:
    """Lists are linked in batch, on machines with no sabt database."""
    code = (
        "import sys; import sabt.tracing.linkage.run, sabt.testing.synthetic; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    assert result.stdout == "[]\n"
