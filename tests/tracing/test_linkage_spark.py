"""Tests that the linkage model runs on Spark as it does on DuckDB.

``make test`` installs pyspark (the ``spark`` extra) and Java, so this runs
in CI; elsewhere it skips where either is missing. A local one-thread Spark
links the mother's request (``lists``) and must score every pair as DuckDB
does.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sabt.testing import synthetic
from sabt.tracing.linkage.columns import read_list
from sabt.tracing.linkage.run import link
from tests.tracing.lists import (
    AREF_DETAINED,
    AREF_REQUEST,
    OTHER_AREF_DETAINED,
    write_list,
)

pytest.importorskip(
    "pyspark", reason="pyspark is not installed: pip install -e '.[spark]'"
)
if shutil.which("java") is None:
    pytest.skip(
        "Spark needs Java: apt-get install openjdk-17-jre-headless",
        allow_module_level=True,
    )

from pyspark.sql import SparkSession
from splink.backends.spark import SparkAPI, similarity_jar_location

# pyspark warns about the pandas it runs with and about pyarrow missing.
pytestmark = [
    pytest.mark.filterwarnings("ignore::Warning:pyspark"),
    pytest.mark.no_database,
]

AS_OF = date(2021, 9, 20)


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local Spark with one thread and Splink's string-similarity jar."""
    session = (
        SparkSession.builder.master("local[1]")
        .appName("sabt-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(tmp_path_factory.mktemp("checkpoints")))
    yield session
    session.stop()


def test_spark_scores_the_pairs_as_duckdb_does(spark: Any, tmp_path: Path) -> None:
    requests = read_list(write_list(tmp_path / "requests.csv", [AREF_REQUEST]))
    detainees = read_list(
        write_list(tmp_path / "detainees.csv", [AREF_DETAINED, OTHER_AREF_DETAINED])
    )
    on_spark = link(
        requests,
        detainees,
        as_of=AS_OF,
        threshold=0.0,
        db_api=SparkAPI(spark_session=spark),
    )
    on_duckdb = link(requests, detainees, as_of=AS_OF, threshold=0.0)
    assert on_spark.pairs.to_dict("records") == on_duckdb.pairs.to_dict("records")
    assert on_spark.pairs.id_b.tolist()[0] == "d-arif"
    assert on_spark.pairs.probability.tolist()[0] >= 0.9


def test_spark_trains_the_model_and_finds_the_pairs_duckdb_finds(
    spark: Any, tmp_path: Path
) -> None:
    """Lists long enough to train on: u by sampling, m by EM, term frequencies
    and the match share all run on Spark, and find what DuckDB finds."""
    generator = synthetic.Generator(3)
    register, hurried = synthetic.overlapping_lists(
        generator,
        150,
        150,
        overlap=0.5,
        styles_a=[synthetic.Style(missing=synthetic.REGISTERED)],
        styles_b=[synthetic.Style(script="mixed", missing=synthetic.HURRIED)],
    )
    list_a = read_list(write_list(tmp_path / "a.csv", register.rows))
    list_b = read_list(write_list(tmp_path / "b.csv", hurried.rows))
    truth = synthetic.true_links(register.person_of, hurried.person_of)
    found = {}
    summaries = set()
    for name, db_api in (("spark", SparkAPI(spark_session=spark)), ("duckdb", None)):
        linkage = link(list_a, list_b, as_of=AS_OF, threshold=0.5, db_api=db_api)
        assert linkage.training.em_rules
        assert linkage.training.u_estimated
        assert linkage.training.match_share_estimated
        summaries.add(linkage.training.summary())
        found[name] = set(zip(linkage.pairs.id_a, linkage.pairs.id_b, strict=True))
        assert len(found[name] & truth) >= 0.9 * len(truth)
        assert len(found[name] & truth) >= 0.95 * len(found[name])
    assert len(summaries) == 1  # the same steps ran on both
    # u is sampled by each engine's own random numbers: a pair near the
    # threshold may fall on either side, but no more than a few.
    assert len(found["spark"] ^ found["duckdb"]) <= 0.05 * len(truth)
