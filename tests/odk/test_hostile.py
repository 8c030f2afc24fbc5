"""Hostile files are refused with a one-line reason before anything is read on."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sabt.odk.central import read_export
from sabt.odk.errors import OdkError
from sabt.odk.folders import read_folder, read_folders
from sabt.odk.limits import Limits
from sabt.odk.submission import parse_submission
from tests.odk.vectors import CENTRAL, plain_folder

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE data [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<data id="f"><name>&secret;</name><meta><instanceID>uuid:x</instanceID></meta></data>
"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE data [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<data id="f"><name>&d;</name></data>
"""


def test_an_external_entity_is_refused() -> None:
    with pytest.raises(OdkError, match="DTD or entities, which are refused"):
        parse_submission(XXE)


def test_entity_expansion_is_refused() -> None:
    with pytest.raises(OdkError, match="DTD or entities, which are refused"):
        parse_submission(LAUGHS)


def test_malformed_xml_is_refused_with_where() -> None:
    with pytest.raises(OdkError, match=r"not well-formed XML: .*line 1"):
        parse_submission(b"<data id='f'><name>unclosed</data>")


def test_a_submission_without_instance_id_is_refused() -> None:
    with pytest.raises(OdkError, match="no meta/instanceID"):
        parse_submission(b"<data id='f'><name>x</name></data>")


def test_oversized_xml_is_refused() -> None:
    with pytest.raises(OdkError, match="larger than 10 MiB"):
        parse_submission(b"<data id='f'>" + b" " * (10 * 1024 * 1024) + b"</data>")


def test_a_medium_over_the_cap_is_refused_in_a_folder(tmp_path: Path) -> None:
    folder = plain_folder(tmp_path, "media-files", media="media-files-media-tt")

    with pytest.raises(OdkError, match=r"1524644764247\.jpg .* over the cap of 1000"):
        read_folder(folder, limits=Limits(max_media_bytes=1000))


def test_a_symbolic_link_in_a_folder_is_refused(tmp_path: Path) -> None:
    folder = plain_folder(tmp_path, "all-data-types")
    (folder / "photo.jpg").symlink_to("/etc/passwd")

    with pytest.raises(OdkError, match="symbolic link; refused"):
        read_folder(folder)


def test_a_medium_over_the_cap_fails_its_submission_in_an_export() -> None:
    (result,) = list(
        read_export(CENTRAL / "export.csv.zip", limits=Limits(max_media_bytes=100))
    )

    assert isinstance(result, OdkError)
    assert result.instance_id == "uuid:11111111-2222-3333-4444-555555555555"
    assert "photo1.jpg is 160 bytes, over the cap of 100 bytes" in str(result)


@pytest.mark.parametrize("name", ["../sabt_incident.csv", "/etc/cron.d/x", "a\\..\\b"])
def test_zip_slip_is_refused(tmp_path: Path, name: str) -> None:
    export = _zip(tmp_path, {"sabt_incident.csv": b"KEY\nuuid:1\n", name: b"x"})

    with pytest.raises(OdkError, match="points outside the export"):
        list(read_export(export))


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    export = _zip(tmp_path, {"media/bomb.jpg": bytes(8 * 1024 * 1024)})

    with pytest.raises(OdkError, match="refused as a zip bomb"):
        list(read_export(export))


def test_an_export_over_the_total_cap_is_refused(tmp_path: Path) -> None:
    export = _zip(tmp_path, {"a.csv": b"KEY\n" * 1000}, stored=True)

    with pytest.raises(OdkError, match=r"expands to .* over the cap"):
        list(read_export(export, limits=Limits(max_total_bytes=1000)))


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "export.csv.zip"
    fake.write_bytes(b"KEY\nuuid:1\n")

    with pytest.raises(OdkError, match="is not a zip file"):
        list(read_export(fake))


def test_a_zip_that_is_no_export_is_refused(tmp_path: Path) -> None:
    export = _zip(tmp_path, {"notes.txt": b"hello"})

    with pytest.raises(OdkError, match="not an ODK Central or KoboToolbox CSV export"):
        list(read_export(export))


def _zip(tmp: Path, entries: dict[str, bytes], *, stored: bool = False) -> Path:
    path = tmp / "export.csv.zip"
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


def test_a_linked_folder_leading_outside_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    instances = tmp_path / "instances"
    outside.mkdir()
    instances.mkdir()
    plain_folder(outside, "all-data-types")
    plain_folder(instances, "nested-repeats")
    (instances / "linked").symlink_to(outside / "all-data-types")

    forms = [r.form_id for r in read_folders(instances) if not isinstance(r, OdkError)]

    assert forms == ["nested-repeats"]
