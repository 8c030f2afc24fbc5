"""Benchmark ``keyring.shred``: what finding the search words naming a subject costs.

Records a source with a sealed identity and N audited searches
(``--searches``, default 10,000), one in ten naming her, then shreds her
and prints:

``shred.seconds``
    Wall-clock and CPU seconds of one ``shred``, purge included, with the
    number of searches whose words it destroyed, and microseconds per
    search read (each is one unwrap and one decryption).

SQLite by default; for PostgreSQL set the variables described in
``benchmarks/ledger.py``::

    .venv/bin/python benchmarks/shred.py --searches 10000
"""

from __future__ import annotations

import argparse
import time

from common import django_environment, print_figure, progress

NAME = "Zarmina Sultani"
WORDS = ("Bazarak executions", "Parian", "detained at Rokha", "Khenj school")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--searches", type=int, default=10_000)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    with django_environment() as engine:
        from django.contrib.auth import get_user_model  # noqa: PLC0415
        from django.db import transaction  # noqa: PLC0415

        from sabt.access.audit import record_read  # noqa: PLC0415
        from sabt.ledger.sealing import INTERACTIVE  # noqa: PLC0415
        from sabt.ledger_store.keyring import shred  # noqa: PLC0415
        from sabt.ledger_store.org_key import create_org_key  # noqa: PLC0415
        from sabt.records.services import register_source  # noqa: PLC0415

        create_org_key("a benchmark passphrase", INTERACTIVE)
        actor = get_user_model().objects.create_user("bench", is_superuser=True)
        source = register_source(
            actor=actor, kind="witness", pseudonym="Witness 1", real_name=NAME
        )
        progress(f"recording {args.searches} searches")
        with transaction.atomic():
            for i in range(args.searches):
                words = "Zarmina" if i % 10 == 0 else WORDS[i % len(WORDS)]
                record_read(username="bench", action="searched", query=words)
        progress("shredding")
        wall, cpu = time.perf_counter(), time.process_time()
        done = shred(str(source.pk), actor="bench", reason="benchmark")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print_figure(
            "shred.seconds",
            {
                "engine": engine,
                "searches": args.searches,
                "destroyed": len(done.destroyed_with),
                "seconds": wall,
                "cpu_s": cpu,
                "us_per_search": wall / args.searches * 1e6,
                "purged": bool(done.purged),
            },
        )


if __name__ == "__main__":
    main()
