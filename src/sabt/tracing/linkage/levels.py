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

# The fields a candidate pair is compared on; each gives a column
# "<field>_weight" in the output.
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
