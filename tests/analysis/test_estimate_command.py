"""The ``sabt estimate`` command, called in-process as a user would."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.no_database

HIV = Path(__file__).parent / "data" / "hiv_4lists.csv"


def run(*args: str) -> str:
    out = StringIO()
    call_command("estimate", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_promised_fields() -> None:
    summary = json.loads(run(str(HIV), "--method", "dga", "--json"))
    assert summary["method"] == "dga"
    assert summary["observed"] == 1896
    assert (summary["estimate"], summary["lower"], summary["upper"]) == (
        11220.0,
        9404.0,
        14095.0,
    )
    assert summary["settings"]["delta"] == 0.0625


def test_lcmcr_takes_a_seed() -> None:
    first = json.loads(run(str(HIV), "--method", "lcmcr", "--seed", "5", "--json"))
    again = json.loads(run(str(HIV), "--method", "lcmcr", "--seed", "5", "--json"))
    assert first == again
    assert first["settings"]["seed"] == 5


def test_plain_output_is_one_sentence() -> None:
    line = run(str(HIV), "--method", "dga").splitlines()[0]
    assert line == "dga: 1896 observed, estimate 11220 (95% interval 9404 to 14095)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b,count\n1,0,3\n0,2,1\n", "line 3, column b: '2' is not 0 or 1"),
        ("a,b,n\n1,0,3\n", "line 1: no column named count"),
        ("a,count\n1,3\n", "line 1: fewer than two lists; MSE needs at least two"),
    ],
)
def test_bad_table_stops_with_line_and_column(
    tmp_path: Path, text: str, message: str
) -> None:
    table = tmp_path / "table.csv"
    table.write_text(text)
    with pytest.raises(CommandError, match=f"table.csv: {message}"):
        run(str(table))


def test_bad_table_exits_1(tmp_path: Path) -> None:
    from tests.serving import sabt, sqlite_env  # noqa: PLC0415

    table = tmp_path / "table.csv"
    table.write_text("a,b,count\n1,x,3\n")
    result = sabt(sqlite_env(tmp_path), "estimate", str(table))
    assert result.returncode == 1
    assert "line 2, column b: 'x' is not 0 or 1" in result.stderr
