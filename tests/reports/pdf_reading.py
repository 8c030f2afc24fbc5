"""Read a PDF as its reader would: poppler's pdftotext, pdfinfo, pdffonts."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

# Marks a PDF's text layer may add or drop around Arabic script: zero-width
# (non-)joiners, and the bidi embeddings, overrides, isolates and marks.
_INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# Where a line mixes directions, pdftotext may print the space beside a
# punctuation mark on its other side ("شد ،طالبان" for "شد، طالبان").
_SPACE_BY_PUNCTUATION = re.compile(r"\s*([^\w\s])\s*")


def normalised(text: str) -> str:
    """Text as compared: NFKC, no invisible marks, runs of space as one, and
    no space beside punctuation.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _SPACE_BY_PUNCTUATION.sub(r"\1", " ".join(text.split()))


def pdf_text(pdf: Path, *, page: int | None = None) -> str:
    """The PDF's text as pdftotext extracts it, normalised."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True
    )
    return normalised(done.stdout.decode("utf-8"))


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout.decode(), re.MULTILINE)
    assert found, info.stdout
    return int(found.group(1))


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for each font pdffonts lists."""
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True)
    fonts = []
    for line in listing.stdout.decode().splitlines()[2:]:
        columns = line.split()
        # name, type words..., encoding, emb, sub, uni, object, id
        fonts.append((columns[0], columns[-5] == "yes"))
    return fonts
