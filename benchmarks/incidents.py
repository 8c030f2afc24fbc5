"""Benchmark the incident pages as a case member sees them, over real HTTP.

Generates ``--incidents`` incidents (default 100,000; ``--million`` for
1,000,000) straight into the projection tables with bulk inserts, most in the
case ``panjshir`` and a tenth in a case ``other``. A member of ``panjshir``
(a field documenter: not an admin, no second factor) logs in through the
login form of a real ``sabt serve`` on loopback, then each page is timed from
outside:

``http.list``         the first page of the incident list
``http.list_deep``    a page up to 400 pages down the list, reached by "next"
``http.search``       a full-text search of one or two words
``http.district``     one district over a three-month range
``http.detail``       one incident's page

Each line reports p50, p95 and max in milliseconds over ``--runs`` requests;
the goal is p95 < 200 ms. Then ``--readers`` readers (default 8) and one
writer (reporting incidents through the form) run together for
``--seconds`` (default 30), and the line ``http.concurrent`` gives requests/s,
p95 and errors of each side. The last line is a JSON object of every figure.

The benchmark stops with an error if the member sees no incident: a user of
no case is told "No incident matches." in 2 ms, which measures nothing.

SQLite by default, in a fresh temporary ``SABT_HOME``::

    .venv/bin/python benchmarks/incidents.py

PostgreSQL: ``scripts/with-postgres.sh .venv/bin/python benchmarks/incidents.py``
(a fresh database is created beside ``SABT_DB_NAME`` and dropped).
``--serve-arg=--workers=2`` passes options on to ``sabt serve``.
"""

from __future__ import annotations

import argparse
import datetime
import html
import itertools
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests
from common import db_engine, django_environment, print_figure, progress

GOAL_P95_MS = 200.0
CASE = "panjshir"
OTHER_CASE = "other"
PASSWORD = "bench-password-not-secret"  # noqa: S105  (a throwaway home)
COMMON_WORDS = (
    "shelling market houses destroyed families missing road checkpoint night "
    "detained trucks youths village school clinic mosque orchard river bridge "
    "elders witnesses bodies buried cave hunger cold convoy fighters looting "
    "گلوله باری خانه ها ویران خانواده ها مفقود جاده بازداشت جوانان قریه مکتب"
).split()
ZIPF = [1 / rank for rank in range(1, 10_000)]
# Summed once: random.choices would sum 5,000 weights for every title.
ZIPF_SUMS = list(itertools.accumulate(ZIPF))
FIRST_DAY = datetime.date(2021, 1, 1)
DAYS = 3 * 365
OWN_SOURCE = Path(__file__).resolve().parent.parent / "src"
INCIDENT_LINK = re.compile(r'href="/incidents/([0-9a-f-]{36})/"')
NEXT_LINK = re.compile(r'<a href="([^"]*)" rel="next">')
DEEPEST_PAGE = 400
BATCH = 20_000


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    """Common words plus made-up ones, so word frequencies fall off as in text."""
    letters = "abdefghijklmnoprstuwyz"
    made_up = {"".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(size)}
    return COMMON_WORDS + sorted(made_up)


def words(rng: random.Random, vocab: list[str], k: int) -> str:
    """k words drawn with Zipf-like weights: a few common, most rare."""
    return " ".join(rng.choices(vocab, cum_weights=ZIPF_SUMS[: len(vocab)], k=k))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="1,000,000 incidents")
    parser.add_argument("--acts-per", type=int, default=2)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--home",
        help="measure the data an earlier --keep run left in this SABT_HOME instead",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the generated SABT_HOME (and PostgreSQL database) for --home",
    )
    parser.add_argument(
        "--before-src",
        help="first measure a server run from this src folder (old code)",
    )
    parser.add_argument("--before-serve-arg", action="append", default=[])
    parser.add_argument(
        "--serve-arg", action="append", default=[], help="passed to sabt serve"
    )
    args = parser.parse_args(argv)
    if args.million:
        args.incidents = 1_000_000
    return args


# Data


def generate(count: int, acts_per: int, rng: random.Random, vocab: list[str]) -> None:
    """Bulk-insert incidents, their places, acts and search index rows.

    The tables' secondary indexes are dropped first and built once at the
    end: sorting a million keys once is cheaper than keeping each index in
    order through a million inserts.
    """
    from django.db import transaction  # noqa: PLC0415

    from sabt.gazetteer.models import Place  # noqa: PLC0415
    from sabt.records.models import Act, Incident, IncidentPlace  # noqa: PLC0415
    from sabt.records.vocabularies import act_types, sub_event_types  # noqa: PLC0415

    places = list(Place.objects.exclude(district=""))
    subtypes = sub_event_types().terms
    acts = act_types().codes()
    stamp = "2026-01-01T00:00:00Z"
    common = {"created_by": "bench", "created_at": stamp, "updated_at": stamp}
    tables = [model._meta.db_table for model in (Incident, IncidentPlace, Act)]
    with _indexes_built_after(tables):
        for start in range(0, count, BATCH):
            rows, links, done = [], [], []
            for number in range(start + 1, start + 1 + min(BATCH, count - start)):
                subtype = rng.choice(subtypes)
                day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
                chosen = rng.sample(places, rng.choice((1, 1, 2)))
                text = words(rng, vocab, 20)
                case = OTHER_CASE if number % 10 == 0 else CASE
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
                    case=case,
                    heads=[],
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
                        case=case,
                    )
                    for n, p in enumerate(chosen)
                ]
                done += [
                    Act(
                        record=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        incident=incident,
                        act_type=rng.choice(acts),
                        case=case,
                        heads=[],
                        **common,
                    )
                    for _ in range(acts_per)
                ]
            with transaction.atomic():
                Incident.objects.bulk_create(rows)
                IncidentPlace.objects.bulk_create(links)
                Act.objects.bulk_create(done)
                _index_new(rows)
            progress(f"generated {start + len(rows)} incidents")
    _analyse()


def _index_new(incidents: list[Any]) -> None:
    """Add new incidents to SQLite's search index (nothing to replace)."""
    from django.db import connection  # noqa: PLC0415

    from sabt.records.search import FTS_TABLE  # noqa: PLC0415

    if connection.vendor != "sqlite":
        return  # PostgreSQL's search column is generated with the row
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (%s, %s)",  # noqa: S608
            [[incident.search_id, incident.search_text] for incident in incidents],
        )


@contextmanager
def _indexes_built_after(tables: list[str]) -> Iterator[None]:
    """Drop the tables' plain indexes for the block, then build them again.

    Indexes behind a primary key or a unique constraint stay: they are the
    constraints themselves.
    """
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"  # noqa: S608
                f" AND sql IS NOT NULL AND tbl_name IN ({marks})"
                " AND sql NOT LIKE 'CREATE UNIQUE%%'",
                tables,
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename = ANY(%s) AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                [tables],
            )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        began = time.perf_counter()
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
        took = time.perf_counter() - began
        progress(f"built {len(indexes)} indexes again in {took:.0f} s")


def _analyse() -> None:
    """Give the planner statistics, as a node's maintenance would."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_members(readers: int) -> list[str]:
    """The case, and field documenters of it (reader 0 is also the writer)."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from sabt.access.membership import add_user, create_case  # noqa: PLC0415

    create_case(slug=CASE, name="Panjshir 2021")
    create_case(slug=OTHER_CASE, name="Another case")
    names = [f"member{n}" for n in range(readers + 1)]
    for name in names:
        user, _password = add_user(username=name, role="field_documenter", case=CASE)
        user.set_password(PASSWORD)
        user.save()
        user.account.must_change_password = False
        user.account.save()
    if get_user_model().objects.filter(username__in=names, is_superuser=True):
        raise SystemExit("incidents.py: a measured member is an admin")
    return names


def sample_of_case(rng: random.Random) -> tuple[list[str], list[str]]:
    """Records of the member's case to open, and districts that hold incidents."""
    from sabt.gazetteer.models import District  # noqa: PLC0415
    from sabt.records.models import Incident, IncidentPlace  # noqa: PLC0415

    records = list(
        Incident.objects.filter(case=CASE)
        .order_by("?")
        .values_list("record", flat=True)[:500]
    )
    used = set(IncidentPlace.objects.values_list("district", flat=True).distinct())
    districts = sorted(set(District.objects.values_list("name", flat=True)) & used)
    if not records or not districts:
        raise SystemExit("incidents.py: generated no incident of the member's case")
    rng.shuffle(records)
    return [str(r) for r in records], districts


# The server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    port: int, extra: list[str], source: str | None = None
) -> subprocess.Popen[bytes]:
    """``sabt serve`` on loopback; ``source`` is another checkout's src folder."""
    env = {**os.environ, "SABT_ORG_PASSPHRASE": "bench passphrase, thrown away"}
    if source:
        env["PYTHONPATH"] = source
    command = [sys.executable, "-m", "sabt", "serve", "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port), *extra], env=env, stdout=sys.stderr
    )
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"incidents.py: sabt serve exited with {server.returncode}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("incidents.py: sabt serve did not answer within 900 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def log_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/login/", timeout=30).raise_for_status()
    response = session.post(
        f"{base}/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        raise SystemExit(
            f"incidents.py: {username} could not log in ({response.status_code})"
        )
    return session


def require_rows(session: requests.Session, base: str) -> int:
    """How many incidents the member's first list page shows; exit if none."""
    response = session.get(f"{base}/incidents/", timeout=60)
    response.raise_for_status()
    shown = len(set(INCIDENT_LINK.findall(response.text)))
    if shown == 0:
        print(
            "incidents.py: FAILED: the measured member sees no incident; "
            "these figures would measure an empty page",
            file=sys.stderr,
        )
        raise SystemExit(1)
    return shown


# Measuring


class Pages:
    """The URLs a member opens, drawn at random."""

    def __init__(
        self,
        rng: random.Random,
        vocab: list[str],
        records: list[str],
        districts: list[str],
        deep: list[str],
    ) -> None:
        self.rng, self.vocab, self.records, self.districts = (
            rng,
            vocab,
            records,
            districts,
        )
        self.deep = deep

    def list(self) -> str:
        return "/incidents/"

    def list_deep(self) -> str:
        return self.rng.choice(self.deep)

    def search(self) -> str:
        return f"/incidents/?q={words(self.rng, self.vocab, self.rng.choice((1, 2)))}"

    def district(self) -> str:
        start = FIRST_DAY + datetime.timedelta(days=self.rng.randrange(DAYS - 90))
        end = start + datetime.timedelta(days=90)
        district = self.rng.choice(self.districts)
        return f"/incidents/?district={district}&date_from={start}&date_to={end}"

    def detail(self) -> str:
        return f"/incidents/{self.rng.choice(self.records)}/"

    def any(self) -> str:
        return self.rng.choice(
            (self.list, self.list_deep, self.search, self.district, self.detail)
        )()


def deep_pages(session: requests.Session, base: str) -> list[str]:
    """Pages 2 to 400 of the list, reached as a reader does: by "next" links.

    Each server's own links: the last row's key for the new code; for the
    old, whose links are page numbers, the numbers without the walk.
    """
    url, found = f"{base}/incidents/", list[str]()
    while len(found) < DEEPEST_PAGE - 1:
        response = session.get(url, timeout=60)
        response.raise_for_status()
        link = NEXT_LINK.search(response.text)
        if link is None:
            break
        url = urljoin(url, html.unescape(link.group(1)))
        if "after=" not in url:
            numbers = range(2, DEEPEST_PAGE + 1)
            return [f"/incidents/?page={number}" for number in numbers]
        found.append(url.removeprefix(base))
    if not found:
        raise SystemExit("incidents.py: the member's list has no second page")
    progress(f"walked {len(found) + 1} pages of the list; the last: {found[-1]}")
    return found


def summary(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    if not samples:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
        "max_ms": round(samples[-1], 1),
    }


def get_ms(session: requests.Session, url: str) -> float:
    began = time.perf_counter()
    response = session.get(url, timeout=60)
    elapsed = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code}")
    return elapsed


def timed(
    session: requests.Session, base: str, url: Callable[[], str], runs: int
) -> dict[str, Any]:
    session.get(base + url(), timeout=60)  # warm: first use of a code path
    samples = [get_ms(session, base + url()) for _ in range(runs)]
    return {**summary(samples), "runs": runs}


def report_form(rng: random.Random) -> dict[str, str]:
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
    data = {
        "title": f"Benchmark report {uuid.uuid4().hex[:8]}",
        "description": "Reported while readers read.",
        "event_type": "violence_against_civilians",
        "sub_event_type": "attack",
        "date_from": str(day),
        "date_to": "",
        "date_precision": "day",
        "perpetrator": "party A (alleged)",
        "case": CASE,
        "places_0": "Benchmark village",
        "places_2": "on",
    }
    for name in ("killed", "injured", "detained", "displaced"):
        data[f"{name}_0"] = data[f"{name}_1"] = ""
    return data


def concurrent(
    base: str, members: list[str], pages: Pages, seconds: float, seed: int
) -> dict[str, Any]:
    """Readers and one writer at once, for ``seconds``."""
    sessions = [log_in(base, name) for name in members]
    reads: list[float] = []
    writes: list[float] = []
    errors = {"read": 0, "write": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def reader(session: requests.Session, n: int) -> None:
        mine = Pages(
            random.Random(seed + n),
            pages.vocab,
            pages.records,
            pages.districts,
            pages.deep,
        )
        while time.monotonic() < deadline:
            try:
                elapsed = get_ms(session, base + mine.any())
            except (RuntimeError, requests.RequestException):
                with lock:
                    errors["read"] += 1
                continue
            with lock:
                reads.append(elapsed)

    def writer(session: requests.Session) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                response = session.post(
                    f"{base}/incidents/new/",
                    data={
                        **report_form(rng),
                        "csrfmiddlewaretoken": session.cookies["csrftoken"],
                    },
                    headers={"Referer": f"{base}/incidents/new/"},
                    allow_redirects=False,
                    timeout=60,
                )
                ok = (
                    response.status_code == 302
                    and "/incidents/" in response.headers["Location"]
                )
            except requests.RequestException:
                ok = False
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                if ok:
                    writes.append(elapsed)
                else:
                    errors["write"] += 1

    threads = [threading.Thread(target=writer, args=(sessions[0],))]
    threads += [
        threading.Thread(target=reader, args=(session, n))
        for n, session in enumerate(sessions[1:])
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    read, write = summary(reads), summary(writes)
    return {
        "readers": len(sessions) - 1,
        "seconds": round(wall, 1),
        "reads_per_s": round(len(reads) / wall, 1),
        "read_p50_ms": read["p50_ms"],
        "read_p95_ms": read["p95_ms"],
        "read_errors": errors["read"],
        "writes_per_s": round(len(writes) / wall, 2),
        "write_p95_ms": write["p95_ms"],
        "write_errors": errors["write"],
    }


def measure(
    args: argparse.Namespace, base: str, members: list[str], pages: Pages
) -> dict[str, Any]:
    session = log_in(base, members[0])
    shown = require_rows(session, base)
    progress(f"{members[0]} sees {shown} incidents on the first page; measuring")
    pages.deep = deep_pages(session, base)
    figures: dict[str, Any] = {}
    for name in ("list", "list_deep", "search", "district", "detail"):
        figures[f"http.{name}"] = timed(session, base, getattr(pages, name), args.runs)
        progress(f"http.{name}: {figures[f'http.{name}']}")
    if args.seconds > 0:
        figures["http.concurrent"] = concurrent(
            base, members[: args.readers + 1], pages, args.seconds, args.seed
        )
    require_rows(session, base)
    return figures


@contextmanager
def existing_home(home: str) -> Iterator[str]:
    """Run the block against the data an earlier ``--keep`` run left.

    On SQLite the data is in the home; on PostgreSQL in the database
    ``SABT_DB_NAME`` names (the one that run printed).
    """
    import django  # noqa: PLC0415

    os.environ["SABT_HOME"] = home
    os.environ["SABT_NODE_KEY"] = os.path.join(home, "keys", "node.key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sabt.settings"
    django.setup()
    yield db_engine()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    place = existing_home(args.home) if args.home else django_environment(args.keep)
    with place as engine:
        began = time.perf_counter()
        vocab = vocabulary(rng)
        if args.home:
            members = [f"member{n}" for n in range(args.readers + 1)]
        else:
            generate(args.incidents, args.acts_per, rng, vocab)
            members = make_members(args.readers)
        records, districts = sample_of_case(rng)
        from sabt.records.models import Incident  # noqa: PLC0415

        total = Incident.objects.count()
        generated = round(time.perf_counter() - began, 1)
        progress(f"generated in {generated} s; starting sabt serve")
        if args.keep:
            kept = f"SABT_HOME={os.environ['SABT_HOME']}"
            if engine == "postgresql":
                kept += f" SABT_DB_NAME={os.environ['SABT_DB_NAME']}"
            progress(f"the data stays in {kept}")
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        # With --before-src the same data is served by that code first, then
        # by this one (whose migrations run on start): before and after.
        # Run the benchmark itself with PYTHONPATH at the old src, so that the
        # data is made (and migrated) as the old code would.
        runs = [("", str(OWN_SOURCE), args.serve_arg)]
        if args.before_src:
            runs.insert(0, ("before.", args.before_src, args.before_serve_arg))
        figures: dict[str, Any] = {}
        for prefix, source, serve_args in runs:
            port = free_port()
            server = start_server(port, serve_args, source)
            try:
                pages = Pages(random.Random(args.seed), vocab, records, districts, [])
                measured = measure(args, f"http://127.0.0.1:{port}", members, pages)
            finally:
                stop_server(server)
            figures.update({prefix + k: v for k, v in measured.items()})
    result: dict[str, Any] = {
        "db": engine,
        "incidents": total,
        "generate_s": generated,
        "goal_p95_ms": GOAL_P95_MS,
        "serve_args": " ".join(args.serve_arg),
    }
    for name, values in figures.items():
        extra = (
            {}
            if "p95_ms" not in values
            else {"meets_goal": values["p95_ms"] < GOAL_P95_MS}
        )
        print_figure(name, {**values, "db": engine, **extra})
        result[name] = values
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
