"""sabt forms build: XLSForms from sabt's vocabularies, converted and validated."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import call_command
from openpyxl import load_workbook

from sabt.gazetteer.models import Place
from sabt.odk.forms.choices import place_choice_name
from sabt.odk.keys import public_key_text
from sabt.odk.xform import read_xform
from sabt.records.vocabularies import act_types, event_types, sub_event_types


def _build(out: Path, *args: str) -> str:
    stdout = io.StringIO()
    call_command(
        "forms",
        "build",
        "--out",
        str(out),
        "--form-version",
        "2026120301",
        *args,
        stdout=stdout,
    )
    return stdout.getvalue()


def _sheet(path: Path, name: str) -> list[dict[str, str]]:
    sheet = load_workbook(path)[name]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [
        {h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False)}
        for row in rows[1:]
    ]


@pytest.mark.django_db
def test_the_incident_form_passes_odk_validate(tmp_path: Path) -> None:
    output = _build(tmp_path, "--form", "incident_report")

    assert "sabt_incident_report 2026120301" in output
    form = read_xform((tmp_path / "incident_report.xml").read_bytes())
    assert form.form_id == "sabt_incident_report"
    assert form.version == "2026120301"
    assert form.repeats == {"acts"}
    assert form.binary_fields == {"photo"}


@pytest.mark.django_db
def test_its_choices_are_the_web_apps_vocabularies(tmp_path: Path) -> None:
    _build(tmp_path, "--form", "incident_report")

    choices = _sheet(tmp_path / "incident_report.xlsx", "choices")

    def names(list_name: str) -> list[str]:
        return [c["name"] for c in choices if c["list_name"] == list_name]

    assert names("event_type") == event_types().codes()
    assert names("sub_event_type") == sub_event_types().codes()
    assert names("act_type") == act_types().codes()
    places = [place_choice_name(p.key) for p in Place.objects.order_by("name", "key")]
    assert names("place") == [*places, "other"]
    killing = next(
        c for c in choices if c["list_name"] == "act_type" and c["name"] == "killing"
    )
    assert killing["label::Dari (prs)"] == act_types().get("killing").label_fa  # type: ignore[union-attr]


@pytest.mark.django_db
def test_every_question_is_labelled_in_english_and_dari(tmp_path: Path) -> None:
    _build(tmp_path, "--form", "incident_report")

    survey = _sheet(tmp_path / "incident_report.xlsx", "survey")
    asked = [
        q
        for q in survey
        if q["type"] not in {"start", "end", "deviceid", "end_group", "end_repeat"}
    ]
    assert asked
    for question in asked:
        assert question["label::English (en)"], question["name"]
        assert question["label::Dari (prs)"], question["name"]
    xform = (tmp_path / "incident_report.xml").read_text(encoding="utf-8")
    assert 'lang="Dari (prs)"' in xform
    assert "نوع رویداد (اکلید)" in xform


@pytest.mark.django_db
def test_without_an_odk_key_the_form_says_it_is_not_encrypted(tmp_path: Path) -> None:
    output = _build(tmp_path / "forms")

    assert "NOT encrypted" in output
    assert (
        read_xform((tmp_path / "forms" / "incident_report.xml").read_bytes()).public_key
        == ""
    )


@pytest.mark.django_db
def test_with_the_odk_key_forms_are_encrypted_to_it(
    tmp_path: Path, odk_key: rsa.RSAPrivateKey
) -> None:
    output = _build(tmp_path / "forms", "--form", "incident_report")

    assert "sabt_incident_report 2026120301 encrypted" in output
    form = read_xform((tmp_path / "forms" / "incident_report.xml").read_bytes())
    assert form.public_key == public_key_text(odk_key.public_key())


@pytest.mark.django_db
def test_the_testimony_tracing_and_list_forms_pass_odk_validate(tmp_path: Path) -> None:
    output = _build(
        tmp_path,
        "--form",
        "testimony",
        "--form",
        "tracing_request",
        "--form",
        "list_entry",
    )

    for form_id in ("sabt_testimony", "sabt_tracing_request", "sabt_list_entry"):
        assert f"{form_id} 2026120301" in output
    testimony = read_xform((tmp_path / "testimony.xml").read_bytes())
    assert testimony.binary_fields == {"photo", "audio", "video"}
    consent = [
        c["name"]
        for c in _sheet(tmp_path / "testimony.xlsx", "choices")
        if c["list_name"] == "consent_level"
    ]
    assert consent == ["nobody", "organisation", "un_courts", "public"]
    survey = _sheet(tmp_path / "tracing_request.xlsx", "survey")
    names = [q["name"] for q in survey]
    assert {"person_father", "person_grandfather", "taken_by", "place_other"} <= set(
        names
    )
