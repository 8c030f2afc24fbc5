"""The authorisation matrix: every role x every URL x a record inside / outside
the user's cases, generated from one table.

``TABLE`` says, for each route and method, which capability it needs
(``access.policy``) and whether it is about one record (then a record of a
case the user is not in is 404, as if it did not exist; one they may see but
not change is 403). A route in the URL configuration that is missing from the
table fails ``test_every_route_is_in_the_table``: no page is forgotten.

A request counts as allowed when it is neither refused (403, 404, 401) nor
sent to the login page. Writes are sent empty or with placeholder values: an
allowed one answers with its form's errors (400) and changes nothing, so the
matrix needs no valid input per page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django import Settings

from sabt.access.models import Membership
from sabt.access.policy import CAPABILITIES, Capability, Role
from sabt.access.tokens import issue_token
from sabt.analysis.services import define_count
from sabt.api.main import api
from sabt.core.cases import Case
from sabt.evidence.models import EvidenceFile, EvidenceItem
from sabt.evidence.services import add_file, register_evidence_item
from sabt.ledger_store.models import LedgerEvent
from sabt.records.services import register_source
from sabt.tracing.services.review import find_candidates
from tests.access.two_factor_helpers import confirmed_device, log_in_verified
from tests.evidence.test_add_file import picture
from tests.factories import make_incident, make_note, make_source, make_statement
from tests.tracing.factories import detainee_list, make_request

pytestmark = pytest.mark.django_db

V, D, VER, S, E, M, T, A = (
    Capability.VIEW,
    Capability.DOCUMENT,
    Capability.VERIFY,
    Capability.SEE_SEALED,
    Capability.EXPORT,
    Capability.MANAGE,
    Capability.TRACE,
    Capability.ANALYSE,
)
PUBLIC = "public"  # no login needed
SIGNED_IN = "signed in"  # any account, whatever its roles


@dataclass(frozen=True)
class Rule:
    need: Capability | str
    record: str = ""  # the kind of record the URL names, if any
    # False for a URL that only its own session can reach (an upload being
    # mapped): allowed users get 404 for anyone else's.
    found: bool = True
    # True where the capability is asked before the record is looked up (the
    # tracing pages): a user without it gets 403 whatever the record, which
    # says nothing about whether it exists.
    gate: bool = False


# (route as in the URL conf, method) -> what it needs.
TABLE: dict[tuple[str, str], Rule] = {
    ("", "GET"): Rule(SIGNED_IN),
    ("login/", "GET"): Rule(PUBLIC),
    ("about/", "GET"): Rule(PUBLIC),
    ("i18n/setlang/", "POST"): Rule(PUBLIC),
    ("calendar/", "POST"): Rule(PUBLIC),
    ("odk/import/", "GET"): Rule(D),
    ("odk/import/", "POST"): Rule(D),
    ("password/", "GET"): Rule(SIGNED_IN),
    ("login/verify/", "GET"): Rule(SIGNED_IN),
    ("account/two-factor/", "GET"): Rule(SIGNED_IN),
    ("logout/", "POST"): Rule(SIGNED_IN),
    ("demo/", "POST"): Rule(M),
    ("incidents/", "GET"): Rule(V),
    ("incidents/new/", "GET"): Rule(D),
    ("incidents/new/", "POST"): Rule(D),
    ("incidents/<uuid:record>/", "GET"): Rule(V, "incident"),
    ("incidents/<uuid:record>/status/", "POST"): Rule(VER, "incident"),
    ("incidents/<uuid:record>/places/<int:position>/", "GET"): Rule(D, "incident"),
    ("incidents/<uuid:record>/acts/new/", "GET"): Rule(D, "incident"),
    ("incidents/<uuid:record>/acts/new/", "POST"): Rule(D, "incident"),
    ("incidents/<uuid:record>/versions/", "POST"): Rule(D, "incident"),
    ("evidence/new/", "GET"): Rule(D),
    ("evidence/<uuid:record>/", "GET"): Rule(V, "evidence"),
    ("evidence/<uuid:record>/files/", "POST"): Rule(D, "evidence"),
    ("evidence/<uuid:record>/assessments/", "POST"): Rule(VER, "evidence"),
    ("evidence/<uuid:record>/files/<str:sha256>/open/", "POST"): Rule(V, "evidence"),
    ("evidence/<uuid:record>/files/<str:sha256>/transfer/", "POST"): Rule(
        E, "evidence"
    ),
    ("evidence/<uuid:record>/files/<str:sha256>/derive/", "POST"): Rule(D, "evidence"),
    ("people/", "GET"): Rule(V),
    ("people/new/", "GET"): Rule(D),
    ("people/<uuid:record>/", "GET"): Rule(V, "person"),
    ("people/<uuid:record>/versions/", "POST"): Rule(D, "person"),
    ("sources/", "GET"): Rule(V),
    ("sources/new/", "GET"): Rule(D),
    ("sources/<uuid:record>/", "GET"): Rule(V, "source"),
    ("sources/<uuid:record>/identity/", "POST"): Rule(S, "source"),
    ("sources/<uuid:record>/consent/", "POST"): Rule(D, "source"),
    ("statements/new/", "GET"): Rule(D),
    ("statements/new/", "POST"): Rule(D),
    ("places/new/", "GET"): Rule(D),
    ("places/<str:key>/", "GET"): Rule(V),
    ("overview/", "GET"): Rule(V),
    ("exports/court/", "GET"): Rule(E),
    ("exports/court/", "POST"): Rule(E),
    ("exports/report/", "GET"): Rule(A),
    ("exports/report/", "POST"): Rule(A),
    ("exports/incidents.<str:extension>", "GET"): Rule(A),
    # A finished export is its maker's only: anyone else's token is unknown.
    ("exports/<uuid:token>/", "GET"): Rule(SIGNED_IN, found=False),
    ("exports/<uuid:token>/download/", "GET"): Rule(SIGNED_IN, found=False),
    ("analysis/", "GET"): Rule(A),
    ("analysis/", "POST"): Rule(A),
    ("analysis/<uuid:record>/", "GET"): Rule(A, "count"),
    ("analysis/<uuid:record>/review/", "POST"): Rule(A, "count"),
    ("analysis/<uuid:record>/compute/", "POST"): Rule(A, "count"),
    ("notes/", "GET"): Rule(V),
    ("notes/", "POST"): Rule(D),
    ("notes/<uuid:record>/", "GET"): Rule(V, "note"),
    ("tracing/", "GET"): Rule(T, gate=True),
    ("tracing/requests/", "GET"): Rule(T, gate=True),
    ("tracing/requests/new/", "GET"): Rule(T, gate=True),
    ("tracing/requests/new/", "POST"): Rule(T, gate=True),
    ("tracing/requests/<uuid:record>/", "GET"): Rule(T, "request", gate=True),
    ("tracing/requests/<uuid:record>/enquirer/", "POST"): Rule(T, "request", gate=True),
    ("tracing/requests/<uuid:record>/close/", "POST"): Rule(T, "request", gate=True),
    ("tracing/lists/", "GET"): Rule(T, gate=True),
    ("tracing/lists/new/", "GET"): Rule(T, gate=True),
    ("tracing/lists/new/", "POST"): Rule(T, gate=True),
    ("tracing/lists/new/<str:sha256>/", "GET"): Rule(T, found=False, gate=True),
    ("tracing/lists/<uuid:record>/", "GET"): Rule(T, "list", gate=True),
    ("tracing/lists/<uuid:record>/match/", "POST"): Rule(T, "list", gate=True),
    ("tracing/matches/<uuid:record>/", "GET"): Rule(T, "match", gate=True),
    ("tracing/matches/<uuid:record>/decide/", "POST"): Rule(T, "match", gate=True),
    ("tracing/matches/<uuid:record>/consent/", "POST"): Rule(T, "match", gate=True),
    ("tracing/matches/<uuid:record>/notify/", "POST"): Rule(T, "match", gate=True),
    ("manage/users/", "GET"): Rule(M),
    ("manage/users/grant/", "POST"): Rule(M),
    ("manage/cases/new/", "POST"): Rule(M),
    ("manage/audit/", "GET"): Rule(M),
    ("manage/bundles/", "GET"): Rule(M),  # an administrator's, as api/bundles
    ("manage/bundles/", "POST"): Rule(M),
    # The REST API: the same rules, with a bearer token.
    ("api/schema", "GET"): Rule(PUBLIC),
    ("api/docs", "GET"): Rule(PUBLIC),
    ("api/incidents", "GET"): Rule(V),
    ("api/incidents", "POST"): Rule(D),
    ("api/bundles", "POST"): Rule(M),  # a node administrator's import
    ("api/incidents/<record>", "GET"): Rule(V, "incident"),
    ("api/incidents/<record>/status", "POST"): Rule(VER, "incident"),
    ("api/incidents/<record>/acts", "POST"): Rule(D, "incident"),
    ("api/persons", "GET"): Rule(V),
    ("api/persons", "POST"): Rule(D),
    ("api/persons/<record>", "GET"): Rule(V, "person"),
    ("api/sources", "GET"): Rule(V),
    ("api/sources", "POST"): Rule(D),
    ("api/sources/<record>", "GET"): Rule(V, "source"),
    ("api/statements", "GET"): Rule(V),
    ("api/statements", "POST"): Rule(D),
    ("api/statements/<record>", "GET"): Rule(V, "statement"),
    ("api/places", "GET"): Rule(V),
    ("api/places", "POST"): Rule(D),
    ("api/places/<key>", "GET"): Rule(V),
}
# Routes of other parts (static files, vendored Leaflet) that no table needs.
# django-ninja's own root ("api/") answers nothing.
NOT_PAGES = re.compile(r"^(static/|leaflet/|api/$)")
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
# API bodies that pass the schema but not the service: the permission check
# runs between the two, so an allowed call ends in a 400 that changes nothing.
API_BODIES: dict[str, dict[str, object]] = {
    "api/incidents": {"title": "", "event_type": "", "date_from": "2021-09-10"},
    "api/incidents/<record>/status": {"status": "nonsense", "reason": ""},
    "api/incidents/<record>/acts": {"act_type": "nonsense"},
    "api/persons": {"name": ""},
    "api/sources": {"kind": "", "pseudonym": ""},
    "api/statements": {"source": "", "text": "", "language": "xx", "stance": ""},
    "api/places": {"name": "", "latitude": 0, "longitude": 0, "location_note": ""},
}


def _web_routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    """Every route of the URL conf but the API's (listed by its schema)."""
    found: set[str] = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route != "api/":
                found |= _web_routes(pattern.url_patterns, route)
        elif not NOT_PAGES.match(route):
            found.add(route)
    return found


def _api_operations() -> set[tuple[str, str]]:
    """Every (route, method) of the REST API, from its OpenAPI document."""
    paths = api.get_openapi_schema()["paths"]
    return {
        (re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/")), method.upper())
        for path, operations in paths.items()
        for method in operations
    }


def test_every_route_is_in_the_table() -> None:
    web = _web_routes(get_resolver().url_patterns)
    missing = web - {route for route, _method in TABLE}
    assert not missing, f"routes with no rule in TABLE: {sorted(missing)}"
    api_missing = _api_operations() - set(TABLE)
    assert not api_missing, f"API operations with no rule: {sorted(api_missing)}"


@dataclass
class World:
    """One record of each kind in the user's case and in another case."""

    records: dict[tuple[str, str], str]
    sha256: dict[str, str]
    note: str


@pytest.fixture
def world(investigator: User, tmp_path: Path, settings: Settings) -> World:
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    Case.objects.create(slug="other", name="Another organisation's case")
    records: dict[tuple[str, str], str] = {}
    sha256: dict[str, str] = {}
    for where, case in (("inside", "default"), ("outside", "other")):
        incident = make_incident(investigator, case=case)
        source = make_source(investigator, case=case, pseudonym=f"Witness {where}")
        statement = make_statement(investigator, source=source, incident=incident)
        person = _person(investigator, case)
        item = register_evidence_item(
            actor=investigator, kind="photo", title=f"Photo {where}", case=case
        )
        file = add_file(
            actor=investigator, item=item,
            path=picture(tmp_path / f"{where}.jpg"), acquired_how="captured",
            acquired_by="amina", acquired_at="2021-09-08",
        )  # fmt: skip
        records |= {
            (where, "incident"): incident.record,
            (where, "source"): source.record,
            (where, "statement"): statement.record,
            (where, "person"): person,
            (where, "evidence"): item.record,
            (where, "note"): make_note(investigator, case=case).record,
        }
        sha256[where] = file.sha256
        sought = make_request(investigator, case=case)
        folder = tmp_path / where
        folder.mkdir()
        detainees = detainee_list(investigator, folder, case=case)
        [candidate, *_] = find_candidates(actor=investigator, person_list=detainees)
        count = define_count(
            actor=investigator, title=f"Count {where}", case=case,
            lists=[detainees.record, "incident-victims"],
        )  # fmt: skip
        records |= {
            (where, "count"): count.record,
            (where, "request"): sought.record,
            (where, "list"): detainees.record,
            (where, "match"): candidate.record,
        }
    register_source(
        actor=investigator, kind="witness", pseudonym="Sealed one",
        real_name="Zarghuna", case="default",
    )  # fmt: skip
    return World(records, sha256, make_note(investigator).record)


def _person(actor: User, case: str) -> str:
    from sabt.records.services import record_person  # noqa: PLC0415

    return record_person(actor=actor, name="Mohammad Aref", case=case).record


def _path(route: str, rule: Rule, where: str, world: World) -> str:
    values = {
        "record": world.records.get((where, rule.record), world.note),
        "position": "0",
        "sha256": world.sha256[where],
        "key": "geonames:1429434",
        "extension": "csv",
        "token": "00000000-0000-4000-8000-000000000000",
    }

    def sample(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return "/" + _PARAMETER.sub(sample, route)


def _member(role: Role) -> User:
    user = User.objects.create_user(username=f"u-{role}", password="pw-" + role)
    if role == Role.ADMIN:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    else:
        Membership.objects.create(user=user, case_id="default", role=role)
    return user


def _expected(rule: Rule, role: Role, where: str) -> str:
    """What the table says the answer is: allowed, 403 or 404."""
    if rule.need in (PUBLIC, SIGNED_IN):
        return "allowed" if rule.found else "404"
    capabilities = CAPABILITIES[role]
    if rule.gate and rule.need not in capabilities:
        return "403"
    if rule.record and where == "outside" and role != Role.ADMIN:
        return "404"
    if rule.need not in capabilities:
        return "403"
    return "allowed" if rule.found else "404"


def _outcome(status: int, location: str) -> str:
    if status in (403, 404):
        return str(status)
    if status == 401 or (status == 302 and location.startswith("/login/")):
        return "login"
    return "allowed"


@pytest.mark.parametrize("role", list(Role))
def test_the_matrix(role: Role, world: World, client: Client) -> None:
    user = _member(role)
    log_in_verified(client, user)
    confirmed_device(user)
    token = issue_token(user=user, name="matrix")
    # Computing a count needs no fields: the empty POST really computes it.
    writes = LedgerEvent.objects.exclude(
        type__in=["audit.read", "count.computed", "count.estimated"]
    )
    events_before = writes.count()
    files_before = EvidenceFile.objects.count()
    wrong: list[str] = []
    for (route, method), rule in sorted(TABLE.items()):
        if route == "logout/":
            continue  # logging out ends the session the other rows use
        for where in ("inside", "outside") if rule.record else ("inside",):
            path = _path(route, rule, where, world)
            headers = {"authorization": f"Bearer {token}"}
            if route.startswith("api/"):
                body = dict(API_BODIES.get(route, {})) if method == "POST" else {}
                if "source" in body:
                    body["source"] = world.records[(where, "source")]
                response = client.generic(
                    method, path, json.dumps(body) if body else "",
                    content_type="application/json", headers=headers,
                )  # fmt: skip
            else:
                response = client.generic(method, path, "")
            got = _outcome(response.status_code, response.get("Location", ""))
            want = _expected(rule, role, where)
            if got != want:
                wrong.append(f"{method} {path} ({where}): {got}, table says {want}")
    assert not wrong, "\n".join(wrong)
    # Empty writes changed nothing; only audited reads were recorded.
    if role not in (
        Role.ADMIN,
        Role.TRACING_OFFICER,
    ):  # /demo/; matching  # the admin's POST /demo/ loads the demo case
        assert writes.count() == events_before
        assert EvidenceItem.objects.count() == 2
    assert EvidenceFile.objects.count() == files_before


def test_lists_show_only_the_users_cases(world: World, client: Client) -> None:
    user = _member(Role.VIEWER)
    log_in_verified(client, user)
    page = client.get("/incidents/").content.decode()
    token = issue_token(user=user, name="lists")
    api = client.get("/api/sources", headers={"authorization": f"Bearer {token}"})
    assert world.records[("inside", "incident")] in page
    assert world.records[("outside", "incident")] not in page
    names = {s["pseudonym"] for s in api.json()["items"]}
    assert "Witness inside" in names
    assert "Witness outside" not in names


def test_the_anonymous_visitor_is_sent_to_log_in(world: World, client: Client) -> None:
    for (route, method), rule in TABLE.items():
        if rule.need in (PUBLIC,) or route == "logout/":
            continue
        response = client.generic(method, _path(route, rule, "inside", world), "")
        got = _outcome(response.status_code, response.get("Location", ""))
        assert got == "login", f"{method} {route}: {got}"
