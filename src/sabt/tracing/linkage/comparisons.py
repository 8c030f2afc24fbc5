"""Each field's comparison: its levels and their prior m and u probabilities.

The priors written beside each level are what lists too short to estimate
from keep (``training.fit``).
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from sabt.tracing.linkage.levels import (
    ALL_FIELDS,
    FIELD_COLUMNS,
    INITIALS_AGREE,
    NAMES_SWAPPED,
    ONE_SLIP,
    ONE_YEAR_APART,
    SAME_CONSONANTS,
    SAME_DATE,
    SAME_SPELLING,
    SAME_VILLAGE,
    SAME_VILLAGE_SEEN_APART,
    SAME_VILLAGE_SEEN_THERE,
    SAME_YEARS,
    SEEN_THERE_VILLAGE_MISSING,
    YEARS_OVERLAP,
)


def name_comparison(
    field: str,
    name: str,
    *,
    term_frequencies: bool = True,
    swapped_with: str = "",
    other_names: bool = False,
) -> ComparisonCreator:
    """Compare one name by spelling, consonants, one slip, or a part of it.

    Term-frequency adjustment makes a shared common name (Mohammad) weigh
    less than a shared rare one. Names that share only a common first word
    (Mohammad Fayz, Mohammad Nazar; Abdul Hakim, Abdul Wahid) are different
    names: a similarity measure that favours shared beginnings would count
    them near, so only one slip of the pen counts as near: a letter dropped,
    added or changed, or two swapped (Hakim, Hakm; Ahmad, Amhad). One
    name ending with the other ("Mohammad Hanif", "Hanif"; "Sayedvakil",
    "Vakil") is a name written longer or shorter. The grandfather's name
    agreeing while both fathers' names are written and differ is what
    cousins named after one grandfather look like, so it has its own level
    rather than the weight of a shared name.

    ``swapped_with`` names the other name a list may write in this one's
    place (the given and family names, "Watson, Noah" for "Noah Watson");
    ``other_names`` adds a level for this name being one of the other
    row's other names (``prepare.other_names_key``).
    """
    folded, skeleton = f"{name}_folded", f"{name}_skeleton"
    same_spelling = cll.ExactMatchLevel(folded).configure(
        m_probability=0.7, u_probability=0.004, label_for_charts=SAME_SPELLING
    )
    same_consonants = cll.ExactMatchLevel(skeleton).configure(
        m_probability=0.2, u_probability=0.002, label_for_charts=SAME_CONSONANTS
    )
    if term_frequencies:
        same_spelling.configure(tf_adjustment_column=folded)
        same_consonants.configure(tf_adjustment_column=skeleton)
    left, right = f"{skeleton}_l", f"{skeleton}_r"
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [cll.NullLevel(skeleton)]
    # Brothers share father and grandfather, cousins the grandfather: a
    # shared elder's name with the person's own name clearly different
    # says "same family", not "same person".
    relatives = {
        "father": ("given",),
        "grandfather": ("given", "father"),
    }.get(name, ())
    if relatives:
        differ = " or ".join(
            _clearly_differ(f"{other}_skeleton") for other in relatives
        )
        levels.append(
            cll.CustomLevel(
                f"{left} = {right} and ({differ})", "same, a relative's"
            ).configure(m_probability=0.01, u_probability=0.002)
        )
    levels += [same_spelling, same_consonants]
    if swapped_with:
        other = f"{swapped_with}_skeleton"
        levels.append(
            cll.CustomLevel(
                f"{left} = {other}_r and {other}_l = {right}", NAMES_SWAPPED
            ).configure(m_probability=0.02, u_probability=0.0001)
        )
    if other_names:
        levels.append(
            cll.CustomLevel(
                f"instr(other_skeletons_r, '|' || {left} || '|') > 0"
                f" or instr(other_skeletons_l, '|' || {right} || '|') > 0",
                "one of the other's other names",
            ).configure(m_probability=0.05, u_probability=0.0005)
        )
    if name == "given":
        # "M. Aref" may be Mohammad Aref, or Mahmud Aref: weaker than a
        # name written out (``PersonName.initials``). Too few pairs fall
        # here for EM or random pairs to say how weak, so the prior stays.
        levels.append(
            cll.CustomLevel(
                "given_initials_l = given_abbreviated_r"
                " or given_initials_r = given_abbreviated_l",
                INITIALS_AGREE,
            ).configure(
                m_probability=0.02,
                u_probability=0.002,
                fix_m_probability=True,
                fix_u_probability=True,
            )
        )
    levels += [
        cll.DamerauLevenshteinLevel(skeleton, 1).configure(
            m_probability=0.05, u_probability=0.01, label_for_charts="one slip"
        ),
        cll.CustomLevel(
            _one_ends_with_other(skeleton), "one ends with the other"
        ).configure(m_probability=0.02, u_probability=0.01),
        cll.ElseLevel().configure(m_probability=0.03, u_probability=0.974),
    ]
    return cl.CustomComparison(
        output_column_name=field,
        comparison_description=f"{field}: spelling, consonants, slip, part",
        comparison_levels=levels,
    )


def _one_ends_with_other(column: str) -> str:
    left, right = f"{column}_l", f"{column}_r"
    return (
        f"(length({left}) >= 3 and length({right}) >= 3 and "
        f"(right({left}, length({right})) = {right} or "
        f"right({right}, length({left})) = {left}))"
    )


def _clearly_differ(column: str) -> str:
    """Both written, more than a slip apart, and neither a part of the other."""
    return (
        f"(damerau_levenshtein({column}_l, {column}_r) > 1"
        f" and not {_one_ends_with_other(column)})"
    )


def comparisons(
    present: frozenset[str] | None = None, *, term_frequencies: bool = True
) -> list[ComparisonCreator | dict[str, Any]]:
    """The comparison of each field both lists hold, in ``ALL_FIELDS`` order.

    ``present`` holds the prepared columns that have a value on both sides
    (``settings.present_columns``); None compares every field. A field
    neither list holds would only add a level EM cannot learn.
    """
    columns = present if present is not None else frozenset(PREPARED_KEYS)
    tf = term_frequencies
    has_family = "family_skeleton" in columns and "given_skeleton" in columns
    has_other_names = "other_skeletons" in columns
    made = {
        "given_name": lambda: name_comparison(
            "given_name",
            "given",
            term_frequencies=tf,
            swapped_with="family" if has_family else "",
            other_names=has_other_names,
        ),
        "father_name": lambda: name_comparison(
            "father_name", "father", term_frequencies=tf
        ),
        "grandfather_name": lambda: name_comparison(
            "grandfather_name", "grandfather", term_frequencies=tf
        ),
        "family_name": lambda: _family_comparison(
            term_frequencies=tf, swapped=has_family
        ),
        "sex": _sex_comparison,
        "birth_year": lambda: _birth_year_comparison(dates_of_birth="dob" in columns),
        "village": lambda: _village_comparison(term_frequencies=tf),
        "last_seen_date": _last_seen_comparison,
        "date_of_birth": _date_of_birth_comparison,
        "tazkira": lambda: _identifier_comparison(
            "tazkira", m_same=0.9, u_same=1e-6, m_slip=0.05, u_slip=1e-5
        ),
        # A family's phone is often one relative's: brothers share it.
        "phone": lambda: _identifier_comparison(
            "phone", m_same=0.7, u_same=1e-4, m_slip=0.05, u_slip=1e-4
        ),
        "email": _email_comparison,
    }
    return [
        made[field]()
        for field in ALL_FIELDS
        if any(column in columns for column in FIELD_COLUMNS[field])
    ]


# Every prepared column a field may need.
PREPARED_KEYS = frozenset(
    column for needed in FIELD_COLUMNS.values() for column in needed
) | {"other_skeletons"}


def _family_comparison(*, term_frequencies: bool, swapped: bool) -> ComparisonCreator:
    """The family name, compared as a given name is.

    Afghan lists seldom write one; lists from elsewhere write little else,
    and swap it with the given name.
    """
    return name_comparison(
        "family_name",
        "family",
        term_frequencies=term_frequencies,
        swapped_with="given" if swapped else "",
    )


def _sex_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            cll.NullLevel("sex"),
            # Lists of the taken are mostly men: two random rows agree
            # on sex more often than half the time.
            cll.ExactMatchLevel("sex").configure(m_probability=0.97, u_probability=0.6),
            cll.ElseLevel().configure(m_probability=0.03, u_probability=0.4),
        ],
    )


def _last_seen_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="last_seen_date",
        comparison_levels=[
            cll.NullLevel("last_seen_day"),
            cll.AbsoluteDifferenceLevel("last_seen_day", 1).configure(
                m_probability=0.6, u_probability=0.1
            ),
            cll.AbsoluteDifferenceLevel("last_seen_day", 3).configure(
                m_probability=0.25, u_probability=0.15
            ),
            cll.AbsoluteDifferenceLevel("last_seen_day", 10).configure(
                m_probability=0.1, u_probability=0.35
            ),
            cll.ElseLevel().configure(m_probability=0.05, u_probability=0.4),
        ],
    )


def _date_of_birth_comparison() -> ComparisonCreator:
    """Dates of birth: the same, a slip of the pen, or how far apart.

    A slip is a digit changed or two swapped in YYYY-MM-DD; a date a few
    days or months off is a birthday remembered wrong or a registration
    date taken for it.
    """
    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_description="date of birth: same, slip, days apart",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(
                m_probability=0.7, u_probability=0.0001, label_for_charts=SAME_DATE
            ),
            cll.DamerauLevenshteinLevel("dob", 1).configure(
                m_probability=0.1, u_probability=0.002, label_for_charts=ONE_SLIP
            ),
            cll.AbsoluteDifferenceLevel("dob_day", 31).configure(
                m_probability=0.05, u_probability=0.002
            ),
            cll.AbsoluteDifferenceLevel("dob_day", 366).configure(
                m_probability=0.1, u_probability=0.03
            ),
            cll.ElseLevel().configure(m_probability=0.05, u_probability=0.96),
        ],
    )


def _identifier_comparison(
    column: str, *, m_same: float, u_same: float, m_slip: float, u_slip: float
) -> ComparisonCreator:
    """A number that identifies a person: the same, one slip, or not."""
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=f"{column}: same, one slip, different",
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(
                m_probability=m_same, u_probability=u_same
            ),
            cll.DamerauLevenshteinLevel(column, 1).configure(
                m_probability=m_slip,
                u_probability=u_slip,
                label_for_charts=ONE_SLIP,
            ),
            cll.ElseLevel().configure(
                m_probability=1 - m_same - m_slip, u_probability=1 - u_same - u_slip
            ),
        ],
    )


def _email_comparison() -> ComparisonCreator:
    """Email addresses: the same, a slip or two, the same user, or not."""
    return cl.CustomComparison(
        output_column_name="email",
        comparison_description="email: same, slips, same user, different",
        comparison_levels=[
            cll.NullLevel("email"),
            cll.ExactMatchLevel("email").configure(
                m_probability=0.75, u_probability=0.0001
            ),
            cll.DamerauLevenshteinLevel("email", 2).configure(
                m_probability=0.1, u_probability=0.0002
            ),
            cll.CustomLevel(
                "split_part(email_l, '@', 1) = split_part(email_r, '@', 1)",
                "same user",
            ).configure(m_probability=0.05, u_probability=0.001),
            cll.ElseLevel().configure(m_probability=0.1, u_probability=0.9987),
        ],
    )


# How far apart two birth-year ranges are: 0 when they overlap.
_YEARS_APART = (
    "greatest(birth_year_low_l - birth_year_high_r, "
    "birth_year_low_r - birth_year_high_l, 0)"
)


def _birth_year_comparison(*, dates_of_birth: bool = False) -> ComparisonCreator:
    """Birth years as ranges (from an age, or "~20"): how far apart they are.

    With ``dates_of_birth``, a pair whose rows both give a date of birth
    leaves the years to that comparison, so that one date counts once.
    """
    missing = "birth_year_low_l is null or birth_year_low_r is null"
    if dates_of_birth:
        missing += " or (dob_l is not null and dob_r is not null)"
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.CustomLevel(missing).configure(is_null_level=True),
    ]
    levels.append(
        cll.CustomLevel(
            "birth_year_low_l = birth_year_low_r"
            " and birth_year_high_l = birth_year_high_r"
            " and birth_year_high_l - birth_year_low_l <= 1",
            SAME_YEARS,
        ).configure(m_probability=0.5, u_probability=0.02)
    )
    for years, m, u, label in (
        (0, 0.25, 0.03, YEARS_OVERLAP),
        (1, 0.12, 0.03, ONE_YEAR_APART),
        (3, 0.1, 0.08, "up to 3 years apart"),
        (8, 0.02, 0.2, "up to 8 years apart"),
    ):
        levels.append(
            cll.CustomLevel(f"{_YEARS_APART} <= {years}", label).configure(
                m_probability=m, u_probability=u
            )
        )
    levels.append(cll.ElseLevel().configure(m_probability=0.01, u_probability=0.66))
    return cl.CustomComparison(
        output_column_name="birth_year", comparison_levels=levels
    )


def _village_comparison(*, term_frequencies: bool = True) -> ComparisonCreator:
    """Home village and place last seen, weighed together; then the district.

    Most people are last seen at home, so two people of one village are
    often last seen in one place too: weighed apart, the shared village
    would count twice and make neighbours of one name the same person.
    The levels therefore take the two places together. Where a village is
    missing, the place last seen, then the district, says what it can;
    two villages written and different say most against. With
    ``term_frequencies``, a shared small village weighs more than a shared
    large one.
    """
    village_tf = "village" if term_frequencies else None
    same_village = "village_l = village_r"
    same_place_seen = "last_seen_place_l = last_seen_place_r"
    both_seen = "last_seen_place_l is not null and last_seen_place_r is not null"
    return cl.CustomComparison(
        output_column_name="village",
        comparison_description="village: home village, place last seen, district",
        comparison_levels=[
            cll.CustomLevel(
                "(village_l is null or village_r is null)"
                " and (district_l is null or district_r is null)"
                " and (last_seen_place_l is null or last_seen_place_r is null)"
            ).configure(is_null_level=True),
            cll.CustomLevel(
                f"{same_village} and {same_place_seen}",
                SAME_VILLAGE_SEEN_THERE,
            ).configure(
                m_probability=0.3, u_probability=0.003, tf_adjustment_column=village_tf
            ),
            cll.CustomLevel(
                f"{same_village} and {both_seen}",
                SAME_VILLAGE_SEEN_APART,
            ).configure(
                m_probability=0.01, u_probability=0.004, tf_adjustment_column=village_tf
            ),
            cll.CustomLevel(same_village, SAME_VILLAGE).configure(
                m_probability=0.55, u_probability=0.02, tf_adjustment_column=village_tf
            ),
            cll.CustomLevel(
                "village_l is not null and village_r is not null",
                "different villages",
            ).configure(m_probability=0.03, u_probability=0.85),
            cll.CustomLevel(same_place_seen, SEEN_THERE_VILLAGE_MISSING).configure(
                m_probability=0.03, u_probability=0.003
            ),
            cll.CustomLevel(
                "district_l = district_r", "a village missing, same district"
            ).configure(m_probability=0.07, u_probability=0.03),
            cll.ElseLevel().configure(m_probability=0.01, u_probability=0.09),
        ],
    )
