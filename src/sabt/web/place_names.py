"""Gazetteer names in the reader's script: Dari pages name a place and its
district in Arabic script where the gazetteer has such a name, English pages
in Latin script. Names as a source wrote them are never changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language

from sabt.gazetteer.districts import DISTRICTS
from sabt.gazetteer.models import Place
from sabt.gazetteer.place_names import is_arabic_script

# GeoNames often lists a name twice, with Persian and with Arabic letters
# (بارک, بارك): Dari writes ک and ی.
ARABIC_LETTERS = str.maketrans(
    {
        "\N{ARABIC LETTER KAF}": "\N{ARABIC LETTER KEHEH}",
        "\N{ARABIC LETTER YEH}": "\N{ARABIC LETTER FARSI YEH}",
    }
)


def _in_dari() -> bool:
    return (get_language() or "").startswith("fa")


def _dari_form(names: list[str]) -> str:
    """The first of ``names`` written with Persian letters, or the first one
    with its Arabic letters made Persian; "" for none."""
    for name in names:
        if name == name.translate(ARABIC_LETTERS):
            return name
    return names[0].translate(ARABIC_LETTERS) if names else ""


def place_name(place: Place | Mapping[str, str]) -> str:
    """The name to show for a gazetteer place or a candidate place
    (``{"place": key, "name": ...}`` as incidents store them)."""
    if isinstance(place, Place):
        latin, arabic = place.name, place.names_arabic
    else:
        latin = place.get("name", "")
        found = Place.objects.filter(key=place.get("place", "")).first()
        arabic = found.names_arabic if found else []
    if not _in_dari():
        return latin
    return _dari_form([n for n in arabic if is_arabic_script(n)]) or latin


def district_name(name: str) -> str:
    """A district as the gazetteer names it ("Paryan"), in the reader's script."""
    if not _in_dari():
        return name
    for district in DISTRICTS:
        if district.name == name:
            arabic = [n for n in district.other_names if is_arabic_script(n)]
            return _dari_form(arabic) or name
    return name
