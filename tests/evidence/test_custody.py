"""A file's chain of custody: acquisition, access, transfer, derivatives."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from PIL import Image

from sabt.evidence.models import CustodyEntry, EvidenceFile, EvidenceItem
from sabt.evidence.services import add_file, register_evidence_item
from sabt.evidence.services.custody import (
    add_derivative,
    chain_of,
    record_access,
    record_transfer,
)
from sabt.ledger_store.models import LedgerEvent
from sabt.ledger_store.rebuild import rebuild_projections, verify_ledger
from tests.evidence.test_add_file import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(investigator: User, tmp_path: Path) -> EvidenceFile:
    item = register_evidence_item(
        actor=investigator, kind="photo", title="Bazarak, house after the strike"
    )
    return add_file(
        actor=investigator, item=item, path=picture(tmp_path / "IMG_0042.jpg"),
        acquired_how="captured", acquired_by="amina",
        acquired_at="2021-09-08T07:30:00+04:30", blob_root=tmp_path / "blobs",
    )  # fmt: skip


def blurred(original: Path, target: Path) -> Path:
    with Image.open(original) as image:
        image.crop((0, 0, 160, 120)).save(target, "JPEG", quality=80)
    return target


def test_the_chain_starts_with_acquisition(photo: EvidenceFile) -> None:
    [acquired] = chain_of(photo)
    assert acquired.action == "acquired"
    assert acquired.sha256 == photo.sha256
    assert acquired.details == {"how": "captured", "by": "amina"}


def test_each_access_and_transfer_is_an_event_naming_the_files_hash(
    photo: EvidenceFile, investigator: User, colleague: User
) -> None:
    record_access(actor=colleague, file=photo, purpose="geolocating the rooftop")
    record_transfer(
        actor=investigator, file=photo, to="UN fact-finding mission",
        means="encrypted drive, by hand", reason="requested for the inquiry",
    )  # fmt: skip

    chain = chain_of(photo)
    assert [(e.action, e.actor) for e in chain] == [
        ("acquired", "investigator"),
        ("accessed", "colleague"),
        ("transferred", "investigator"),
    ]
    assert chain[2].details["to"] == "UN fact-finding mission"
    events = LedgerEvent.objects.filter(type="evidence.custody").order_by("log_index")
    assert [e.payload.count(photo.sha256) for e in events] == [1, 1]


def test_a_derivative_is_a_new_file_in_the_originals_chain(
    photo: EvidenceFile, investigator: User, tmp_path: Path
) -> None:
    original = Path(tmp_path / "blobs").rglob(photo.sha256).__next__()
    redacted = add_derivative(
        actor=investigator, original=photo,
        path=blurred(original, tmp_path / "redacted.jpg"), derivation="redacted",
        description="faces of the children cropped out", blob_root=tmp_path / "blobs",
    )  # fmt: skip

    assert redacted.sha256 != photo.sha256
    assert redacted.derived_from == photo.sha256
    assert redacted.derivation == "redacted"
    assert redacted.metadata["width"] == 160
    assert [e.action for e in chain_of(photo)] == ["acquired", "derived"]
    assert chain_of(photo)[1].details["derivative"] == redacted.sha256
    # The derivative's own chain begins with its making.
    assert [e.action for e in chain_of(redacted)] == ["derived"]
    assert EvidenceFile.objects.get(sha256=photo.sha256).derived_from == ""


def test_bad_custody_input_is_refused_and_nothing_is_recorded(
    photo: EvidenceFile, investigator: User, tmp_path: Path
) -> None:
    before = LedgerEvent.objects.count()
    with pytest.raises(ValidationError) as no_purpose:
        record_access(actor=investigator, file=photo, purpose="  ")
    with pytest.raises(ValidationError) as bad_transfer:
        record_transfer(actor=investigator, file=photo, to="", means="", reason="")
    with pytest.raises(ValidationError) as bad_derivative:
        add_derivative(
            actor=investigator, original=photo, path=tmp_path / "absent.jpg",
            derivation="improved", description="", blob_root=tmp_path / "blobs",
        )  # fmt: skip

    assert set(no_purpose.value.message_dict) == {"purpose"}
    assert set(bad_transfer.value.message_dict) == {"to", "means", "reason"}
    assert bad_derivative.value.message_dict["derivation"] == [
        "Unknown kind of derivative: improved."
    ]
    assert set(bad_derivative.value.message_dict) == {
        "derivation",
        "description",
        "file",
    }
    assert LedgerEvent.objects.count() == before


def test_the_original_cannot_be_its_own_derivative(
    photo: EvidenceFile, investigator: User, tmp_path: Path
) -> None:
    original = next(Path(tmp_path / "blobs").rglob(photo.sha256))
    with pytest.raises(ValidationError) as refused:
        add_derivative(
            actor=investigator, original=photo, path=original,
            derivation="transcoded", description="none", blob_root=tmp_path / "blobs",
        )  # fmt: skip
    assert refused.value.message_dict["file"] == ["This file is the original itself."]


def test_rebuild_gives_back_the_same_chain(
    photo: EvidenceFile, investigator: User
) -> None:
    record_access(actor=investigator, file=photo, purpose="review")
    before = list(CustodyEntry.objects.order_by("pk").values())
    files = list(EvidenceFile.objects.order_by("pk").values())
    rebuild_projections()
    assert list(CustodyEntry.objects.order_by("pk").values()) == before
    assert list(EvidenceFile.objects.order_by("pk").values()) == files
    assert verify_ledger() == []
    assert EvidenceItem.objects.get().heads == [
        LedgerEvent.objects.order_by("-log_index").first().event_id  # type: ignore[union-attr]
    ]
