"""A field kit in its own home, driven as its documenter drives it.

The kit runs in a process of its own with ``SABT_HOME`` set to its folder
and its own SQLite database, as on the laptop; headquarters is the test's
database. Recording runs the kit's services in that process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command

from tests.evidence.files import write_photo
from tests.serving import sabt, sqlite_env

REAL_NAME = "Zarmina Sultani"
DARI_NAME = "زرمینه سلطانی"
MOTHER = "Gul Bibi Sultani"
TESTIMONY_DARI = "شب آمدند و برادرم را با خود بردند. از آن روز خبری نداریم."
TESTIMONY_EN = "They came at night and took my brother with them."
CONTACT = "+93 70 555 0142"
SECRET_DMS = ((35.0, 17.0, 14.28), (69.0, 31.0, 14.88))
PLAINTEXTS = (REAL_NAME, DARI_NAME, MOTHER, TESTIMONY_DARI, TESTIMONY_EN, CONTACT)


@dataclass(frozen=True)
class Kit:
    home: Path
    name: str

    def env(self) -> dict[str, str]:
        return sqlite_env(self.home)

    def sabt(self, *args: str) -> subprocess.CompletedProcess[str]:
        return sabt(self.env(), *args)

    def run(self, source: str) -> str:
        """Run Python in the kit's process (Django set up); return its output."""
        env = {**self.env(), "DJANGO_SETTINGS_MODULE": "sabt.settings"}
        code = "import django\ndjango.setup()\n" + textwrap.dedent(source)
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


def enrolled_kit(tmp_path: Path, name: str, case: str) -> Kit:
    """Request on the kit, enrol at headquarters (this database), init the kit."""
    kit = Kit(tmp_path / name, name)
    request = tmp_path / f"{name}.request.json"
    made = kit.sabt("field", "request", name, "--out", str(request))
    assert made.returncode == 0, made.stderr
    kit_file = tmp_path / f"{name}.kit.json"
    call_command("field", "enrol", str(request), "--case", case, "--out", str(kit_file))
    done = kit.sabt("field", "init", str(kit_file))
    assert done.returncode == 0, done.stderr
    return kit


def record_sample(kit: Kit, card: Path) -> dict[str, str]:
    """Record an incident, a source and their consent, a statement and a photo.

    Six events; returns the record ids.
    """
    card.mkdir(parents=True, exist_ok=True)
    # A position of the valley no gazetteer row shares (35.2873, 69.5208).
    photo = write_photo(card / "IMG_0042.jpg", position=SECRET_DMS)
    out = kit.run(
        f"""
        import json
        from pathlib import Path
        from sabt.field import capture
        incident = capture.record_incident(
            title="Night raid", date_from="2021-09-10",
            event_type="violence_against_civilians", places=["Bazarak"],
            counts={{"detained": (1, 1)}},
        )
        source = capture.register_source(
            kind="witness", pseudonym="W-17",
            real_name={REAL_NAME + " / " + DARI_NAME!r}, contact={CONTACT!r},
            contact_notes={"mother: " + MOTHER!r},
        )
        capture.record_consent(
            source=source, name="nobody", account="un_courts",
            obtained_how="in_person", obtained_on="2021-09-12",
        )
        fa = capture.record_statement(
            source=source, text={TESTIMONY_DARI!r}, language="fa", stance="alleges",
            translation={TESTIMONY_EN!r}, incidents=[incident],
        )
        item = capture.add_evidence_file(
            path=Path({str(photo)!r}), kind="photo", title="Photo of the house",
            acquired_at="2021-09-11T08:00:00+04:30", device="phone", source=source,
            incidents=[incident],
        )
        print(json.dumps({{"incident": incident, "source": source, "statement": fa,
                           "item": item}}))
        """
    )
    return dict(json.loads(out.strip().splitlines()[-1]), photo=str(photo))


def export(kit: Kit, to: Path, *args: str) -> Path:
    done = kit.sabt("field", "export", "--to", str(to), *args)
    assert done.returncode == 0, done.stderr
    return to


def files_under(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()]


def forms_of(text: str) -> list[bytes]:
    """The text as a seizing party would search for it: UTF-8 and UTF-16."""
    forms = []
    for normal in ("NFC", "NFD"):
        value = unicodedata.normalize(normal, text)
        forms += [value.encode("utf-8"), value.encode("utf-16-le")]
        forms.append(value.encode("utf-16-be"))
    return forms


def hits(home: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in files_under(home):
        data = path.read_bytes()
        found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found
