"""Tests for the Dari catalogue (src/sabt/locale/fa/LC_MESSAGES) and for pages
in Dari: every entry translated, none fuzzy, also after a fresh
``makemessages``, the shipped .mo compiled from the .po as it stands, and
right-to-left pages.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

import sabt

CATALOGUE = Path(sabt.__file__).parent / "locale" / "fa" / "LC_MESSAGES"

Key = str | tuple[str, int]


def _entries(po: Path) -> list[dict[str, object]]:
    """Parse a .po file: one dict per entry with its flags, ids and strings.

    Enough of the format for catalogues that ``makemessages`` writes:
    comments, ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` and
    ``msgstr[n]``, each possibly continued on following quoted lines.
    """
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    keyword = ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, keyword = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = [f.strip() for f in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] = str(entry[keyword]) + ast.literal_eval(line)
        else:
            keyword, _, literal = line.partition(" ")
            entry[keyword] = ast.literal_eval(literal)
    return entries


def _po_catalogue(entries: list[dict[str, object]]) -> dict[Key, str]:
    """What a .mo built from these entries holds, as GNUTranslations keys it."""
    catalogue: dict[Key, str] = {}
    for entry in entries:
        msgid = str(entry["msgid"])
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for n in range(2):
                catalogue[(msgid, n)] = str(entry[f"msgstr[{n}]"])
        else:
            catalogue[msgid] = str(entry["msgstr"])
    return catalogue


def _strings(entry: dict[str, object]) -> list[str]:
    return [str(v) for k, v in entry.items() if k.startswith("msgstr")]


def test_every_entry_is_translated() -> None:
    entries = _entries(CATALOGUE / "django.po")
    untranslated = [e["msgid"] for e in entries if "" in _strings(e)]
    assert len(entries) > 300
    assert untranslated == []


def _fresh_extraction(tmp_path: Path, settings: Settings) -> Path:
    """``makemessages`` as locale/README.md runs it, on a copy of the sources.

    The copy keeps the committed catalogue untouched; ``makemessages`` merges
    every string of today's code into it, so a string added without its
    translation shows up empty, and a changed one fuzzy.
    """
    if shutil.which("xgettext") is None:
        reason = "xgettext is missing; scripts/system-packages.sh installs gettext"
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail(reason)
        pytest.skip(reason)
    sources = tmp_path / "sabt"
    shutil.copytree(
        Path(sabt.__file__).parent,
        sources,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "data"),
    )
    settings.LOCALE_PATHS = [sources / "locale"]
    cwd = Path.cwd()
    os.chdir(sources)
    try:
        call_command(
            "makemessages",
            locale=["fa"],
            add_location="file",
            ignore_patterns=["api/*"],
            no_wrap=True,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    return sources / "locale" / "fa" / "LC_MESSAGES" / "django.po"


def test_makemessages_finds_nothing_to_translate(
    tmp_path: Path, settings: Settings
) -> None:
    entries = _entries(_fresh_extraction(tmp_path, settings))
    untranslated = [e["msgid"] for e in entries if "" in _strings(e)]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", [])]  # type: ignore[operator]
    assert len(entries) > 600
    assert untranslated == []
    assert fuzzy == []


def test_no_entry_is_fuzzy() -> None:
    entries = _entries(CATALOGUE / "django.po")
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", [])]  # type: ignore[operator]
    assert fuzzy == []


def test_placeholders_survive_translation() -> None:
    """Each translation keeps the named placeholders of its English text.

    The plural form is checked against ``msgid_plural``; the singular may
    drop the count ("One source ...").
    """
    for entry in _entries(CATALOGUE / "django.po"):
        if "msgid_plural" in entry:
            pairs = [(entry["msgid_plural"], entry["msgstr[1]"])]
        else:
            pairs = [(entry["msgid"], entry["msgstr"])]
        for english, dari in pairs:
            assert _placeholders(str(dari)) == _placeholders(str(english)), english


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\((\w+)\)[sd]", text))


def test_shipped_mo_is_the_po_compiled() -> None:
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalogue = dict(compiled._catalog)  # type: ignore[attr-defined]
    expected = _po_catalogue(_entries(CATALOGUE / "django.po"))
    # msgfmt keeps the header but for its creation date: compare the rest.
    del catalogue[""], expected[""]
    assert catalogue == expected


@pytest.mark.django_db
def test_dari_pages_run_right_to_left(client: Client, investigator: User) -> None:
    client.force_login(investigator)
    client.cookies["django_language"] = "fa"
    content = client.get("/incidents/").content.decode()
    assert '<html lang="fa" dir="rtl">' in content
    assert "رویدادها" in content
    assert "گزارش رویداد" in content


@pytest.mark.django_db
def test_language_switch_sets_dari(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "fa", "next": "/about/"})
    assert response["Location"] == "/about/"
    assert '<html lang="fa" dir="rtl">' in client.get("/about/").content.decode()
