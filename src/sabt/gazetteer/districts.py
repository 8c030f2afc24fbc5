"""What the Panjshir districts are called, and which one a name means.

The geoBoundaries file names each district once (``shapeName``); people
write the same district in other romanisations and in Dari. This table
joins them, with the GeoNames admin2 code of each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sabt.gazetteer.place_names import fold_latin, is_arabic_script, name_keys


@dataclass(frozen=True)
class DistrictNames:
    """One district: its geoBoundaries 2014 name, code and other names."""

    name: str
    gn_admin2_code: str
    other_names: tuple[str, ...]


# Codes from GeoNames admin2 (the data README); the Dari spellings are the
# common ones, not taken from the shipped files. Khenj is also known by its
# older name Hes-e Awal ("first part"); Unaba is also spelled Anaba.
DISTRICTS: tuple[DistrictNames, ...] = (
    DistrictNames("Bazarak", "3301", ("Bāzārak", "بازارک")),
    DistrictNames("Dara", "3302", ("Darah", "دره")),
    DistrictNames(
        "Khenj (Hese- Awal)",
        "3303",
        ("Khenj", "Khinj", "Hes-e Awal", "Hissa-i-Awal", "خنج"),
    ),
    DistrictNames("Paryan", "3304", ("Parian", "پریان")),
    DistrictNames("Shutul", "3305", ("شتل",)),
    DistrictNames("Unaba", "3306", ("Anaba", "عنابه")),
    DistrictNames("Rukha", "3307", ("Rokha", "رخه")),
)

# The province's own names: a query naming the province must not resolve
# to a village, though GeoNames lists "Panjshīr" as an old name of Rukhah.
PROVINCE_NAMES: tuple[str, ...] = ("Panjshir", "Panjsher", "Panjshayr", "پنجشیر")


def district_named(text: str) -> DistrictNames | None:
    """Return the district a name means, or None if it means none of them.

    Compares folded spellings, then consonant skeletons, so "Rokha",
    "Rukhah" and "رخه" all mean Rukha.
    """
    wanted = _spellings(text)
    if not wanted:
        return None
    for district in DISTRICTS:
        if wanted & _district_spellings(district):
            return district
    return None


def district_spelled(text: str) -> DistrictNames | None:
    """Return the district the text is a spelling of, letter for letter.

    Unlike ``district_named`` no consonant skeleton is compared: "Darah"
    and "دره" name Dara, "Dari" does not. Folding (case, diacritics, the
    Arabic letter variants) still applies.
    """
    wanted = _spellings(text) - _skeletons(text)
    if not wanted:
        return None
    for district in DISTRICTS:
        spelled = _district_spellings(district)
        if wanted & {s for s in spelled if not s.startswith("skeleton:")}:
            return district
    return None


def names_province(text: str) -> bool:
    """Whether the text is a name of the province itself."""
    wanted = _spellings(text)
    return any(wanted & _spellings(name) for name in PROVINCE_NAMES)


def _district_spellings(district: DistrictNames) -> set[str]:
    spellings: set[str] = set()
    for name in (district.name, *district.other_names):
        spellings |= _spellings(name)
        # "Khenj (Hese- Awal)": either part alone names it too.
        for part in name.replace(")", "").split("("):
            spellings |= _spellings(part)
    return spellings


def _skeletons(text: str) -> set[str]:
    return {s for s in _spellings(text) if s.startswith("skeleton:")}


def _spellings(text: str) -> set[str]:
    if not text.strip():
        return set()
    keys = name_keys(text)
    spellings = {"skeleton:" + keys.skeleton} if len(keys.skeleton) > 1 else set()
    if not is_arabic_script(text):
        spellings.add("latin:" + fold_latin(text).replace(" ", ""))
    else:
        spellings.add("arabic:" + keys.full)
    return spellings
