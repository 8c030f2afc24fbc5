"""Benchmark the incident list: filtered first page and full-text search.

Generates ``--incidents`` incidents (default 100,000) with ``--acts-per``
acts each (default 5, so 500,000 acts), each incident at one or two gazetteer
places, then times what the incident list runs for a user:

``incidents.filtered_page``
    The first page (25 rows) of incidents in one district overlapping a
    three-month date range, newest first, plus the paginator's count (capped
    at 10,000, as the list shows "10,000 or more" past that).
``incidents.search_page``
    The same for a full-text search of one or two words (SQLite FTS5 or
    PostgreSQL text search).

Each line reports p50, p95 and max in milliseconds over ``--runs`` queries
with varied districts, ranges and words; the goal is p95 < 200 ms. The last
line is a JSON object holding every figure.

The rows are generated straight into the projection tables with bulk inserts:
this measures reads. The write path (sign, append, project) has its own
figures in ``benchmarks/ledger.py``. SQLite by default, in a fresh temporary
``SABT_HOME``::

    .venv/bin/python benchmarks/incidents.py

For PostgreSQL, set ``SABT_DB_ENGINE=postgresql`` and the ``SABT_DB_*``
variables; a fresh database is created beside ``SABT_DB_NAME`` and dropped.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from common import django_environment, print_figure, progress

PAGE = 25
GOAL_P95_MS = 200.0
COMMON_WORDS = (
    "shelling market houses destroyed families missing road checkpoint night "
    "detained trucks youths village school clinic mosque orchard river bridge "
    "elders witnesses bodies buried cave hunger cold convoy fighters looting "
    "گلوله باری خانه ها ویران خانواده ها مفقود جاده بازداشت جوانان قریه مکتب"
).split()


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    """Common words plus made-up ones, so word frequencies fall off as in text."""
    letters = "abdefghijklmnoprstuwyz"
    made_up = {"".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(size)}
    return COMMON_WORDS + sorted(made_up)


def words(rng: random.Random, vocab: list[str], k: int) -> str:
    """k words drawn with Zipf-like weights: a few common, most rare."""
    return " ".join(rng.choices(vocab, weights=ZIPF[: len(vocab)], k=k))


ZIPF = [1 / rank for rank in range(1, 10_000)]
FIRST_DAY = datetime.date(2021, 1, 1)
DAYS = 3 * 365


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--acts-per", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2021)
    return parser.parse_args(argv)


def generate(count: int, acts_per: int, rng: random.Random, vocab: list[str]) -> None:
    """Bulk-insert incidents, their places, acts and search index rows."""
    from django.db import transaction  # noqa: PLC0415

    from sabt.gazetteer.models import Place  # noqa: PLC0415
    from sabt.records.models import Act, Incident, IncidentPlace  # noqa: PLC0415
    from sabt.records.search import index_incidents  # noqa: PLC0415
    from sabt.records.vocabularies import act_types, sub_event_types  # noqa: PLC0415

    places = list(Place.objects.exclude(district=""))
    subtypes = sub_event_types().terms
    acts = act_types().codes()
    stamp = "2026-01-01T00:00:00Z"
    common = {
        "created_by": "bench",
        "created_at": stamp,
        "updated_at": stamp,
        "heads": [],
    }
    for start in range(0, count, 5000):
        rows, links, done = [], [], []
        for number in range(start + 1, start + 1 + min(5000, count - start)):
            subtype = rng.choice(subtypes)
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
            chosen = rng.sample(places, rng.choice((1, 1, 2)))
            text = words(rng, vocab, 20)
            incident = Incident(
                record=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                title=words(rng, vocab, 5),
                description=text,
                event_type=subtype.extra["parent"],
                sub_event_type=subtype.code,
                date_from=day,
                date_to=day + datetime.timedelta(days=rng.choice((0, 0, 3))),
                date_precision="day",
                perpetrator=rng.choice(("party A (alleged)", "party B (alleged)")),
                search_text="\n".join([text, *(p.name for p in chosen)]),
                search_id=number,
                **common,
            )
            rows.append(incident)
            links += [
                IncidentPlace(
                    key=f"{incident.record}/{n}",
                    incident=incident,
                    position=n,
                    name_as_given=p.name,
                    place=p,
                    district=p.district,
                    date_from=incident.date_from,
                    date_end=incident.date_to or incident.date_from,
                )
                for n, p in enumerate(chosen)
            ]
            done += [
                Act(
                    record=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    incident=incident,
                    act_type=rng.choice(acts),
                    **common,
                )
                for _ in range(acts_per)
            ]
        with transaction.atomic():
            Incident.objects.bulk_create(rows)
            IncidentPlace.objects.bulk_create(links)
            Act.objects.bulk_create(done)
            index_incidents(rows)
        progress(f"generated {start + len(rows)} incidents")


def timed(query: Callable[[], Any], runs: int) -> dict[str, float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        query()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 2),
        "max_ms": round(samples[-1], 2),
        "runs": runs,
    }


def first_page(wanted: Any) -> int:
    """What the list view runs: one page of rows and the paginator's count."""
    from django.contrib.auth.models import User  # noqa: PLC0415

    from sabt.access.queries import visible_incidents  # noqa: PLC0415
    from sabt.records.filters import capped_count, filter_incidents  # noqa: PLC0415

    reader = User(username="analyst", is_active=True)
    incidents = filter_incidents(visible_incidents(reader), wanted)
    rows = list(incidents.order_by("-date_from", "record")[:PAGE])
    return capped_count(incidents) + len(rows)


def measure(
    runs: int, rng: random.Random, vocab: list[str]
) -> dict[str, dict[str, float]]:
    from sabt.gazetteer.models import Place  # noqa: PLC0415
    from sabt.records.filters import IncidentFilter  # noqa: PLC0415

    districts = sorted(
        set(Place.objects.exclude(district="").values_list("district", flat=True))
    )

    def filtered() -> int:
        start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS - 90))
        wanted = IncidentFilter(
            district=rng.choice(districts),
            date_from=start,
            date_to=start + datetime.timedelta(days=90),
        )
        return first_page(wanted)

    def searched() -> int:
        return first_page(IncidentFilter(text=words(rng, vocab, rng.choice((1, 2)))))

    return {
        "incidents.filtered_page": timed(filtered, runs),
        "incidents.search_page": timed(searched, runs),
    }


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    with django_environment() as engine:
        began = time.perf_counter()
        vocab = vocabulary(rng)
        generate(args.incidents, args.acts_per, rng, vocab)
        generated = round(time.perf_counter() - began, 1)
        progress(f"generated in {generated} s; measuring")
        figures = measure(args.runs, rng, vocab)
    summary: dict[str, Any] = {
        "db": engine,
        "incidents": args.incidents,
        "acts": args.incidents * args.acts_per,
        "generate_s": generated,
        "goal_p95_ms": GOAL_P95_MS,
    }
    for name, values in figures.items():
        print_figure(
            name, {**values, "db": engine, "meets_goal": values["p95_ms"] < GOAL_P95_MS}
        )
        summary[name] = values
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
