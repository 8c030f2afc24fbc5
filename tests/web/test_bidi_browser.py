"""Mixed Latin and Arabic script on Dari pages, as chromium lays them out.

Covers the bidirectional isolates of the templates (sabt/web/templates/web)
and of sabt.css: on the demo's Parion incident in Dari, the name as written ("Parion")
keeps its place before its badge, the candidate places are named in
Arabic script and follow each other right to left, each district after
its place; signing keys read left to right; on a match page a list name
full of commas stays before its row id.
Each assertion reads where the browser drew the words, not the HTML. Also
leaves screenshots of the incident, evidence, tracing request and match
pages in Dari in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.access.membership import grant
from sabt.demo.loader import load_demo
from sabt.evidence.models import EvidenceItem
from sabt.gazetteer.place_names import is_arabic_script
from sabt.records.models import Incident
from sabt.tracing import services
from tests.access.two_factor_helpers import code_for, confirmed_device
from tests.tracing.factories import detainee_list, make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Where each needle was drawn: the box of the first text that holds it.
WHERE_DRAWN = """([selector, needles]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const boxes = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const needle of needles) {
      const at = node.data.indexOf(needle);
      if (at < 0 || needle in boxes) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const box = range.getBoundingClientRect();
      boxes[needle] = {left: box.left, right: box.right, top: box.top};
    }
  }
  return boxes;
}"""


def _log_in_in_dari(page: Page, url: str, user: User) -> None:
    device = confirmed_device(user)
    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": url}])
    page.goto(url + "/login/")
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill("correct horse battery")
    page.locator("form button[type=submit]").last.click()
    page.locator("input[name=code]").fill(code_for(device))
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def _right_to_left(page: Page, selector: str, needles: list[str]) -> list[str]:
    """The needles in the order a Dari reader meets them on one line:
    rightmost first.
    """
    boxes = page.evaluate(WHERE_DRAWN, [selector, needles])
    assert set(boxes) == set(needles), boxes
    tops = [box["top"] for box in boxes.values()]
    # One line (a badge sits a little lower), so left and right say the order.
    assert max(tops) - min(tops) < 10, boxes
    return sorted(needles, key=lambda needle: -boxes[needle]["right"])


def _first_line_box(page: Page, selector: str) -> dict[str, float]:
    """Where the element's first line box was drawn (an inline element that
    wraps has one box per line)."""
    return page.locator(selector).evaluate(  # type: ignore[no-any-return]
        "e => { const r = e.getClientRects()[0];"
        " return {left: r.left, right: r.right, top: r.top}; }"
    )


def _left_to_right(page: Page, selector: str, needles: list[str]) -> list[str]:
    return list(reversed(_right_to_left(page, selector, needles)))


def _shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def test_the_dari_incident_page_keeps_mixed_script_in_order(
    page: Page, live_server: LiveServer, investigator: User
) -> None:
    load_demo(actor=investigator)
    parion = Incident.objects.get(title="Parion: families executed")
    _log_in_in_dari(page, live_server.url, investigator)
    page.goto(f"{live_server.url}/incidents/{parion.record}/")

    # "Parion" as the letter wrote it, then its badge, right to left.
    row = ".places > li"
    assert _right_to_left(page, row, ["Parion", "تعیین‌نشده"]) == [
        "Parion",
        "تعیین‌نشده",
    ]
    # "ده پریان (پریان)، ...": the gazetteer's names in Arabic script, the
    # first candidate rightmost, its district after it.
    first, second = ".candidates li:nth-child(1)", ".candidates li:nth-child(2)"
    expect(page.locator(first)).to_be_visible()
    assert page.locator(first).evaluate("li => getComputedStyle(li).unicodeBidi") == (
        "isolate"
    )
    one, two = _first_line_box(page, first), _first_line_box(page, second)
    if abs(one["top"] - two["top"]) < 1:
        assert one["left"] >= two["right"] - 1
    name, district = page.locator(f"{first} bdi").all()[:2]
    assert is_arabic_script(name.inner_text())
    assert district.inner_text() == "پریان"
    name_box, district_box = name.bounding_box(), district.bounding_box()
    assert name_box is not None
    assert district_box is not None
    assert district_box["x"] + district_box["width"] <= name_box["x"] + 1

    # A signing key reads left to right, its ellipsis last.
    key = page.locator("#history ~ table code").first
    text = key.inner_text()
    assert text.endswith("…")
    assert _left_to_right(page, "#history ~ table code", [text[:4], "…"]) == [
        text[:4],
        "…",
    ]
    expect(page.locator("section[aria-labelledby=when]")).to_contain_text(
        "حدود ۱۵ تا ۲۴ سنبله ۱۴۰۰"
    )
    _shoot(page, "parion-incident-fa.png")

    item = EvidenceItem.objects.order_by("created_at").first()
    assert item is not None
    page.goto(f"{live_server.url}/evidence/{item.record}/")
    expect(page.locator("h1")).to_be_visible()
    _shoot(page, "evidence-fa.png")


def test_the_dari_match_page_keeps_a_list_name_before_its_row_id(
    page: Page, live_server: LiveServer, tmp_path: Path, settings: Settings
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    officer = User.objects.create_user(
        username="officer", password="correct horse battery"
    )
    grant(user=officer, role="tracing_officer", case="default")
    request = make_request(officer)
    detainees = detainee_list(officer, tmp_path)
    candidate = services.find_candidates(actor=officer, person_list=detainees)[0]
    _log_in_in_dari(page, live_server.url, officer)

    page.goto(f"{live_server.url}/tracing/requests/{request.record}/")
    expect(page.locator("h1")).to_contain_text("Mohammad Aref")
    _shoot(page, "tracing-request-fa.png")

    page.goto(f"{live_server.url}/tracing/matches/{candidate.record}/")
    header = "table thead th:nth-child(3)"
    row_id = candidate.entry.row_id
    # "Detainees, Bagram, October 2021، ردیف d-1": the list, the word, the
    # id, right to left; the id itself left to right.
    assert _right_to_left(page, header, ["Detainees", "ردیف", row_id]) == [
        "Detainees",
        "ردیف",
        row_id,
    ]
    assert _left_to_right(page, header, ["Detainees", "Bagram", "2021"]) == [
        "Detainees",
        "Bagram",
        "2021",
    ]
    assert _left_to_right(page, header, [row_id[0], row_id[-1]]) == [
        row_id[0],
        row_id[-1],
    ]
    _shoot(page, "tracing-match-fa.png")
