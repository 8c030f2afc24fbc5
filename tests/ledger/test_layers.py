"""Imports point down: no package imports from a layer above its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "import_graph.py"


def run_graph(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_sabt_imports_point_down() -> None:
    result = run_graph(REPO)
    assert result.returncode == 0, result.stderr
    assert "records -> " in result.stdout
    assert "access" not in result.stdout.split("records -> ")[1].splitlines()[0]


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / "src" / "sabt" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_an_upward_import_is_named_with_its_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "records/models.py": "import os\nfrom sabt.access.queries import x\n",
            "access/queries.py": "from sabt.records.models import y\n",
        },
    )
    result = run_graph(tmp_path)
    assert result.returncode == 1
    assert "src/sabt/records/models.py:2: sabt.records (layer 4) imports " in (
        result.stderr
    )
    assert "sabt.access (layer 7)" in result.stderr
    assert "access/queries.py" not in result.stderr


def test_packages_of_one_layer_may_not_import_each_other(tmp_path: Path) -> None:
    write_tree(tmp_path, {"notes/models.py": "import sabt.gazetteer.models\n"})
    result = run_graph(tmp_path)
    assert result.returncode == 1
    assert "sabt.notes (layer 3) imports sabt.gazetteer (layer 3)" in result.stderr


def test_a_management_command_may_import_any_layer(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"tracing/management/commands/pfif.py": "from sabt.access import audit\n"},
    )
    result = run_graph(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "tracing (commands) -> access" in result.stdout


def test_a_package_in_no_layer_is_an_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"newapp/models.py": "x = 1\n"})
    result = run_graph(tmp_path)
    assert result.returncode != 0
    assert "sabt.newapp is in no layer" in result.stderr
