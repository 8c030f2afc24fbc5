"""Three kits' bundles merged at headquarters in any order, each twice.

The kits and their bundles are made once for the module: kit A's second
bundle overlaps its first; kit B's second builds on its first (acknowledged
on the kit), so it waits at headquarters until the first arrives; kit C's
bundle comes in parts, each carried with a copy of the manifest, and holds
the same photo as kit A. Headquarters edits kit A's source while kit A
changes it too: two heads, a conflict the import lists. Whatever the order,
the projections are the same, every event is there once, and the ledger
verifies.
"""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from sabt.core.cases import Case
from sabt.evidence.blobs import BlobStore
from sabt.evidence.models import EvidenceFile
from sabt.field.bundle import ACK_FORMAT
from sabt.field.importing import import_bundles
from sabt.field.kit import KIT_FORMAT
from sabt.field.projector import IMPORTED
from sabt.field.signed import document_bytes, sign_document
from sabt.ledger import key_from_seed, sign_event
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.projection import projection_models
from sabt.ledger_store.recording import ingest_event
from sabt.ledger_store.trusted_keys import trust_key
from sabt.records.models import Source, Statement
from tests.conftest import NODE_SEED
from tests.field.kits import Kit, export, record_sample

pytestmark = pytest.mark.django_db
CASE = "panjshir"


@dataclass(frozen=True)
class Fleet:
    """The kits, their bundles as deliveries, and what headquarters must end with."""

    kits: dict[str, str]  # name -> public key
    deliveries: dict[str, list[Path]]
    event_ids: frozenset[str]
    source_a: str
    head_a: str  # the head of kit A's source when kit A first exported
    needs_b1: str  # kit B's second bundle, which builds on its first


def _new_kit(root: Path, name: str, org_public: str) -> Kit:
    """A kit enrolled by a kit file the test node signs, as ``field enrol`` does."""
    kit = Kit(root / name, name)
    request = root / f"{name}.request.json"
    assert kit.sabt("field", "request", name, "--out", str(request)).returncode == 0
    fields = {
        "name": name,
        "kit": json.loads(request.read_text())["kit"],
        "case": CASE,
        "org_public_key": org_public,
        "enrolled_by": "0" * 64,
    }
    kit_file = root / f"{name}.kit.json"
    node = key_from_seed(NODE_SEED)
    kit_file.write_bytes(
        document_bytes(sign_document(node, KIT_FORMAT, fields, signer="hq"))
    )
    assert kit.sabt("field", "init", str(kit_file)).returncode == 0
    return kit


def _kit_key(kit: Kit) -> str:
    key = json.loads((kit.home / "field" / "kit.json").read_text())["kit"]
    assert isinstance(key, str)
    return key


def _ack(kit: Kit, bundle: Path, to: Path) -> None:
    """Headquarters' acknowledgement of ``bundle``, signed by the test node."""
    manifest = json.loads(next(bundle.glob("*.manifest.json")).read_text())
    ack = sign_document(
        key_from_seed(NODE_SEED),
        ACK_FORMAT,
        {
            "bundle": manifest["bundle"],
            "kit": manifest["kit"],
            "through_seq": manifest["seq_to"],
            "events": manifest["events"],
            "at": "2021-09-20T10:00:00Z",
        },
        signer="hq",
    )
    to.write_bytes(document_bytes(ack))
    assert kit.sabt("field", "ack", str(to)).returncode == 0


def _work_and_export(
    kit: Kit, source: str, account: str, before: Path | None, after: Path | None
) -> str:
    """In one run of the kit: export what is pending to ``before`` (in 64 KiB
    parts), change the source's consent and add a statement, export what is
    pending to ``after``. Returns the kit's event ids, JSON.
    """
    first = [str(before)] if before else []
    second = [str(after)] if after else []
    return kit.run(
        f"""
        import json
        from pathlib import Path
        from sabt.field import capture
        from sabt.field.export import export_bundle
        from sabt.field.models import SealedEntry
        for folder in {first!r}:
            export_bundle(Path(folder), max_part_size=65536, everything=False)
        capture.record_consent(
            source={source!r}, name="nobody", account={account!r},
            obtained_how="in_person", obtained_on="2021-09-14",
        )
        capture.record_statement(
            source={source!r}, text="They searched every house.", language="en",
            stance="alleges",
        )
        for folder in {second!r}:
            export_bundle(Path(folder), max_part_size=65536, everything=False)
        print(json.dumps([e.event_id for e in SealedEntry.objects.order_by("seq")]))
        """
    )


def _split(bundle: Path, tag: str) -> dict[str, list[Path]]:
    """Each part of a bundle as a delivery of its own, with the manifest."""
    manifest = next(bundle.glob("*.manifest.json"))
    parts = sorted(bundle.glob("*.zip"))
    return {f"{tag}/{i}": [manifest, part] for i, part in enumerate(parts, start=1)}


@pytest.fixture(scope="module")
def fleet(
    tmp_path_factory: pytest.TempPathFactory, _org_key_files: tuple[Path, Path]
) -> Fleet:
    root = tmp_path_factory.mktemp("fleet")
    org_public = _org_key_files[1].read_text().strip()
    card = root / "card"
    kits = {name: _new_kit(root, name, org_public) for name in ("a", "b", "c")}
    a, b, c = kits["a"], kits["b"], kits["c"]

    ids_a = record_sample(a, card)
    a1, a2 = root / "a1", root / "a2"
    # a2 is not acknowledged: it carries a1's events again.
    events_a = json.loads(_work_and_export(a, ids_a["source"], "public", a1, a2))
    head_a = events_a[2]  # the consent: the source's head when a1 left

    ids_b = record_sample(b, card)
    b1 = export(b, root / "b1", "--max-part-size", "64KiB")
    _ack(b, b1, root / "b1.ack.json")
    b2 = root / "b2"  # only the new work, on b1's records
    events_b = json.loads(
        _work_and_export(b, ids_b["source"], "organisation", None, b2)
    )

    ids_c = record_sample(c, card)  # the same photo as kit A's
    c1 = root / "c1"
    events_c = json.loads(_work_and_export(c, ids_c["source"], "public", c1, None))[:6]
    assert len(list(c1.glob("*.zip"))) >= 2 and len(list(b1.glob("*.zip"))) >= 2

    deliveries = {"a1": [a1], "a2": [a2], "b2": [b2]}
    deliveries |= _split(b1, "b1") | _split(c1, "c1")
    event_ids = frozenset(events_a + events_b + events_c)
    assert len(event_ids) == 8 + 8 + 6
    needs_b1 = json.loads(next(b2.glob("*.manifest.json")).read_text())["bundle"]
    return Fleet(
        kits={kit.name: _kit_key(kit) for kit in kits.values()},
        deliveries=deliveries,
        event_ids=event_ids,
        source_a=ids_a["source"],
        head_a=head_a,
        needs_b1=needs_b1,
    )


@pytest.fixture
def hq() -> None:
    Case.objects.create(slug=CASE, name="Panjshir 2021")


def _hq_edit(node_key: SigningKey, fleet: Fleet) -> None:
    """Headquarters changes kit A's source, having seen only kit A's first bundle."""
    event = sign_event(
        node_key,
        type="source.consent_recorded",
        record=fleet.source_a,
        parents=[fleet.head_a],
        body={
            "actor": "registrar",
            "case": CASE,
            "name": "organisation",
            "account": "un_courts",
            "obtained_how": "in_person",
            "obtained_on": "2021-09-13",
            "notes": "asked again at the office",
        },
        at="2021-09-15T09:00:00Z",  # the same event, so the same heads, each time
    )
    assert ingest_event(event)


def _snapshot(conflicted: str) -> str:
    """Every projection row but the imports' own (who imported when).

    A record in conflict shows the version applied last until a person
    settles it, so its row is compared by its heads alone; the full-text
    index's row numbers follow arrival and are left out.
    """
    parts = []
    for model in projection_models():
        if model._meta.app_label == "field":
            continue
        rows = model._default_manager.order_by("pk")
        if model is Source:
            parts.append(json.dumps(Source.objects.get(pk=conflicted).heads))
            rows = rows.exclude(pk=conflicted)
        dumped = json.loads(serializers.serialize("json", rows))
        for row in dumped:
            # The full-text index numbers rows in the order they arrived.
            row["fields"].pop("search_id", None)
        parts.append(json.dumps(dumped, sort_keys=True))
    return "\n".join(parts)


def _merge(
    fleet: Fleet, order: list[str], node_key: SigningKey, home: Path
) -> tuple[str, set[str]]:
    """Import the deliveries in ``order``; return the snapshot and conflicts listed."""
    for name, key in fleet.kits.items():
        trust_key(key=key, name=name, role="field_kit", case=CASE)
    conflicts: set[str] = set()
    edited = False
    for name in order:
        done, held = import_bundles(
            fleet.deliveries[name], by="registrar", ack_dir=home / "acks"
        )
        conflicts |= {c for imported in done for c in imported.conflicts}
        waiting = [h.missing_parents for h in held if h.bundle == fleet.needs_b1]
        # Kit B's later bundle waits for the one event of its first it builds on.
        assert waiting in ([], [1])
        if not edited and LedgerEvent.objects.filter(event_id=fleet.head_a).exists():
            _hq_edit(node_key, fleet)
            edited = True
    assert edited
    return _snapshot(fleet.source_a), conflicts


_FIRST: dict[str, str] = {}


@settings(
    max_examples=5,
    deadline=None,
    # Each example imports fourteen times: shrinking a failure would take long.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_order_twice_gives_the_same_projections(
    fleet: Fleet, hq: None, node_key: SigningKey, data: st.DataObject
) -> None:
    names = sorted(fleet.deliveries)
    order = data.draw(st.permutations(names + names))
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        home = Path(folder)
        with override_settings(SABT_HOME=home, SABT_BLOB_DIR=home / "blobs"):
            snapshot, conflicts = _merge(fleet, order, node_key, home)
            # Nothing lost, nothing twice: each kit event once, plus the edit.
            kit_events = LedgerEvent.objects.exclude(type__in=[IMPORTED, "key.trusted"])
            ids = list(kit_events.values_list("event_id", flat=True))
            assert len(ids) == len(set(ids)) == len(fleet.event_ids) + 1
            assert fleet.event_ids <= set(ids)
            assert Statement.objects.count() == 3 + 2
            # One photo recorded on two kits: two items, one blob.
            assert EvidenceFile.objects.count() == 3
            assert len({f.sha256 for f in EvidenceFile.objects.all()}) == 1
            photo = EvidenceFile.objects.first()
            assert photo is not None
            blobs = [p for p in (home / "blobs").rglob("*") if p.is_file()]
            assert blobs == [BlobStore(home / "blobs").path_of(photo.sha256)]
            # The conflict stays, with both versions; nothing else conflicts.
            assert len(Source.objects.get(pk=fleet.source_a).heads) == 2
            assert conflicts <= {fleet.source_a}
            assert not list((home / "field" / "inbox").glob("*/*"))
            out = io.StringIO()
            call_command("verify", stdout=out)
            assert out.getvalue().startswith("ledger intact:")
            check = io.StringIO()
            call_command("rebuild", "--check", stdout=check)
            assert check.getvalue().startswith("projections match the ledger")
        first = _FIRST.setdefault("snapshot", snapshot)
        assert snapshot == first
        transaction.set_rollback(True)
