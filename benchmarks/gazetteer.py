"""How the place resolver behaves on slips of the pen, in both scripts.

Every spelling of every shipped place loses one letter, or two neighbouring
letters swap, the way a hurried hand writes a name; each variant goes through
``gazetteer.lookup.resolve``. A variant that settles on its own place is a
help; one that settles on another place is the harm the thresholds exist to
prevent; one left unresolved with its place among the candidates costs a
person one click. Figures per script, for the rules as shipped and with the
short-name rule (``MIN_FUZZY_LETTERS``) switched off, so the price and the
gain of that rule are both printed:

    python benchmarks/gazetteer.py [--sample 1500]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Iterator

from common import django_environment, print_figure, progress


def variants(name: str) -> Iterator[str]:
    """One letter dropped, or two neighbours swapped; spaces kept."""
    for i, char in enumerate(name):
        if char.isalpha():
            yield name[:i] + name[i + 1 :]
        if i + 1 < len(name) and char.isalpha() and name[i + 1].isalpha():
            yield name[:i] + name[i + 1] + char + name[i + 2 :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1500, help="variants per run")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    with django_environment():
        from sabt.gazetteer import lookup  # noqa: PLC0415
        from sabt.gazetteer.models import Place  # noqa: PLC0415
        from sabt.gazetteer.place_names import is_arabic_script  # noqa: PLC0415

        cases = [
            (place.key, variant)
            for place in Place.objects.filter(origin="gazetteer")
            for name in place.all_names()
            for variant in variants(name)
            if len(variant.strip()) > 1
        ]
        random.Random(args.seed).shuffle(cases)
        cases = cases[: args.sample]
        progress(f"{len(cases)} variants")
        shipped = dict(lookup.MIN_FUZZY_LETTERS)
        for rules, minimum in (("shipped", shipped), ("no-short-name-rule", None)):
            lookup.MIN_FUZZY_LETTERS.update(minimum or {"latin": 0, "arabic": 0})
            tally: Counter[tuple[str, str]] = Counter()
            wrong: list[tuple[str, str, str]] = []
            for key, variant in cases:
                script = "arabic" if is_arabic_script(variant) else "latin"
                found = lookup.resolve(variant)
                if found.place is not None:
                    outcome = "own" if found.place.key == key else "other"
                    if outcome == "other":
                        wrong.append((variant, key, found.place.key))
                elif any(c.key == key for c in found.candidates):
                    outcome = "candidate"
                else:
                    outcome = "lost"
                tally[(script, outcome)] += 1
            lookup.MIN_FUZZY_LETTERS.update(shipped)
            for variant, meant, got in wrong[:5]:
                print_figure(
                    f"gazetteer.wrong rules={rules}",
                    {"query": variant, "meant": meant, "got": got},
                )
            for script in ("latin", "arabic"):
                counts = {
                    o: tally[(script, o)] for o in ("own", "other", "candidate", "lost")
                }
                total = sum(counts.values()) or 1
                print_figure(
                    f"gazetteer.slips rules={rules} script={script}",
                    {
                        "variants": total,
                        **counts,
                        "wrong_place_pct": 100 * counts["other"] / total,
                        "own_or_offered_pct": 100
                        * (counts["own"] + counts["candidate"])
                        / total,
                    },
                )


if __name__ == "__main__":
    main()
