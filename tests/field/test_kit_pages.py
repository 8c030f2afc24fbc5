"""Seized kit, through its pages: what the documenter typed is found nowhere.

The kit's own web app (``sabt serve`` in a kit home) records a source by
her real name in English and in Dari, a testimony in Dari, a photo with
GPS in its EXIF and a tracing request naming the mother. The whole kit home
(database and WAL, sealed files, logs, the temporary folder the server was
given) then holds none of it in UTF-8 or UTF-16, composed or decomposed,
nor the photo's bytes or EXIF, and no page shows any of it back. Two
entries copied from one register, a name in Latin and one in Dari (the
second on the Dari page, its date in Solar Hijri), fare the same. Exported
and imported at headquarters, all of it is there, the entries in the one
list of their register. Screenshots of the list entry page, in English and
in Dari, are left in test-artifacts/.
"""

from __future__ import annotations

import datetime
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import jdatetime
import pytest
from django.core.management import call_command
from django.utils import translation
from nacl.public import PrivateKey
from playwright.sync_api import Page, expect
from pytest_django import Settings

from sabt.core.cases import Case
from sabt.evidence.blobs import BlobStore
from sabt.evidence.models import EvidenceFile
from sabt.ledger_store.keyring import open_field
from sabt.records.models import Act, Source, Statement
from sabt.tracing.models import PersonList, TracingRequest
from sabt.web.dates import SOLAR_HIJRI_PERSIAN_MONTHS
from tests.evidence.files import write_photo
from tests.field.kits import (
    DARI_NAME,
    MOTHER,
    REAL_NAME,
    SECRET_DMS,
    TESTIMONY_DARI,
    TESTIMONY_EN,
    enrolled_kit,
    export,
    forms_of,
    hits,
)
from tests.serving import serving

pytestmark = pytest.mark.django_db

SOUGHT = "Faridullah"
CONTACT = "+93 70 555 0173"
TITLE = "Night raid on the Sultani house"
FATHER = "Abdul Rahim"
REGISTER = "Khawak checkpoint, detained by truck"
LISTED = "Shirzad Qaderyar"
LISTED_DARI = "شیرزاد قادریار"
VILLAGE = "Deh-e Zarghun Nau"
PLAINTEXTS = (
    REAL_NAME,
    DARI_NAME,
    MOTHER,
    TESTIMONY_DARI,
    TESTIMONY_EN,
    SOUGHT,
    FATHER,
    REGISTER,
    LISTED,
    LISTED_DARI,
    VILLAGE,
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _save(page: Page, fill: Callable[[], None]) -> None:
    fill()
    page.get_by_role("button", name="Save and seal").click()
    expect(page.get_by_test_id("saved")).to_be_visible()


def _shows_nothing(page: Page) -> None:
    html = page.content()
    for text in (*PLAINTEXTS, CONTACT, TITLE, "Canon", "35.28", "IMG_0042"):
        assert text not in html


def test_a_seized_kit_holds_nothing_its_documenter_typed_in_its_pages(
    tmp_path: Path, page: Page, settings: Settings, org_key: PrivateKey
) -> None:
    Case.objects.create(slug="panjshir", name="Panjshir 2021")
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    kit = enrolled_kit(tmp_path, "kit-web", "panjshir")
    (tmp_path / "card").mkdir()
    photo = write_photo(tmp_path / "card" / "IMG_0042.jpg", position=SECRET_DMS)
    temporary = kit.home / "tmp"
    temporary.mkdir()

    limit = str(200 * 1024)
    with serving(
        kit.home, TMPDIR=str(temporary), SABT_MAX_UPLOAD_BYTES=limit
    ) as server:
        page.goto(server.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Kit kit-web, case panjshir"
        )

        page.get_by_role("link", name="Report an incident").click()
        _incident(page)
        page.get_by_label("Last day, if it lasted longer").fill("2021-09-01")
        page.get_by_role("button", name="Save and seal").click()
        expect(
            page.get_by_text("The end date is before the start date.")
        ).to_be_visible()
        _save(page, lambda: page.get_by_label("Last day, if it lasted longer").fill(""))
        expect(page.get_by_test_id("counts")).to_contain_text(
            re.compile(r"Incidents\s*1")
        )
        page.get_by_role("link", name="Record a person").click()
        _save(page, lambda: _person(page))
        page.get_by_role("link", name="Add an act").click()
        _save(page, lambda: _act(page))
        page.get_by_role("link", name="Register a source").click()
        _save(page, lambda: _source(page, REAL_NAME, "W-17"))
        _shows_nothing(page)
        page.get_by_role("link", name="Register a source").click()
        _save(page, lambda: _source(page, DARI_NAME, "W-18"))
        page.get_by_role("link", name="Record a statement").click()
        # Sources are offered by number and time, never by name.
        expect(page.get_by_label("Source:", exact=True)).to_contain_text("Source 1")
        _shows_nothing(page)
        _save(page, lambda: _statement(page))
        page.get_by_role("link", name="Add an evidence file").click()
        _save(page, lambda: _evidence(page, photo))
        page.get_by_role("link", name="Open a tracing request").click()
        _save(page, lambda: _tracing(page))
        _shows_nothing(page)
        page.get_by_role("link", name="A list entry").click()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "kit-list-entry-en.png", full_page=True)
        _save(page, lambda: _list_entry(page, LISTED, "2021-09-13"))
        _in_dari(page)
        _shows_nothing(page)
        counts = page.get_by_test_id("counts")
        expect(counts).to_contain_text(re.compile(r"List entries\s*2"))
        expect(counts).to_contain_text(re.compile(r"Sources\s*2"))
        expect(counts).to_contain_text(re.compile(r"Acts\s*1"))
        expect(counts).to_contain_text(re.compile(r"Files\s*1"))
        expect(counts).to_contain_text(re.compile(r"Tracing requests\s*1"))

        # The office's pages are not there; a file over the limit is refused.
        assert _status(f"{server.url}/incidents/") == 404
        assert _status(f"{server.url}/record/evidence/", 4 * 1024**2) == 413

        # Seized while it runs: the WAL is there, and searched too.
        assert (kit.home / "sabt.sqlite3-wal").exists()
        needles = [form for text in PLAINTEXTS for form in forms_of(text)]
        original = photo.read_bytes()
        needles += [original[i : i + 64] for i in range(0, len(original), 4096)]
        needles += [b"Canon EOS 80D", b"35.2873", b"69.5208", b"IMG_0042"]
        needles += forms_of(CONTACT) + forms_of(TITLE)
        assert hits(kit.home, needles) == []
    assert hits(kit.home, needles) == []

    bundle = export(kit, tmp_path / "usb")
    call_command("import", str(bundle), "--by", "registrar", "--ack-to", str(tmp_path))
    sources = Source.objects.filter(created_by="kit-web").order_by("pseudonym")
    opened = [
        open_field(s.record, "real_name", s.sealed_identity["real_name"], org_key)
        for s in sources
    ]
    assert opened == [REAL_NAME, DARI_NAME]
    assert Statement.objects.get(source=sources[0]).text == TESTIMONY_DARI
    request = TracingRequest.objects.get()
    assert request.given_name == SOUGHT
    assert (
        open_field(
            request.record,
            "enquirer_name",
            request.sealed_enquirer["enquirer_name"],
            org_key,
        )
        == MOTHER
    )
    act = Act.objects.get()
    assert act.victim is not None and act.victim.name == SOUGHT
    assert act.act_type == "enforced_disappearance"
    file = EvidenceFile.objects.get()
    assert file.file_name == "IMG_0042.jpg"
    assert round(file.metadata["latitude"], 4) == 35.2873
    assert BlobStore(settings.SABT_BLOB_DIR).path_of(file.sha256).read_bytes() == (
        original
    )
    (register,) = PersonList.objects.filter(name=REGISTER)
    assert register.kind == "detainees"
    listed = register.entries.order_by("given_name")
    assert [(e.given_name, e.village, e.last_seen_date) for e in listed] == [
        (LISTED, VILLAGE, datetime.date(2021, 9, 13)),
        # 22 Sonbola 1400, typed on the Dari page.
        (LISTED_DARI, VILLAGE, datetime.date(2021, 9, 13)),
    ]


def _list_entry(page: Page, name: str, day: str) -> None:
    page.get_by_label("Kind of list").select_option("detainees")
    page.get_by_label("Name of the list").fill(REGISTER)
    page.get_by_label("Name as written").fill(name)
    page.get_by_label("Sex:", exact=True).select_option("male")
    page.get_by_label("Village").fill(VILLAGE)
    page.get_by_label("Date on the list").fill(day)


def _in_dari(page: Page) -> None:
    """The second entry on the Dari page, its date in Solar Hijri, Persian
    digits; the counts page then in the Persian month names.
    """
    page.get_by_role("button", name="دری").click()
    page.get_by_role("link", name="درج یک نفر در فهرست").click()
    date_box = page.locator("[name=date]")
    expect(date_box).to_have_attribute("placeholder", "1400-06-19")
    page.screenshot(path=ARTIFACTS / "kit-list-entry-fa.png", full_page=True)
    page.locator("[name=list_kind]").select_option("detainees")
    page.locator("[name=list_name]").fill(REGISTER)
    page.locator("[name=given_name]").fill(LISTED_DARI)
    page.locator("[name=village]").fill(VILLAGE)
    date_box.fill("۱۴۰۰/۶/۲۲")
    page.get_by_role("button", name="ذخیره و رمزگذاری").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    page.get_by_label("تقویم").select_option("solar_hijri_persian")
    page.get_by_role("button", name="نمایش").click()
    today = jdatetime.date.fromgregorian(
        date=datetime.datetime.now(datetime.UTC).date()
    )
    with translation.override("fa"):
        month = str(SOLAR_HIJRI_PERSIAN_MONTHS[today.month - 1])
    expect(page.get_by_test_id("last-recorded")).to_contain_text(month)
    page.screenshot(path=ARTIFACTS / "kit-home-fa.png", full_page=True)
    page.get_by_label("تقویم").select_option("gregorian")
    page.get_by_role("button", name="نمایش").click()
    page.get_by_role("button", name="English").click()


def _incident(page: Page) -> None:
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Type of event").select_option("violence_against_civilians")
    page.get_by_label("Date, or first day").fill("2021-09-10")
    page.get_by_label("Where").fill("Bazarak")


def _status(url: str, body_size: int = 0) -> int:
    """The status of a GET, or of a POST of ``body_size`` bytes."""
    data = b"x" * body_size if body_size else None
    try:
        with urllib.request.urlopen(url, data=data, timeout=60) as answer:  # noqa: S310  (the test's own server)
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _person(page: Page) -> None:
    page.get_by_label("Name as written:", exact=True).fill(SOUGHT)
    page.get_by_label("Father's name:", exact=True).fill(FATHER)
    page.get_by_label("Sex:", exact=True).select_option("male")


def _act(page: Page) -> None:
    page.get_by_label("Incident:", exact=True).select_option(index=0)
    page.get_by_label("Act:", exact=True).select_option("enforced_disappearance")
    page.get_by_label("Victim, if one person").select_option(index=1)


def _source(page: Page, real_name: str, pseudonym: str) -> None:
    page.get_by_label("Kind of source").select_option("witness")
    page.get_by_label("Pseudonym").fill(pseudonym)
    page.get_by_label("Real name").fill(real_name)
    page.get_by_label("Contact:", exact=True).fill(CONTACT)
    page.get_by_label("Their name may go to").select_option("nobody")
    page.get_by_label("Their account may go to").select_option("un_courts")
    page.get_by_label("How consent was obtained").select_option("in_person")
    page.get_by_label("On:", exact=True).fill("2021-09-12")


def _statement(page: Page) -> None:
    # Newest first: the second is the first source, Zarmina.
    page.get_by_label("Source:", exact=True).select_option(index=1)
    page.get_by_label("What the source said, in its own language").fill(TESTIMONY_DARI)
    page.get_by_label("Language:", exact=True).select_option("fa")
    page.get_by_label("Translation").fill(TESTIMONY_EN)
    page.get_by_label("Stance").select_option("alleges")


def _evidence(page: Page, photo: Path) -> None:
    page.get_by_label("File").set_input_files(str(photo))
    page.get_by_label("Kind").select_option("photo")
    page.get_by_label("Title").fill("Photo of the house")
    page.get_by_label("Acquired on").fill("2021-09-11T08:00:00+04:30")


def _tracing(page: Page) -> None:
    page.get_by_label("Name of the person sought").fill(SOUGHT)
    page.get_by_label("Family name:", exact=True).fill("Sultani")
    page.get_by_label("Enquirer's name:", exact=True).fill(MOTHER)
    page.get_by_label("Enquirer's relationship to the person sought:", exact=True).fill(
        "mother"
    )
