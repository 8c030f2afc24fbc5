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
pytestmark = pytest.mark.filterwarnings("ignore::Warning:pyspark")

AS_OF = date(2021, 9, 20)


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local Spark with one thread and Splink's string-similarity jar."""
    session = (
        SparkSession.builder.master("local[1]")
        .appName("sabt-tests")
        .config("spark.ui.enabled", "false")
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
