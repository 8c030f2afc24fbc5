"""Static files are collected on a start only when they have changed
(sabt.web.static_collection)."""

from __future__ import annotations

from pathlib import Path

from pytest_django import Settings

from sabt.web.static_collection import STAMP, collect_static

PLAIN = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def test_a_second_start_skips_what_the_first_collected(
    settings: Settings, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PLAIN}
    assert collect_static() is True
    collected = tmp_path / "static" / "web" / "sabt.css"
    assert collected.is_file()
    collected.unlink()

    assert collect_static() is False
    assert not collected.exists()  # nothing was copied again


def test_changed_sources_are_collected_again(
    settings: Settings, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PLAIN}
    collect_static()
    (tmp_path / "static" / STAMP).write_text("collected from older files")
    (tmp_path / "static" / "web" / "sabt.css").unlink()

    assert collect_static() is True
    assert (tmp_path / "static" / "web" / "sabt.css").is_file()
