"""The kit's evidence form takes the day a file was acquired in either calendar."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sabt.web.field.forms import KitEvidenceForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("۱۴۰۰/۶/۱۹", "2021-09-10"),
        ("1400-06-19", "2021-09-10"),
        ("2021-09-10", "2021-09-10"),
        ("2021-09-11T08:00:00+04:30", "2021-09-11T08:00:00+04:30"),
    ],
)
def test_the_day_a_file_was_acquired_may_be_typed_in_solar_hijri(
    typed: str, kept: str
) -> None:
    form = KitEvidenceForm(
        data={
            "kind": "photo",
            "title": "Photo of the house",
            "acquired_how": "captured",
            "acquired_at": typed,
        },
        files={"file": SimpleUploadedFile("IMG_0042.jpg", b"\xff\xd8\xff")},
    )
    assert form.is_valid(), form.errors
    assert form.arguments()["acquired_at"] == kept
