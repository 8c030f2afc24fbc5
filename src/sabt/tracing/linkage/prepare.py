"""Turning a checked list into the columns the linkage model compares.

Names become keys from ``sabt.names.persons``: the folded spelling (equal
only within one script), the consonant skeleton (the same for Mohammad,
Muhammad and محمد) and the skeleton of the first word, for blocking. A
name written with its lineage in one cell ("Aref s/o Gul Ahmad") is split
when the father's column is empty. Ages become a range of birth years,
counted back from the row's last-seen date or, failing that, the date the
list was drawn up. Places become keys that do not depend on spelling.

The village key is a function given by the caller. By default it is the
gazetteer place the name is a spelling of (``gazetteer.spellings``:
Āwund, Awund and آبند are all "geonames:1147946"), read from the shipped
file so that CSV files link without the database; a name the gazetteer
does not know keys by its consonants, so that Parian, Paryan and پریان
still agree.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

import pandas as pd

from sabt.gazetteer.districts import district_named
from sabt.gazetteer.spellings import place_key
from sabt.names.persons import person_name, split_lineage
from sabt.tracing.linkage.columns import PersonList, Years

# A function from a place name, as written, to a key that is equal for two
# names of the same place, or "" when it cannot say.
PlaceKey = Callable[[str], str]

# The names the model compares, and the prepared columns of each.
NAMES = ("given", "father", "grandfather", "family")

# Every prepared column, in order.
PREPARED_COLUMNS = (
    "unique_id",
    *(f"{name}_{key}" for name in NAMES for key in ("folded", "skeleton", "first")),
    "sex",
    "birth_year_low",
    "birth_year_high",
    "village",
    "district",
    "last_seen_place",
    "last_seen_day",
    "given_initials",
    "given_abbreviated",
    "names_key",
    "dob",
    "dob_day",
    "tazkira",
    "phone",
    "email",
    "other_skeletons",
)


# The prepared columns that hold whole numbers; the others hold text.
INTEGER_COLUMNS = frozenset(
    {"birth_year_low", "birth_year_high", "last_seen_day", "dob_day"}
)

# Identifiers shorter than this, once cleaned, identify nobody ("0", "-").
MIN_IDENTIFIER_DIGITS = 4
# A phone number is compared by its last digits: an Afghan mobile number
# has nine after the country code (+93 70 123 4567), written also with a
# leading 0, with 0093, or with spaces and dashes.
PHONE_DIGITS = 9
MIN_PHONE_DIGITS = 7
# Other names are listed apart by these.
OTHER_NAMES_SEPARATORS = re.compile(r"[;,/|،؛]")


def district_key(name: str) -> str:
    """Return the GeoNames code of a Panjshir district named in any spelling.

    A district that is not one of Panjshir's gives its place-name key.
    """
    if not name.strip():
        return ""
    district = district_named(name)
    return district.gn_admin2_code if district else place_key(name)


def prepare(
    person_list: PersonList,
    *,
    as_of: date,
    village_key: PlaceKey = place_key,
) -> pd.DataFrame:
    """Return the prepared columns (``PREPARED_COLUMNS``), one row per person.

    ``as_of`` is the date the list was drawn up: ages of rows without a
    last-seen date count from it. ``village_key`` turns the village and
    last-seen place into keys. Missing values are NULL. Keys are computed
    once per distinct spelling (names repeat: a million rows hold tens of
    thousands of spellings), in dictionaries that live for this call only.
    """
    text = person_list.text
    names = _LineageSplitter(text["given_name"], text["father_name"])
    columns: dict[str, object] = {"unique_id": person_list.ids}
    for field, values in (
        ("given", names.given),
        ("father", names.father),
        ("grandfather", _first_filled(text["grandfather_name"], names.grandfather)),
        ("family", text["family_name"]),
    ):
        columns.update(_name_columns(field, values))
    columns["given_initials"] = _cached(names.given, _initials)
    columns["given_abbreviated"] = _cached(names.given, _abbreviated)
    columns["names_key"] = _names_keys(
        columns["given_skeleton"], columns["family_skeleton"]
    )
    columns["sex"] = [sex or None for sex in person_list.sex]
    low, high = _birth_years(person_list, as_of)
    columns["birth_year_low"] = pd.array(low, dtype="Int64")
    columns["birth_year_high"] = pd.array(high, dtype="Int64")
    columns["village"] = _keys(text["village"], village_key)
    columns["district"] = _keys(text["district"], district_key)
    columns["last_seen_place"] = _keys(text["last_seen_place"], village_key)
    columns["last_seen_day"] = pd.array(
        [day.toordinal() if day else None for day in person_list.last_seen_date],
        dtype="Int64",
    )
    columns.update(_identifier_columns(person_list))
    for name, cells in columns.items():
        if name not in INTEGER_COLUMNS:
            # Typed as text even when empty throughout, as backends need.
            columns[name] = pd.array(cells, dtype="string")
    return pd.DataFrame(columns)


class _LineageSplitter:
    """Given, father's and grandfather's names, split where written together.

    A cell such as "Mohammad Aref s/o Gul Ahmad" is split when the father's
    own column is empty; with the father's column filled, the given name
    keeps only its first part and the column wins.
    """

    def __init__(self, given: Sequence[str], father: Sequence[str]) -> None:
        self.given: list[str] = []
        self.father: list[str] = []
        self.grandfather: list[str] = []
        cache: dict[str, tuple[str, str, str]] = {}
        for given_text, father_text in zip(given, father, strict=True):
            parts = cache.get(given_text)
            if parts is None:
                lineage = split_lineage(given_text)
                parts = (lineage.given, lineage.father, lineage.grandfather)
                cache[given_text] = parts
            self.given.append(parts[0])
            self.father.append(father_text or parts[1])
            self.grandfather.append(parts[2] if not father_text else "")


def _first_filled(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return [a or b for a, b in zip(first, second, strict=True)]


def _name_columns(field: str, values: Sequence[str]) -> dict[str, list[str | None]]:
    """Folded form, skeleton and first word's skeleton of each name."""
    cache: dict[str, tuple[str | None, str | None, str | None]] = {}
    folded: list[str | None] = []
    skeleton: list[str | None] = []
    first: list[str | None] = []
    for value in values:
        keys = cache.get(value)
        if keys is None:
            keys = _name_keys(value)
            cache[value] = keys
        folded.append(keys[0])
        skeleton.append(keys[1])
        first.append(keys[2])
    return {
        f"{field}_folded": folded,
        f"{field}_skeleton": skeleton,
        f"{field}_first": first,
    }


def _name_keys(value: str) -> tuple[str | None, str | None, str | None]:
    if not value:
        return (None, None, None)
    name = person_name(value)
    first = name.token_skeletons[0] if name.token_skeletons else ""
    return (name.folded or None, name.skeleton or None, first or None)


def _birth_years(
    person_list: PersonList, as_of: date
) -> tuple[list[int | None], list[int | None]]:
    """Each row's birth years as a range, from the birth year or the age.

    Someone aged a on day d was born in year d.year - a - 1 (birthday
    still to come) or d.year - a (birthday passed).
    """
    low: list[int | None] = []
    high: list[int | None] = []
    dates = person_list.date_of_birth or [None] * len(person_list)
    for age, born, seen, day in zip(
        person_list.age,
        person_list.birth_year,
        person_list.last_seen_date,
        dates,
        strict=True,
    ):
        years = born or _from_age(age, seen or as_of)
        if years is None and day is not None:
            years = Years(day.year, day.year)
        low.append(years.low if years else None)
        high.append(years.high if years else None)
    return low, high


def _initials(value: str) -> str | None:
    return person_name(value).initials or None


def _abbreviated(value: str) -> str | None:
    return person_name(value).abbreviated or None


def _names_keys(given: object, family: object) -> list[str | None]:
    """Given and family skeletons in alphabetical order, where both are written.

    Equal for "Noah Watson" and a list that writes "Watson" as the given
    name and "Noah" as the family name.
    """
    return [
        "|".join(sorted((a, b))) if a and b else None
        for a, b in zip(
            cast(list[str | None], given), cast(list[str | None], family), strict=True
        )
    ]


def _identifier_columns(person_list: PersonList) -> dict[str, object]:
    """Date of birth, tazkira, phone, email and other names, as keys."""
    rows = len(person_list)
    dates = person_list.date_of_birth or [None] * rows
    found = person_list.identifiers
    empty = [""] * rows
    return {
        "dob": [day.isoformat() if day else None for day in dates],
        "dob_day": pd.array(
            [day.toordinal() if day else None for day in dates], dtype="Int64"
        ),
        "tazkira": [tazkira_key(text) for text in found.get("tazkira", empty)],
        "phone": [phone_key(text) for text in found.get("phone", empty)],
        "email": [email_key(text) for text in found.get("email", empty)],
        "other_skeletons": _cached(found.get("other_names", empty), other_names_key),
    }


def tazkira_key(text: str) -> str | None:
    """The digits of a tazkira number, in any script, or None if too few.

    The electronic tazkira writes 1399-0101-12345, paper ones a number and
    the volume and page; separators and Arabic-Indic digits (۱۳۹۹) vary.
    """
    digits = _digits(text)
    return digits if len(digits) >= MIN_IDENTIFIER_DIGITS else None


def phone_key(text: str) -> str | None:
    """The last ``PHONE_DIGITS`` digits of a phone number, or None."""
    digits = _digits(text)
    return digits[-PHONE_DIGITS:] if len(digits) >= MIN_PHONE_DIGITS else None


def email_key(text: str) -> str | None:
    """An email address without case or spaces, or None."""
    key = "".join(text.split()).casefold()
    return key if len(key) >= MIN_IDENTIFIER_DIGITS else None


def other_names_key(text: str) -> str | None:
    """The skeletons of other names, as "|skeleton|skeleton|", or None.

    The bars let a comparison ask whether a name's skeleton is one of them.
    """
    skeletons = [
        person_name(part).skeleton for part in OTHER_NAMES_SEPARATORS.split(text)
    ]
    kept = [skeleton for skeleton in skeletons if skeleton]
    return "|" + "|".join(kept) + "|" if kept else None


def _digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(char)) for char in text if char.isdecimal())


def _cached(
    values: Sequence[str], key: Callable[[str], str | None]
) -> list[str | None]:
    cache: dict[str, str | None] = {}
    keys: list[str | None] = []
    for value in values:
        if value not in cache:
            cache[value] = key(value) if value else None
        keys.append(cache[value])
    return keys


def _from_age(age: Years | None, day: date) -> Years | None:
    if age is None:
        return None
    return Years(day.year - age.high - 1, day.year - age.low)


def _keys(values: Sequence[str], key: PlaceKey) -> list[str | None]:
    cache: dict[str, str | None] = {}
    keys: list[str | None] = []
    for value in values:
        if value not in cache:
            cache[value] = key(value) or None if value else None
        keys.append(cache[value])
    return keys


def spark_frame(spark: Any, table: pd.DataFrame) -> Any:
    """A prepared table as a Spark DataFrame, typed column by column.

    Spark cannot guess the type of a column that is empty throughout (no
    family names in a list), so the schema is given. ``spark`` is a
    SparkSession; pyspark is imported only here, as it is optional.
    """
    types = importlib.import_module("pyspark.sql.types")
    schema = types.StructType(
        [
            types.StructField(
                name,
                types.LongType() if name in INTEGER_COLUMNS else types.StringType(),
                True,
            )
            for name in PREPARED_COLUMNS
        ]
    )
    cells = table[list(PREPARED_COLUMNS)].astype(object)
    rows = cells.where(cells.notna(), None).to_numpy().tolist()
    return spark.createDataFrame(rows, schema)
