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
    ONE_YEAR_APART,
    SAME_CONSONANTS,
    SAME_SPELLING,
    SAME_VILLAGE,
    SAME_VILLAGE_SEEN_APART,
    SAME_VILLAGE_SEEN_THERE,
    SAME_YEARS,
    SEEN_THERE_VILLAGE_MISSING,
    YEARS_OVERLAP,
)


def name_comparison(
    field: str, name: str, *, term_frequencies: bool = True
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
    levels += [
        same_spelling,
        same_consonants,
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
    *, term_frequencies: bool = True
) -> list[ComparisonCreator | dict[str, Any]]:
    """Every field's comparison, in ``FIELDS`` order."""
    return [
        name_comparison("given_name", "given", term_frequencies=term_frequencies),
        name_comparison("father_name", "father", term_frequencies=term_frequencies),
        name_comparison(
            "grandfather_name", "grandfather", term_frequencies=term_frequencies
        ),
        cl.CustomComparison(
            output_column_name="family_name",
            comparison_levels=[
                cll.NullLevel("family_skeleton"),
                cll.ExactMatchLevel("family_skeleton").configure(
                    m_probability=0.8, u_probability=0.05
                ),
                cll.ElseLevel().configure(m_probability=0.2, u_probability=0.95),
            ],
        ),
        cl.CustomComparison(
            output_column_name="sex",
            comparison_levels=[
                cll.NullLevel("sex"),
                # Lists of the taken are mostly men: two random rows agree
                # on sex more often than half the time.
                cll.ExactMatchLevel("sex").configure(
                    m_probability=0.97, u_probability=0.6
                ),
                cll.ElseLevel().configure(m_probability=0.03, u_probability=0.4),
            ],
        ),
        _birth_year_comparison(),
        _village_comparison(term_frequencies=term_frequencies),
        cl.CustomComparison(
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
        ),
    ]


# How far apart two birth-year ranges are: 0 when they overlap.
_YEARS_APART = (
    "greatest(birth_year_low_l - birth_year_high_r, "
    "birth_year_low_r - birth_year_high_l, 0)"
)


def _birth_year_comparison() -> ComparisonCreator:
    """Birth years as ranges (from an age, or "~20"): how far apart they are."""
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [
        cll.CustomLevel(
            "birth_year_low_l is null or birth_year_low_r is null"
        ).configure(is_null_level=True),
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
