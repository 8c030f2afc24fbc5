"""Plain submission folders and ODK Central's CSV-zip export, read alike."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from sabt.odk.central import read_export
from sabt.odk.errors import OdkError
from sabt.odk.folders import read_folder, read_folders
from sabt.odk.submission import Submission, parse_submission
from sabt.odk.xform import read_xform
from tests.odk.vectors import BRIEFCASE, CENTRAL, expected_rows, plain_folder


def _only(results: list[Submission | OdkError]) -> Submission:
    (result,) = results
    assert isinstance(result, Submission), result
    return result


def test_every_data_type_reads_as_briefcase_exports_it(tmp_path: Path) -> None:
    submission = read_folder(plain_folder(tmp_path, "all-data-types"))

    (row,) = expected_rows("all-data-types.csv.expected")
    values = submission.data.values
    assert values["some_string"] == row["some_string"] == "Hola"
    assert values["some_geotrace"] == row["some_geotrace"]
    assert values["some_geoshape"] == row["some_geoshape"]
    assert values["some_barcode"] == row["some_barcode"]
    latitude, longitude, altitude, accuracy = values["some_geopoint"].split()
    assert (latitude, longitude, altitude, accuracy) == (
        row["some_geopoint-Latitude"],
        row["some_geopoint-Longitude"],
        row["some_geopoint-Altitude"],
        row["some_geopoint-Accuracy"],
    )
    assert submission.instance_id == row["KEY"]


def test_nested_repeats_keep_their_nesting(tmp_path: Path) -> None:
    form = read_xform((BRIEFCASE / "nested-repeats.xml").read_bytes())
    assert form.repeats == {"g1", "g1/g2", "g1/g2/g3"}

    submission = read_folder(
        plain_folder(tmp_path, "nested-repeats"), repeats=form.repeats
    )

    g1 = submission.data.repeats["g1"]
    assert [g.values["t1"] for g in g1] == [
        r["t1"] for r in expected_rows("nested-repeats-g1.csv.expected")
    ]
    assert [g2.values["t2"] for g in g1 for g2 in g.repeats["g2"]] == [
        r["t2"] for r in expected_rows("nested-repeats-g2.csv.expected")
    ]
    assert [
        g3.values["t3"]
        for g in g1
        for g2 in g.repeats["g2"]
        for g3 in g2.repeats.get("g3", [])
    ] == [r["t3"] for r in expected_rows("nested-repeats-g3.csv.expected")]


def test_a_repeat_answered_once_is_a_repeat_when_the_form_says_so() -> None:
    raw = (
        b"<data id='f'><g1><t1>only</t1></g1>"
        b"<meta><instanceID>uuid:1</instanceID></meta></data>"
    )

    assert parse_submission(raw).data.values == {
        "g1-t1": "only",
        "meta-instanceID": "uuid:1",
    }
    assert parse_submission(raw, repeats={"g1"}).data.repeats["g1"][0].values == {
        "t1": "only"
    }


def test_media_beside_the_xml_come_with_it(tmp_path: Path) -> None:
    folder = plain_folder(tmp_path, "media-files", media="media-files-media-tt")

    submission = read_folder(folder)

    assert submission.instance_id == "uuid:98a1380a-0b3d-40f2-be44-ca8d107d4528"
    name = submission.data.values["image"]
    assert (
        submission.media[name]
        == (BRIEFCASE / "media-files-1524644764247.jpg").read_bytes()
    )


def test_a_folder_of_instances_reads_each(tmp_path: Path) -> None:
    instances = tmp_path / "instances"
    instances.mkdir()
    plain_folder(instances, "all-data-types")
    plain_folder(instances, "nested-repeats")

    results = list(read_folders(instances))

    assert sorted(r.form_id for r in results if isinstance(r, Submission)) == [
        "all-data-types",
        "nested-repeats",
    ]


def test_the_central_export_reads_as_its_submission_xml() -> None:
    exported = _only(list(read_export(CENTRAL / "export.csv.zip")))
    central_xml = parse_submission(
        (CENTRAL / "sub_from_central.xml").read_bytes(), repeats={"victims"}
    )

    assert exported.form_id == central_xml.form_id == "sabt_incident"
    assert exported.instance_id == central_xml.instance_id
    assert exported.version == central_xml.version == "2024010101"
    assert exported.data == central_xml.data
    assert exported.data.values["location"] == "34.3482 62.1997 950 5"
    victims = exported.data.repeats["victims"]
    assert [v.values["victim_name"] for v in victims] == ["Ahmad", "مریم"]
    assert exported.media["photo1.jpg"].startswith(b"\xff\xd8")


def test_repeat_rows_without_a_parent_fail_that_submission_only(tmp_path: Path) -> None:
    export = tmp_path / "export.csv.zip"
    _rewrite(
        CENTRAL / "export.csv.zip",
        export,
        {
            "sabt_incident-victims.csv": lambda text: text.replace(
                ",uuid:11111111-2222-3333-4444-555555555555,", ",uuid:nobody,", 1
            )
        },
    )

    (result,) = list(read_export(export))

    assert not isinstance(result, Submission)
    assert "has no parent" in str(result)
    assert result.instance_id == "uuid:11111111-2222-3333-4444-555555555555"


def _rewrite(
    source: Path, target: Path, changes: dict[str, Callable[[str], str]]
) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in changes:
                data = changes[info.filename](data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data)
