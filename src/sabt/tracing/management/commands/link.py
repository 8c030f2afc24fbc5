"""``sabt link``: find the people of one list in another, from CSV files."""

from __future__ import annotations

from sabt.tracing.linkage.run import link_files
from sabt.tracing.management.linking import LinkingCommand


class Command(LinkingCommand):
    help = (
        "Links two lists of people (UTF-8 CSV files, such as tracing requests "
        "and a detainee list) and writes the pairs that are probably the same "
        "person to --out: id_a, id_b, probability, match_weight and each "
        "field's weight. Touches no database row; a bad list writes nothing."
    )
    lists = ("list_a", "list_b")
    run = staticmethod(link_files)
