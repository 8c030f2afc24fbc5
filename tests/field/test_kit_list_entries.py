"""A register copied on a kit, entry by entry: one list at headquarters.

Two kit entries naming one register (spaced and cased differently) join
one list of two, which tracing matches against a family's request; the
same bundle imported again adds nothing, and the tables rebuild from the
ledger as they are. A Solar Hijri date typed on a Dari kit page arrives
as its Gregorian day.
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from pytest_django import Settings

from sabt.core.cases import Case
from sabt.ledger_store.models import LedgerEvent
from sabt.tracing.models import PersonList
from sabt.tracing.services.requests import open_request
from sabt.tracing.services.review import find_candidates
from tests.field.kits import enrolled_kit, export

pytestmark = pytest.mark.django_db

REGISTER = "Bazarak mosque, burials, Sept. 2021"


def _import(bundle: Path, acks: Path) -> None:
    call_command("import", str(bundle), "--by", "registrar", "--ack-to", str(acks))


def test_two_kit_entries_of_one_register_join_one_list_once(
    tmp_path: Path, settings: Settings, investigator: User
) -> None:
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    Case.objects.create(slug="panjshir", name="Panjshir 2021")
    kit = enrolled_kit(tmp_path, "kit-dara", "panjshir")
    out = kit.run(
        f"""
        import json
        from django.conf import settings
        from django.test import Client
        from sabt.field import capture
        from sabt.field.models import SealedEntry
        print(capture.record_list_entry(
            list_name={REGISTER!r}, list_kind="burials", date="2021-09-12",
            cells={{"given_name": "Mohammad Aref", "father_name": "Gul Ahmad",
                    "sex": "male", "age": "~30", "village": "Dashtak"}},
            notes="Row 7 of the mosque's book.",
        ))
        # The second through the Dari page, its date typed in Solar Hijri.
        # The page's static files as they are, not collected (as conftest does).
        plain = {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        settings.STORAGES = {{**settings.STORAGES, "staticfiles": plain}}
        client = Client(HTTP_ACCEPT_LANGUAGE="fa", HTTP_HOST="127.0.0.1")
        form = client.get("/record/list-entry/").content.decode()
        answer = client.post("/record/list-entry/", {{
            "list_kind": "burials",
            "list_name": " bazarak MOSQUE,  burials, Sept. 2021",
            "given_name": "Ahmad Zia", "sex": "male", "date": "۱۴۰۰/۶/۱۹",
        }})
        print(json.dumps({{"solar": 'placeholder="1400-06-19"' in form,
                           "status": answer.status_code,
                           "to": answer.headers.get("Location", "")}}))
        print(SealedEntry.objects.order_by("-seq").first().record)
        # An age no list could hold: refused beside its box, nothing kept.
        refused = client.post("/record/list-entry/", {{
            "list_kind": "burials", "list_name": "Bazarak", "given_name": "Karim",
            "age": "old",
        }})
        print(json.dumps({{"status": refused.status_code,
                           "shown": "is not an age" in refused.content.decode(),
                           "kept": SealedEntry.objects.count()}}))
        """
    )
    first, typed, second, bad = out.split("\n")[-5:-1]
    assert json.loads(typed) == {"solar": True, "status": 302, "to": "/?saved=1"}
    assert json.loads(bad) == {"status": 200, "shown": True, "kept": 2}
    request = open_request(
        actor=investigator,
        given_name="Mohammad Aref",
        father_name="Gul Ahmad",
        enquirer_name="Gul Bibi",
        sex="male",
        case="panjshir",
    )
    bundle = export(kit, tmp_path / "usb")
    _import(bundle, tmp_path / "acks")

    (register,) = PersonList.objects.filter(case="panjshir")
    assert (register.name, register.kind) == (REGISTER, "burials")
    entries = {e.row_id: e for e in register.entries.all()}
    assert set(entries) == {first, second}
    aref = entries[first]
    assert (aref.given_name, aref.father_name, aref.village) == (
        "Mohammad Aref",
        "Gul Ahmad",
        "Dashtak",
    )
    assert aref.last_seen_date == datetime.date(2021, 9, 12)
    # 19 Sonbola 1400, typed on the Dari page.
    assert entries[second].last_seen_date == datetime.date(2021, 9, 10)
    (candidate,) = find_candidates(actor=investigator, person_list=register)
    assert (candidate.request, candidate.entry) == (request, aref)

    events = LedgerEvent.objects.count()
    _import(bundle, tmp_path / "acks")
    _import(export(kit, tmp_path / "again", "--all"), tmp_path / "acks")
    assert LedgerEvent.objects.count() == events
    assert register.entries.count() == 2
    call_command("rebuild", "--check")
    verified = io.StringIO()
    call_command("verify", stdout=verified)
    assert verified.getvalue().startswith("ledger intact: ")
