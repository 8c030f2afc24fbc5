"""``sabt dedupe``: find the people listed twice in one list, from a CSV file."""

from __future__ import annotations

from sabt.tracing.linkage.run import dedupe_files
from sabt.tracing.management.linking import LinkingCommand


class Command(LinkingCommand):
    help = (
        "Finds the rows of one list of people (a UTF-8 CSV file) that are "
        "probably the same person and writes them as pairs to --out: id_a, "
        "id_b, probability, match_weight and each field's weight. Touches no "
        "database row; a bad list writes nothing."
    )
    lists = ("list",)
    run = staticmethod(dedupe_files)
