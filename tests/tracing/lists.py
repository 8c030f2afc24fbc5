"""Lists for the linkage tests: a mother's request, and where her son appears.

The request is the one in issue #6: "Mohammad Aref son of Gul Ahmad, from
Parian, 19, taken on 7 Sep 2021". A detainee list has him as "Muhammad Arif
s/o Gulahmad, Paryan, ~20", and a hospital register as "محمد عارف ولد گل
احمد". Each list also holds a man with the same given name and another
father, who must not be taken for him. ``scenario`` hides these rows among
people from ``sabt.testing.synthetic``, so the model is trained on
lists of a realistic size and noise; every row knows its person.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sabt.testing import synthetic
from sabt.tracing.linkage.columns import COLUMNS

# The mother's request, and two others in the same list.
AREF_REQUEST = {
    "id": "q-aref",
    "given_name": "Mohammad Aref",
    "father_name": "Gul Ahmad",
    "sex": "m",
    "age": "19",
    "village": "Parian",
    "district": "Paryan",
    "last_seen_date": "2021-09-07",
}

# Her son in the detainee list: the lineage in one cell, another spelling,
# an estimated age, no date.
AREF_DETAINED = {
    "id": "d-arif",
    "given_name": "Muhammad Arif s/o Gulahmad",
    "sex": "M",
    "age": "~20",
    "village": "Paryan",
}

# The same given name, another father, the same village and age.
OTHER_AREF_DETAINED = {
    "id": "d-arif-rahim",
    "given_name": "Mohammad Arif s/o Abdul Rahim",
    "sex": "M",
    "age": "20",
    "village": "Paryan",
}

# Her son in the hospital register, in Arabic script.
AREF_IN_HOSPITAL = {
    "id": "h-arif",
    "given_name": "محمد عارف ولد گل احمد",
    "sex": "مرد",
    "age": "20",
    "village": "پریان",
    "last_seen_date": "2021-09-12",
}

OTHER_AREF_IN_HOSPITAL = {
    "id": "h-arif-karim",
    "given_name": "محمد عارف ولد عبدالکریم",
    "sex": "مرد",
    "age": "19",
    "village": "پریان",
    "last_seen_date": "2021-09-12",
}

REQUEST_STYLE = synthetic.Style(
    script="latin",
    lineage_in_given=0.3,
    missing={"grandfather_name": 0.6, "district": 0.5, "last_seen_place": 0.4},
)
DETAINEE_STYLE = synthetic.Style(
    script="latin",
    lineage_in_given=0.8,
    missing={**synthetic.HURRIED, "last_seen_date": 1.0, "last_seen_place": 1.0},
)
HOSPITAL_STYLE = synthetic.Style(script="arabic", missing=synthetic.HURRIED)
MERGED_STYLES = (
    synthetic.Style(script="latin", lineage_in_given=0.2, missing=synthetic.HURRIED),
    synthetic.Style(script="arabic", missing=synthetic.HURRIED),
)


@dataclass(frozen=True)
class Scenario:
    """Three lists written from one pool of people, with the true links."""

    requests: synthetic.Lists
    detainees: synthetic.Lists
    hospital: synthetic.Lists

    def true_links(
        self, a: synthetic.Lists, b: synthetic.Lists
    ) -> set[tuple[str, str]]:
        return synthetic.true_links(a.person_of, b.person_of)


def scenario(seed: int = 6) -> Scenario:
    """300 requests, 1,200 detainees and 900 hospital patients.

    The three Aref rows are one person, the two other Arefs two others.
    """
    generator = synthetic.Generator(seed)
    taken = generator.people(1500)
    detainees = _written(generator, taken[:1200], "d", DETAINEE_STYLE)
    hospital = _written(generator, taken[600:], "h", HOSPITAL_STYLE)
    requests = synthetic.requests_for(
        generator, taken, 300, found_share=0.7, styles=[REQUEST_STYLE]
    )
    aref, other_detained, other_patient = generator.people(3)
    requests.add("q-aref", aref, _row(AREF_REQUEST))
    detainees.add("d-arif", aref, _row(AREF_DETAINED))
    detainees.add("d-arif-rahim", other_detained, _row(OTHER_AREF_DETAINED))
    hospital.add("h-arif", aref, _row(AREF_IN_HOSPITAL))
    hospital.add("h-arif-karim", other_patient, _row(OTHER_AREF_IN_HOSPITAL))
    return Scenario(requests=requests, detainees=detainees, hospital=hospital)


def merged_list(seed: int = 8, count: int = 1500) -> synthetic.Lists:
    """One list merged from two sources, about a fifth of its rows repeats."""
    generator = synthetic.Generator(seed)
    return synthetic.duplicated_list(
        generator, count, duplicate_share=0.2, styles=MERGED_STYLES
    )


def write_list(
    path: Path, rows: Iterable[Mapping[str, str]], header: Iterable[str] = COLUMNS
) -> Path:
    """Write rows as a UTF-8 CSV file; cells a row lacks are empty."""
    columns = list(header)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _written(
    generator: synthetic.Generator,
    people: list[synthetic.Person],
    prefix: str,
    style: synthetic.Style,
) -> synthetic.Lists:
    lists = synthetic.Lists()
    for number, person in enumerate(people, start=1):
        row_id = f"{prefix}{number}"
        lists.add(row_id, person, generator.write(person, row_id, style))
    return lists


def _row(values: Mapping[str, str]) -> dict[str, str]:
    return {column: values.get(column, "") for column in COLUMNS}
