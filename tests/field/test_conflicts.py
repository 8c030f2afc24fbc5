"""A source changed at headquarters and on a kit offline: both versions kept.

The page shows them side by side; recording the consent that holds names
both heads and settles it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from nacl.signing import SigningKey

from sabt.ledger import sign_event
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.recording import ingest_event
from sabt.records import services
from sabt.records.models import Source

pytestmark = pytest.mark.django_db


def _consent(
    key: SigningKey, source: Source, parent: str, actor: str, account: str
) -> str:
    event = sign_event(
        key,
        type="source.consent_recorded",
        record=source.record,
        parents=[parent],
        body={
            "actor": actor,
            "case": source.case,
            "name": "nobody",
            "account": account,
            "obtained_how": "in_person",
            "obtained_on": "2021-09-13",
            "notes": "",
        },
    )
    assert ingest_event(event)
    return event.id


def test_both_versions_show_and_recording_one_settles_them(
    client: Client,
    investigator: User,
    node_key: SigningKey,
    enrolled_device_key: SigningKey,
) -> None:
    source = services.register_source(
        actor=investigator, kind="witness", pseudonym="W-3"
    )
    root = source.heads[0]
    here = _consent(node_key, source, root, "investigator", "un_courts")
    kit = _consent(enrolled_device_key, source, root, "kit-1", "public")
    source.refresh_from_db()
    assert sorted(source.heads) == sorted([here, kit])

    client.force_login(investigator)
    page = reverse("web:source-detail", kwargs={"record": source.record})
    shown = client.get(page).content.decode()
    panel = shown[shown.index('data-testid="conflict"') :]
    panel = panel[: panel.index("</section>")]
    assert "Edited in two places at once" in panel
    assert "kit-1" in panel and "investigator" in panel
    assert '<tr class="differs"><th>account</th>' in panel
    assert "UN mechanisms and courts" in panel and "the public" in panel

    settled = client.post(
        reverse("web:source-consent", kwargs={"record": source.record}),
        {
            "name": "nobody",
            "account": "un_courts",
            "obtained_how": "in_person",
            "obtained_on": "2021-09-20",
        },
    )
    assert settled.status_code == 302
    source.refresh_from_db()
    assert len(source.heads) == 1
    last = LedgerEvent.objects.get(event_id=source.heads[0])
    assert sorted(last.parents.split()) == sorted([here, kit])
    assert 'data-testid="conflict"' not in client.get(page).content.decode()
