"""A kit runs only its own commands, and wipes itself saying what may stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings

from sabt.core.cases import Case
from tests.field.kits import enrolled_kit, record_sample

pytestmark = pytest.mark.django_db


def test_a_kit_refuses_office_commands_and_wipes_its_key_database_and_files(
    tmp_path: Path, settings: Settings
) -> None:
    Case.objects.create(slug="panjshir", name="Panjshir 2021")
    kit = enrolled_kit(tmp_path, "kit-wiped", "panjshir")
    record_sample(kit, tmp_path / "card")

    for command in ("verify", "migrate"):
        refused = kit.sabt(command)
        assert refused.returncode == 1
        assert "this home is a field kit: only sabt field commands and sabt serve" in (
            refused.stderr
        )

    # Its own pages serve this machine only.
    wide = kit.sabt("serve", "--host", "0.0.0.0")  # noqa: S104  (refused)
    assert wide.returncode == 1
    assert "a field kit serves only on 127.0.0.1, not 0.0.0.0" in wide.stderr

    asked = kit.sabt("field", "wipe")
    assert (asked.returncode, asked.stderr) == (
        1,
        "field wipe: this destroys the kit and its 6 events headquarters has not "
        "acknowledged; run again with --yes\n",
    )
    assert (kit.home / "keys" / "kit.key").exists()

    done = kit.sabt("field", "wipe", "--yes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("kit kit-wiped wiped: ")
    assert "sabt field revoke kit-wiped" in lines[1]
    assert [p.name for p in kit.home.rglob("*") if p.is_file()] == []
    after = kit.sabt("field", "status")
    assert after.returncode == 1
    assert "is not a field kit" in after.stderr
