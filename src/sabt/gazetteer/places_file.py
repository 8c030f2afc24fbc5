"""Reading the shipped GeoNames file, without the database.

The gazetteer tables (``loading``), the spelling lookup that record
linkage uses outside the web app (``spellings``) and the synthetic lists of
the tests (``sabt.testing.synthetic``) all read this one file. Its
columns are described in ``data/README.md``; list columns are
``|``-separated.
"""

from __future__ import annotations

import csv
from pathlib import Path

PLACES_FILE = Path(__file__).resolve().parent / "data" / "panjshir_geonames.tsv"


def read_rows(path: Path = PLACES_FILE) -> list[dict[str, str]]:
    """Every row of the file, by column name."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_names(value: str) -> list[str]:
    """The names of a list column, trimmed, empty ones left out."""
    return [part.strip() for part in value.split("|") if part.strip()]
