"""What ``sabt link`` and ``sabt dedupe`` share: options and the report."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.tracing.linkage.columns import LINK_COLUMNS, ListError, parse_date
from sabt.tracing.linkage.run import DEFAULT_THRESHOLD, Report


def probability(text: str) -> float:
    """Read ``--threshold``: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number') from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a probability between 0 and 1")
    return value


def iso_date(text: str) -> date:
    """Read ``--as-of``: a date written YYYY-MM-DD."""
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError("give a date written YYYY-MM-DD")
    return day


def add_options(parser: CommandParser) -> None:
    """--out, --threshold, --map and --as-of, the same for both commands."""
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PAIRS.csv",
        help="the CSV file to write the candidate pairs to (replaced if it exists)",
    )
    parser.add_argument(
        "--threshold",
        type=probability,
        default=DEFAULT_THRESHOLD,
        help=(
            "write the pairs whose match probability is at least this "
            f"(0 to 1; default {DEFAULT_THRESHOLD})"
        ),
    )
    parser.add_argument(
        "--map",
        default="",
        metavar="THEIR_HEADER=COLUMN,...",
        help=(
            "read other headers as these columns: "
            f"{', '.join(LINK_COLUMNS)} "
            "(e.g. --map 'Name=given_name,Father=father_name')"
        ),
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=(
            "the date the lists were drawn up: ages count back from it in rows "
            "without a last-seen date (default: today)"
        ),
    )


def write_report(command: BaseCommand, report: Report) -> None:
    """Say what was read, where the parameters came from, what was written."""
    for person_list in report.lists:
        rows = len(person_list)
        command.stdout.write(f"read {rows} rows from {person_list.source}")
        if person_list.ignored:
            ignored = ", ".join(person_list.ignored)
            command.stdout.write(
                f"  ignored columns: {ignored} (rename them with --map to use them)"
            )
    linkage = report.linkage
    for line in linkage.explain():
        command.stdout.write(line)
    command.stdout.write(linkage.training.summary())
    pairs = len(linkage.pairs)
    command.stdout.write(
        f"scored {linkage.scored} candidate pairs; wrote {pairs} with probability "
        f"{report.threshold} or more to {report.out}"
    )


class LinkingCommand(BaseCommand):
    """``sabt link`` and ``sabt dedupe``: read lists, link them, write pairs.

    A subclass names its list arguments and the linkage function that takes
    those lists first, then the shared options.
    """

    lists: tuple[str, ...]
    run: Callable[..., Report]

    def add_arguments(self, parser: CommandParser) -> None:
        for name in self.lists:
            parser.add_argument(
                name, type=Path, metavar=name.upper(), help="a CSV list"
            )
        add_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = type(self).run(
                *(options[name] for name in self.lists),
                out=options["out"],
                threshold=options["threshold"],
                mapping=options["map"],
                as_of=options["as_of"],
            )
        except ListError as exc:
            raise CommandError(str(exc)) from exc
        write_report(self, report)
