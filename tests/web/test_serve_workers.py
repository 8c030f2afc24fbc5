"""``sabt serve --workers 2``: two server processes answer, and stop together.

Slow (a real server start, static files compressed once): forking is only
real in a real process.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.serving import _free_port, _wait_for_port, sqlite_env

# Its processes run on SQLite (tests.serving.sqlite_env) in either half.
pytestmark = pytest.mark.no_database


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found: list[int] = []
    for task in tasks.iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def test_workers_answer_and_stop_with_the_server(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sabt", "serve", "--port", str(port), "--workers", "2"],
        env=sqlite_env(tmp_path / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, seconds=600)
        pages = [
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=30)
            for _ in range(4)
        ]
        assert [page.status for page in pages] == [200] * 4
        # The socket listens before the fork; a page answered means forked.
        workers = _children(process.pid)
        assert len(workers) == 2
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
