"""Benchmark the PDF report of the whole demo case, in English and in Dari.

Loads the demo (``sabt demo``'s case: 19 incidents) into a fresh sabt, then
runs ``sabt report --case default --audience un_courts --lang L --out r.pdf``
as a child process for each language, so the figure is what a user waits
for: starting Python and Django, checking the ledger, gathering, laying out
and writing the PDF.

``report.pdf``
    ``seconds`` is the child's wall clock time, ``cpu_seconds`` its user and
    system time (on a shared machine the better guide), ``pages`` the PDF's
    page count. Goal: under 10 seconds.

One ``name key=value ...`` line per language on stdout::

    .venv/bin/python benchmarks/report.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import django_environment, print_figure, progress

GOAL_SECONDS = 10
LANGUAGES = ("en", "fa")


def load_demo() -> None:
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from sabt.demo.loader import load_demo as load  # noqa: PLC0415

    load(actor=get_user_model()(username="demo"))


def timed_report(language: str, out: Path) -> tuple[float, float]:
    """Run the command in a child; return its wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sabt", "report", "--case", "default",
         "--audience", "un_courts", "--lang", language, "--out", str(out)],
        check=True, capture_output=True, env=os.environ.copy(),
    )  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader  # noqa: PLC0415

    return len(PdfReader(pdf).pages)


def main() -> None:
    with django_environment(), tempfile.TemporaryDirectory() as folder:
        progress("loading the demo case")
        load_demo()
        for language in LANGUAGES:
            out = Path(folder) / f"report-{language}.pdf"
            progress(f"reporting in {language}")
            wall, cpu = timed_report(language, out)
            print_figure(
                "report.pdf",
                {
                    "lang": language,
                    "seconds": wall,
                    "cpu_seconds": cpu,
                    "pages": page_count(out),
                    "goal_seconds": GOAL_SECONDS,
                    "met": wall < GOAL_SECONDS,
                },
            )


if __name__ == "__main__":
    main()
