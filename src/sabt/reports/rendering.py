"""Turn a report's contents into HTML, in English or Dari, and HTML into PDF.

The PDF is laid out by WeasyPrint with the Noto fonts (Noto Sans, Noto Naskh
Arabic for Dari), which shape Arabic script and run it right to left. It
fetches nothing: the styles are inline and any URL in the text stays text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import ImageFile

from sabt.reports.bundle_reference import BundleReference
from sabt.reports.contents import ReportContents

LANGUAGES = ("en", "fa")


@dataclass(frozen=True)
class Grounds:
    """What a report stands on: the log's checkpoint when it was made."""

    origin: str
    size: int
    root: str
    note: str
    made_at: datetime.datetime
    report_hash: str
    bundle: BundleReference | None = None


def render_html(contents: ReportContents, grounds: Grounds, *, language: str) -> str:
    """The report as one self-contained HTML page in ``language``."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; en or fa")
    with translation.override(language):
        return render_to_string(
            "reports/report.html",
            {
                "report": contents,
                "grounds": grounds,
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "page_footer": _page_footer(),
            },
        )


def render_pdf(html: str) -> bytes:
    """Lay the HTML out as a PDF; nothing outside it is fetched."""
    # Imported here: WeasyPrint loads Pango and the fonts, which the rest of
    # sabt (and every command that never writes a PDF) has no need of.
    from weasyprint import HTML  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    # WeasyPrint's import tells Pillow, for the whole process, to accept
    # truncated images; evidence inspection relies on Pillow refusing them.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))
    return bytes(pdf.write_pdf())


def _page_footer() -> str:
    """The footer as CSS ``content``: translated words around page counters."""
    words = _("Page %(page)s of %(pages)s") % {
        "page": "\x00page\x00",
        "pages": "\x00pages\x00",
    }
    quoted = '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return quoted.replace("\x00page\x00", '" counter(page) "').replace(
        "\x00pages\x00", '" counter(pages) "'
    )
