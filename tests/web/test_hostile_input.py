"""Hostile input to every form: a clean error or a clean save, nothing else.

Hypothesis fills each form's fields — read from the rendered page, so a
field added later is covered — with oversized text, control characters,
mixed and right-to-left scripts, HTML and SQL fragments, or a valid value.
Whatever comes in, the answer is never a 500; a refused form appends no
event (no partial write); and no page, before or after saving, carries the
input's markup unescaped (no script runs: the CSP forbids inline scripts
too, but escaping must hold on its own).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import Settings

from sabt.access.tokens import issue_token
from sabt.evidence.services import add_file, register_evidence_item
from sabt.ledger_store.models import LedgerEvent
from tests.access.two_factor_helpers import log_in_verified
from tests.evidence.test_add_file import picture
from tests.factories import make_incident, make_source

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE ledger_store_ledgerevent; --",
    "' OR 1=1 --",
    "%s%s%s %(x)s {0} ${x}",
    "\x00\x01\x07\x1b[31m",
    "line\r\nbreak\ttab",
    "\u202eevil\u202c \u200f\u200e\u200d",  # direction overrides and joiners
    "محمد عارف ولد گل احمد Mohammad Aref s/o Gul Ahmad",
    "ښځڅږټډړڼېۍ \U0001d54f 🙂 ﷽",
    "A" * 20_000,
    "",
    "   ",
    "2999-01-01",
    "-1",
    "99999999999999999999",
]
# Raw markup that must never come back unescaped.
RAW = ("<script>alert", "onerror=alert(1)>")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ACTION = re.compile(r'action="([^"]*)"')
NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
)


def form_fields(client: Client, page: str, action: str) -> list[str]:
    """The names of the fields of the form on ``page`` that posts to ``action``."""
    html = client.get(page).content.decode()
    for attributes, body in FORM.findall(html):
        target = ACTION.search(attributes)
        if (target.group(1) if target else page) == action:
            return sorted(set(NAME.findall(body)) - {"csrfmiddlewaretoken"})
    raise AssertionError(f"no form posting to {action} on {page}")


@pytest.fixture
def admin_client(
    client: Client, investigator: User, tmp_path: Path, settings: Settings
) -> Iterator[tuple[Client, dict[str, str]]]:
    """An admin (every page), and one record of each kind to post about."""
    settings.SABT_BLOB_DIR = tmp_path / "blobs"
    investigator.is_superuser = True
    investigator.save(update_fields=["is_superuser"])
    incident = make_incident(investigator)
    source = make_source(investigator)
    item = register_evidence_item(actor=investigator, kind="photo", title="Photo")
    file = add_file(
        actor=investigator, item=item, path=picture(tmp_path / "p.jpg"),
        acquired_how="captured", acquired_by="amina", acquired_at="2021-09-08",
    )  # fmt: skip
    log_in_verified(client, investigator)
    yield (
        client,
        {
            "i": incident.record,
            "s": source.record,
            "e": item.record,
            "sha": file.sha256,
        },
    )


# (where the form is shown, where it posts, valid values to mix in)
FORMS = [
    (
        "/incidents/new/",
        "/incidents/new/",
        {
            "title": "Shelling near Bazarak",
            "event_type": "explosions_remote_violence",
            "date_from": "2021-09-06",
            "date_precision": "day",
        },
    ),
    ("/people/new/", "/people/new/", {"name": "Mohammad Aref", "sex": "male"}),
    (
        "/sources/new/",
        "/sources/new/",
        {
            "kind": "witness",
            "pseudonym": "W-1",
            "reliability": "unknown",
        },
    ),
    (
        "/statements/new/",
        "/statements/new/",
        {
            "new_source_kind": "witness",
            "new_source_pseudonym": "W-2",
            "text": "They came at dawn.",
            "language": "en",
            "stance": "alleges",
        },
    ),
    ("/places/new/", "/places/new/", {}),
    ("/notes/", "/notes/", {"title": "A note", "text": "Text"}),
    ("/evidence/new/", "/evidence/new/", {"kind": "video", "title": "Video"}),
    ("/incidents/{i}/acts/new/", "/incidents/{i}/acts/new/", {"act_type": "killing"}),
    ("/incidents/{i}/", "/incidents/{i}/status/", {"status": "under_review"}),
    (
        "/evidence/{e}/",
        "/evidence/{e}/assessments/",
        {
            "kind": "source",
            "method": "m",
            "finding": "consistent",
            "confidence": "high",
            "analyst": "farid",
        },
    ),
    (
        "/evidence/{e}/",
        "/evidence/{e}/files/{sha}/transfer/",
        {
            "to": "court",
            "means": "drive",
            "reason": "asked",
        },
    ),
    (
        "/sources/{s}/",
        "/sources/{s}/consent/",
        {
            "name": "nobody",
            "account": "organisation",
            "obtained_how": "in_person",
            "obtained_on": "2021-09-20",
        },
    ),
    ("/tracing/requests/new/", "/tracing/requests/new/", {}),
    ("/manage/users/", "/manage/users/", {"role": "viewer", "case": "default"}),
    ("/manage/users/", "/manage/cases/new/", {}),
]


@pytest.mark.parametrize(("page", "action", "valid"), FORMS, ids=[f[1] for f in FORMS])
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_input_is_refused_or_saved_cleanly(
    admin_client: tuple[Client, dict[str, str]],
    page: str,
    action: str,
    valid: dict[str, str],
    data: st.DataObject,
) -> None:
    client, ids = admin_client
    page, action = page.format(**ids), action.format(**ids)
    names = form_fields(client, page, action)
    post = {
        name: data.draw(
            st.one_of(hostile_text, st.just(valid[name])) if name in valid
            else hostile_text,
            label=name,
        )
        for name in names
    }  # fmt: skip
    events = LedgerEvent.objects.count()

    response = client.post(action, post)

    assert response.status_code < 500
    body = response.content.decode(errors="replace")
    assert not any(raw in body for raw in RAW), "input echoed unescaped"
    if response.status_code in (302, 303):
        shown = client.get(response["Location"]).content.decode(errors="replace")
        assert not any(raw in shown for raw in RAW), "saved input shown unescaped"
    else:
        assert LedgerEvent.objects.count() == events, "a refused form wrote"


# Every write of the REST API, with the string fields hostile text may fill.
API_WRITES = [
    ("/api/incidents", {"title": "T", "event_type": "battles",
                        "date_from": "2021-09-06", "perpetrator": ""}),
    ("/api/incidents/{i}/status", {"status": "under_review", "reason": "r"}),
    ("/api/incidents/{i}/acts", {"act_type": "killing", "notes": ""}),
    ("/api/persons", {"name": "N", "father_name": "", "home_place_name": ""}),
    ("/api/sources", {"kind": "witness", "pseudonym": "P", "description": "",
                      "real_name": "", "contact": ""}),
    ("/api/statements", {"source": "{s}", "text": "T", "language": "en",
                         "stance": "alleges", "translation": ""}),
    ("/api/places", {"name": "N", "latitude": 35.3, "longitude": 69.5,
                     "location_note": "n", "district": ""}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "valid"), API_WRITES, ids=[w[0] for w in API_WRITES])
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_text_through_the_api_is_refused_or_saved_cleanly(
    admin_client: tuple[Client, dict[str, str]],
    investigator: User,
    path: str,
    valid: dict[str, object],
    data: st.DataObject,
) -> None:
    client, ids = admin_client
    # One token per example: hypothesis runs the body many times in one test.
    token = issue_token(user=investigator, name=f"hostile-{path}-{uuid.uuid4()}")
    body = {
        name: data.draw(
            st.one_of(hostile_text, st.just(value.format(**ids)))
            if isinstance(value, str) else st.just(value),
            label=name,
        )
        for name, value in valid.items()
    }  # fmt: skip
    events = LedgerEvent.objects.count()

    response = client.post(
        path.format(**ids), body, content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )  # fmt: skip

    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    if response.status_code >= 400:
        assert LedgerEvent.objects.count() == events, "a refused call wrote"
