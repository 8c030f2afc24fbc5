"""The fields a candidate pair is compared on, and the labels of levels.

Each field of a candidate pair falls into one level (names: same spelling,
same consonants in either script, close consonants, different; birth years:
ranges that overlap, or are 1, 3 or 8 years apart; ...). Each level has an
m probability (how often true matches fall in it) and a u probability (how
often different people do); its weight is log2(m / u), and a pair's match
weight is the sum of its fields' weights plus the prior log-odds. The
weights explain a candidate field by field: a positive father's-name
weight says the fathers' names agree better than chance would make them.
"""

from __future__ import annotations

# The fields of Afghan registers a candidate pair is compared on; each
# gives a column "<field>_weight" in the output.
FIELDS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "sex",
    "birth_year",
    "village",
    "last_seen_date",
)

# Identifiers compared where both lists hold them (``columns.
# IDENTIFIER_COLUMNS``; other names are a level of the given name's).
IDENTIFIER_FIELDS = ("date_of_birth", "tazkira", "phone", "email")
ALL_FIELDS = FIELDS + IDENTIFIER_FIELDS

# The prepared column a field needs on both sides to be compared at all;
# the village is compared where any of its places is written.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "given_name": ("given_skeleton",),
    "father_name": ("father_skeleton",),
    "grandfather_name": ("grandfather_skeleton",),
    "family_name": ("family_skeleton",),
    "sex": ("sex",),
    "birth_year": ("birth_year_low",),
    "village": ("village", "district", "last_seen_place"),
    "last_seen_date": ("last_seen_day",),
    "date_of_birth": ("dob",),
    "tazkira": ("tazkira",),
    "phone": ("phone",),
    "email": ("email",),
}

# Labels of the levels other code refers to (``DETERMINISTIC_LEVELS``, tests).
SAME_SPELLING = "same spelling"
SAME_CONSONANTS = "same consonants"
SAME_VILLAGE_SEEN_THERE = "same village, last seen in the same place"
SAME_VILLAGE_SEEN_APART = "same village, last seen in different places"
SAME_VILLAGE = "same village"
SEEN_THERE_VILLAGE_MISSING = "a village missing, last seen in the same place"
SAME_YEARS = "same age or year"
YEARS_OVERLAP = "ranges overlap"
ONE_YEAR_APART = "1 year apart"
SAME_DATE = "same date"
ONE_SLIP = "one slip of the pen"
NAMES_SWAPPED = "given and family names swapped"
INITIALS_AGREE = "initials agree"
