"""``sabt report`` (reports/writing.py, contents.py, rendering.py): PDF and
HTML reports of the demo case in English and Dari, within consent.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from PIL import Image

from sabt.access.models import ReadAudit
from sabt.demo.loader import demo_id
from sabt.evidence.models import EvidenceItem
from sabt.evidence.services import add_file
from sabt.evidence.services.assessments import assess
from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident
from tests.ledger_store.helpers import run_command
from tests.reports.conftest import (
    DARHEL,
    DARI_STATEMENT,
    ENGLISH_STATEMENT,
    ENGLISH_TRANSLATION,
    EXPULSION,
    WITNESS_NAME,
    WITNESS_PSEUDONYM,
    DemoCase,
)
from tests.reports.pdf_reading import normalised, pdf_fonts, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

# The page's right and left margins, in points: A4 less 18 mm either side.
RIGHT_MARGIN = 595.28 - 51.02
LEFT_MARGIN = 51.02


def report(out: Path, *args: str, audience: str = "un_courts") -> str:
    """Report the Darhel and expulsion incidents; return the command's output."""
    incidents = ["--incident", DARHEL, "--incident", EXPULSION]
    _, stdout, _ = run_command(
        "report", *(args or incidents), "--audience", audience, "--out", str(out)
    )
    return stdout


def test_the_pdf_renders_with_contents_and_page_numbers(
    demo: DemoCase, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    report(out)

    assert out.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(out)
    assert pages >= 3
    text = pdf_text(out)
    assert "Contents" in text
    assert normalised("Darhel: old and young shot after a gunshot") in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in pdf_text(out, page=pages)


def test_the_arabic_script_font_is_embedded(demo: DemoCase, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    report(out, "--incident", DARHEL, "--lang", "fa")

    fonts = pdf_fonts(out)

    assert any("Noto-Naskh-Arabic" in name and embedded for name, embedded in fonts)
    assert all(embedded for _, embedded in fonts)


def test_the_text_holds_the_dari_statement_and_the_english_one(
    demo: DemoCase, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    report(out, "--incident", DARHEL, "--lang", "fa")

    text = pdf_text(out)

    assert normalised(DARI_STATEMENT) in text
    assert normalised(ENGLISH_STATEMENT) in text


def test_the_dari_report_has_dari_labels_and_runs_right_to_left(
    demo: DemoCase, tmp_path: Path
) -> None:
    dari, english = tmp_path / "fa.pdf", tmp_path / "en.pdf"
    report(dari, "--incident", DARHEL, "--lang", "fa")
    report(english, "--incident", DARHEL)

    text = pdf_text(dari)
    assert normalised("گزارش برای سازوکارهای سازمان ملل و محاکم") in text
    assert normalised("فهرست مطالب") in text
    assert heading_edges(dari)[1] == pytest.approx(RIGHT_MARGIN, abs=1)
    assert heading_edges(dari)[0] > LEFT_MARGIN + 100
    assert heading_edges(english)[0] == pytest.approx(LEFT_MARGIN, abs=1)


def heading_edges(pdf: Path) -> tuple[float, float]:
    """Where the first line of the first page starts and ends, in points."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True, capture_output=True,
    ).stdout.decode()  # fmt: skip
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', boxes)
    top = min(float(y) for _, y, _ in words)
    line = [(float(a), float(b)) for a, y, b in words if float(y) == top]
    return min(a for a, _ in line), max(b for _, b in line)


def test_a_source_named_to_courts_is_named_in_the_court_report_only(
    demo: DemoCase, tmp_path: Path
) -> None:
    court, public = tmp_path / "court.pdf", tmp_path / "public.pdf"
    report(court, audience="un_courts")
    report(public, audience="public")

    assert WITNESS_NAME in pdf_text(court)
    assert WITNESS_NAME not in pdf_text(public)
    assert normalised(WITNESS_PSEUDONYM) in pdf_text(public)
    assert normalised(ENGLISH_TRANSLATION) in pdf_text(public)


def test_evidence_shows_each_files_hash_custody_and_assessments(
    demo: DemoCase, investigator: User, tmp_path: Path
) -> None:
    item = EvidenceItem.objects.get(pk=demo_id("road-march-video"))
    still = tmp_path / "road-march.png"
    Image.new("RGB", (64, 48), (120, 100, 80)).save(still, "PNG")
    added = add_file(
        actor=investigator, item=item, path=still, acquired_how="collected",
        acquired_by="analyst-2", acquired_at="2021-09-10T08:00:00+00:00",
        blob_root=tmp_path / "blobs",
    )  # fmt: skip
    assess(
        actor=investigator, item=item, kind="geolocation", finding="consistent",
        confidence="medium", analyst="analyst-2",
        method="Ridge line matched to the valley road near Bazarak.",
    )  # fmt: skip
    out = tmp_path / "r.pdf"
    report(out, "--incident", EXPULSION)

    text = pdf_text(out)

    assert f"SHA-256 {added.sha256}" in text
    assert normalised("Custody: acquired \u00d71") in text
    assert (
        normalised(
            "content analysis: geolocation consistent with the claim, medium confidence"
        )
        in text
    )
    assert normalised("Ridge line matched to the valley road near Bazarak.") in text


def test_the_last_page_carries_the_report_hash(demo: DemoCase, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    printed = report(out)
    report_hash = re.search(r"report hash ([0-9a-f]{64})", printed)

    assert report_hash
    assert report_hash.group(1) in pdf_text(out, page=pdf_pages(out))


def test_the_annex_names_the_checkpoint_and_what_was_withheld(
    demo: DemoCase, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    events = LedgerEvent.objects.count()
    report(out, audience="public")

    annex = out.read_text().split('id="annex"')[1]
    assert f"when it held {events} events" in annex
    assert demo.witness.record in annex
    assert "name go to UN mechanisms and courts, not to the public" in annex


def export_bundle(to: Path, audience: str) -> Path:
    run_command(
        "export", "--incident", DARHEL, "--incident", EXPULSION, "--to", str(to),
        "--reason", "request of the court", "--by", "investigator",
        "--audience", audience,
    )  # fmt: skip
    return to


def test_the_annex_names_the_bundle_exported_with_it(
    demo: DemoCase, tmp_path: Path
) -> None:
    bundle = export_bundle(tmp_path / "bundle", "un_courts")
    out = tmp_path / "r.html"
    report(out, "--incident", DARHEL, "--incident", EXPULSION,
           "--bundle", str(bundle))  # fmt: skip

    manifest = hashlib.sha256((bundle / "manifest.json").read_bytes()).hexdigest()
    annex = out.read_text().split('id="annex"')[1]
    assert manifest in annex
    assert "exported by <bdi>investigator</bdi>" in annex


def test_a_bundle_for_another_audience_is_refused(
    demo: DemoCase, tmp_path: Path
) -> None:
    bundle = export_bundle(tmp_path / "bundle", "public")
    out = tmp_path / "r.pdf"

    with pytest.raises(CommandError) as refused:
        report(out, "--incident", DARHEL, "--incident", EXPULSION,
               "--bundle", str(bundle))  # fmt: skip

    assert str(refused.value) == (
        f"the bundle in {bundle} was made for 'public', not 'un_courts'"
    )
    assert not out.exists()


def test_a_case_report_covers_every_incident_of_the_case(
    demo: DemoCase, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    printed = report(out, "--case", "default")

    html = out.read_text()
    assert all(i.title in html for i in Incident.objects.all())
    assert f"{Incident.objects.count()} incidents" in printed


def test_the_report_is_recorded_in_the_audit(demo: DemoCase, tmp_path: Path) -> None:
    printed = report(tmp_path / "r.html")

    entry = ReadAudit.objects.get(action="exported")
    assert entry.detail.startswith("report for un_courts of 2 incidents, sha256 ")
    assert entry.detail.split()[-1] in printed


def test_an_unknown_extension_is_refused_and_writes_nothing(
    demo: DemoCase, tmp_path: Path
) -> None:
    out = tmp_path / "r.docx"
    events = LedgerEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        report(out)

    assert str(refused.value) == (
        "cannot tell the report's format from 'r.docx' (extension .docx): "
        "--out must end in .pdf or .html"
    )
    assert not out.exists()
    assert LedgerEvent.objects.count() == events


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--case", "default", "--incident", DARHEL),
         "name the incidents (--incident) or a case (--case)"),
        ((),
         "name the incidents (--incident) or a case (--case)"),
        (("--case", "kabul-2022"), "no incident in case 'kabul-2022'"),
        (("--incident", "no-such-incident"), "no incident with id no-such-incident"),
    ],
)  # fmt: skip
def test_a_bad_choice_of_incidents_is_refused(
    demo: DemoCase, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "r.pdf"
    with pytest.raises(CommandError, match=re.escape(message)):
        run_command("report", "--audience", "public", *args, "--out", str(out))
    assert not out.exists()


def test_the_dari_report_writes_its_dates_in_solar_hijri(
    demo: DemoCase, tmp_path: Path
) -> None:
    dari, english = tmp_path / "fa.html", tmp_path / "en.html"
    report(dari, "--incident", DARHEL, "--lang", "fa")
    report(english, "--incident", DARHEL)
    # 10 September 2021 is 19 Sonbola 1400; the witness spoke on the 20th.
    assert "۱۹ سنبله ۱۴۰۰" in dari.read_text()
    assert '<time datetime="2021-09-20">۲۹ سنبله ۱۴۰۰</time>' in dari.read_text()
    assert '<time datetime="2021-09-20">20 September 2021</time>' in english.read_text()
