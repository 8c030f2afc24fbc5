"""An incident and a person edited at headquarters and on a kit offline.

Each page shows both versions side by side; a person who may document the
record picks, field by field, the value that holds (or types a new one), and
one signed event naming both heads settles it. A viewer sees the versions
but no form; a form with a field left unpicked, or sent after someone else
settled the record, is refused in one line and writes nothing.
"""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from nacl.signing import SigningKey

from sabt.access.models import Membership
from sabt.ledger import sign_event
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.recording import ingest_event
from sabt.records.models import Incident, Person
from sabt.records.services import change_status, resolve_conflict
from tests.field.two_heads import (
    HQ_TITLE,
    KIT_PERPETRATOR,
    KIT_TITLE,
    incident_in_conflict,
    person_in_conflict,
)

pytestmark = pytest.mark.django_db


def _panel(html: str) -> str:
    start = html.index('data-testid="conflict"')
    return html[start : html.index("</section>", start)]


def _row(panel: str, label: str) -> str:
    start = panel.index(f'<tr class="differs"><th>{label}</th>')
    return panel[start : panel.index("</tr>", start)]


def _ledger_checks_out() -> None:
    verified, rebuilt = io.StringIO(), io.StringIO()
    call_command("verify", stdout=verified)
    assert verified.getvalue().startswith("ledger intact")
    call_command("rebuild", "--check", stdout=rebuilt)
    assert rebuilt.getvalue().startswith("projections match the ledger")


def _settling(record: str) -> LedgerEvent:
    [head] = (
        Incident.objects.filter(pk=record).first() or Person.objects.get(pk=record)
    ).heads
    return LedgerEvent.objects.get(event_id=head)


@pytest.fixture
def viewer(db: None) -> User:
    user = User.objects.create_user(username="viewer", password="pw")
    Membership.objects.create(user=user, case_id="default", role="viewer")
    return user


def test_an_incident_is_settled_field_by_field(
    client: Client,
    investigator: User,
    viewer: User,
    node_key: SigningKey,
    enrolled_device_key: SigningKey,
) -> None:
    heads = incident_in_conflict(investigator, node_key, enrolled_device_key)
    page = reverse("web:incident-detail", kwargs={"record": heads.record})
    settle = reverse("web:incident-versions", kwargs={"record": heads.record})

    client.force_login(viewer)
    panel = _panel(client.get(page).content.decode())
    assert HQ_TITLE in _row(panel, "Title") and KIT_TITLE in _row(panel, "Title")
    assert 'name="pick-title"' not in panel

    client.force_login(investigator)
    shown = client.get(page).content.decode()
    assert "edited in two places at once" in shown
    panel = _panel(shown)
    assert "kit-1" in panel and "investigator" in panel
    title = _row(panel, "Title")
    assert title.index(HQ_TITLE) < title.index(KIT_TITLE)  # side by side, in order
    assert "<bdi>2</bdi>" in _row(panel, "Killed")
    assert "<bdi>1</bdi>" in _row(panel, "Killed")
    assert KIT_PERPETRATOR in _row(panel, "Alleged perpetrator")
    assert 'name="pick-title" value="new"' in title
    assert "checked" not in panel  # no version is chosen for the person
    events = LedgerEvent.objects.count()

    form = {
        "heads": f"{heads.here} {heads.kit}",
        "pick-title": "new",
        "text-title": "Night raid on Bazarak village",
        "pick-killed": "0",
    }
    refused = client.post(settle, form)
    assert refused.status_code == 400
    assert (
        "Choose which version holds, or type a new value. (Alleged perpetrator)"
        in refused.content.decode()
    )
    stale = client.post(settle, {**form, "heads": heads.here, "pick-perpetrator": "1"})
    assert stale.status_code == 400
    assert "Someone changed or settled this record meanwhile" in stale.content.decode()
    assert LedgerEvent.objects.count() == events

    settled = client.post(settle, {**form, "pick-perpetrator": "1"})
    assert settled.status_code == 302
    assert LedgerEvent.objects.count() == events + 1
    last = _settling(heads.record)
    assert last.type == "incident.conflict_resolved"
    assert sorted(last.parents.split()) == sorted([heads.here, heads.kit])
    incident = Incident.objects.get(pk=heads.record)
    assert (incident.title, incident.killed_min, incident.killed_max) == (
        "Night raid on Bazarak village",
        2,
        2,
    )
    assert incident.perpetrator == KIT_PERPETRATOR
    assert [p.name_as_given for p in incident.places.all()] == ["Bazarak"]
    values = json.loads(last.payload)["body"]["values"]
    assert values["title"] == "Night raid on Bazarak village"

    shown = client.get(page).content.decode()
    assert 'data-testid="conflict"' not in shown
    assert "edited in two places at once" not in shown
    assert "versions settled" in shown
    settles = shown[shown.index('data-testid="settles"') :]
    settles = settles[: settles.index("</small>")]
    assert "investigator" in settles and "kit-1" in settles
    # The same form again: the record has one version now.
    again = client.post(settle, {**form, "pick-perpetrator": "1"})
    assert again.status_code == 400
    assert "nothing to settle" in again.content.decode()
    assert LedgerEvent.objects.count() == events + 1
    _ledger_checks_out()


def test_a_person_is_settled_on_the_kits_status(
    client: Client,
    investigator: User,
    enrolled_device_key: SigningKey,
) -> None:
    heads = person_in_conflict(investigator, enrolled_device_key)
    page = reverse("web:person-detail", kwargs={"record": heads.record})
    client.force_login(investigator)
    shown = client.get(page).content.decode()
    assert "edited in two places at once" in shown
    status = _row(_panel(shown), "Status")
    assert status.index("missing") < status.index("detained")  # labels, in order
    assert 'value="new"' not in status  # a status is picked, never typed

    settle = reverse("web:person-versions", kwargs={"record": heads.record})
    form = {"heads": f"{heads.kit} {heads.here}", "pick-status": "1"}
    assert client.post(settle, form).status_code == 302
    last = _settling(heads.record)
    assert last.type == "person.conflict_resolved"
    assert sorted(last.parents.split()) == sorted([heads.here, heads.kit])
    assert Person.objects.get(pk=heads.record).status == "detained"
    shown = client.get(page).content.decode()
    assert 'data-testid="conflict"' not in shown
    assert 'data-testid="settles"' in shown
    _ledger_checks_out()


def test_a_status_in_dispute_is_settled_only_by_a_verifier(
    client: Client,
    investigator: User,
    node_key: SigningKey,
    enrolled_device_key: SigningKey,
) -> None:
    heads = incident_in_conflict(investigator, node_key, enrolled_device_key)
    # On the kit's side, the incident is also put under review.
    review = sign_event(
        enrolled_device_key,
        type="incident.status_changed",
        record=heads.record,
        parents=[heads.kit],
        body={"actor": "kit-1", "from": "reported", "to": "under_review",
              "reason": "A second witness"},
    )  # fmt: skip
    assert ingest_event(review)
    here = sorted([heads.here, review.id])
    documenter = User.objects.create_user(username="documenter", password="pw")
    Membership.objects.create(
        user=documenter, case_id="default", role="field_documenter"
    )
    client.force_login(documenter)
    page = client.get(reverse("web:incident-detail", kwargs={"record": heads.record}))
    assert 'name="pick-status"' in page.content.decode()
    events = LedgerEvent.objects.count()
    form = {"heads": " ".join(here), "pick-status": "1", "pick-title": "0"}
    form |= {"pick-killed": "0", "pick-perpetrator": "1"}
    settle = reverse("web:incident-versions", kwargs={"record": heads.record})
    refused = client.post(settle, form)
    assert refused.status_code == 400
    assert "only a verifier may settle them" in refused.content.decode()
    assert LedgerEvent.objects.count() == events
    client.force_login(investigator)
    assert client.post(settle, form).status_code == 302
    assert Incident.objects.get(pk=heads.record).status == "under_review"


def test_no_other_change_lands_on_a_record_in_two_versions(
    investigator: User, node_key: SigningKey, enrolled_device_key: SigningKey
) -> None:
    heads = incident_in_conflict(investigator, node_key, enrolled_device_key)
    incident = Incident.objects.get(pk=heads.record)
    events = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        change_status(
            actor=investigator, incident=incident, status="under_review", reason="x"
        )
    assert "settle its versions on its page first" in str(refused.value)
    assert LedgerEvent.objects.count() == events

    resolve_conflict(
        actor=investigator,
        record=incident,
        seen_heads=[heads.here, heads.kit],
        choices={"title": HQ_TITLE, "killed": [2, 2], "perpetrator": KIT_PERPETRATOR},
    )
    changed = change_status(
        actor=investigator,
        incident=Incident.objects.get(pk=heads.record),
        status="under_review",
        reason="A second witness",
    )
    assert changed.status == "under_review"
    _ledger_checks_out()
