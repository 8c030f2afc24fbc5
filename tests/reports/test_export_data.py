"""``sabt export-data`` (reports/exporting.py, formats/hxl.py, formats/acled.py):
the demo case as HXL-tagged CSV, checked with libhxl, and as ACLED CSV.
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import hxl
import hxl.input
import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError

from sabt.access.models import ReadAudit
from sabt.demo.loader import demo_id
from sabt.ledger_store.models import LedgerEvent
from sabt.records.models import Incident
from tests.factories import make_incident
from tests.ledger_store.helpers import run_command
from tests.reports.conftest import (
    DARHEL,
    WITNESS_NAME,
    WITNESS_PSEUDONYM,
    DemoCase,
)

pytestmark = pytest.mark.django_db

# The columns of ACLED's codebook since its 2023 revision, in its order.
ACLED_CODEBOOK = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip

# An HXL schema (HXL Standard 1.1, "HXL schemas"): required tags, dates,
# coordinates inside Afghanistan, counts as non-negative numbers.
HXL_SCHEMA = [
    ["#valid_tag", "#valid_required", "#valid_datatype", "#valid_value+min",
     "#valid_value+max", "#valid_value+list"],
    ["#event+id", "true", "", "", "", ""],
    ["#event+name", "true", "", "", "", ""],
    ["#date+occurred", "true", "date", "2021-01-01", "", ""],
    ["#date+end", "true", "date", "2021-01-01", "", ""],
    ["#event+type-sub", "true", "", "", "",
     "Battles|Explosions/Remote violence|Violence against civilians|Protests|"
     "Riots|Strategic developments"],
    ["#loc+name", "true", "", "", "", ""],
    ["#loc+status", "true", "", "", "", "settled|unresolved"],
    ["#geo+lat", "", "number", "29", "39", ""],
    ["#geo+lon", "", "number", "60", "75", ""],
    ["#affected", "", "number", "0", "", ""],
    ["#meta+source-denial", "true", "", "", "", ""],
]  # fmt: skip


def export(
    tmp_path: Path, data_format: str, audience: str = "public", *args: str
) -> Path:
    out = tmp_path / f"{data_format}-{audience}.csv"
    run_command(
        "export-data", "--format", data_format, *(args or ("--case", "default")),
        "--audience", audience, "--out", str(out),
    )  # fmt: skip
    return out


def hxl_rows(path: Path) -> list[dict[str, str]]:
    """The rows keyed by hashtag (the second line of the file)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    return [dict(zip(lines[1], row, strict=True)) for row in lines[2:]]


def acled_row(path: Path, slug: str) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return next(row for row in rows if row["event_id_cnty"] == f"AFG-{demo_id(slug)}")


def validation(path: Path) -> dict[str, object]:
    local = hxl.input.InputOptions(allow_local=True)
    report = hxl.validate(hxl.data(str(path), local), hxl.data(HXL_SCHEMA))
    return dict(report)


def test_the_hxl_export_validates_against_the_schema(
    demo: DemoCase, tmp_path: Path
) -> None:
    out = export(tmp_path, "hxl")

    report = validation(out)

    assert report["is_valid"] is True, report["issues"]
    assert len(hxl_rows(out)) == Incident.objects.count()


def test_the_schema_catches_a_point_outside_afghanistan(
    demo: DemoCase, tmp_path: Path
) -> None:
    out = export(tmp_path, "hxl")
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace(",34.52813,", ",134.52813,"), encoding="utf-8")

    report = validation(out)

    assert report["is_valid"] is False
    assert report["stats"]["total"] == 1  # type: ignore[index]


def test_the_hxl_row_keeps_ranges_and_unresolved_places(
    demo: DemoCase, tmp_path: Path
) -> None:
    rows = {row["#event+id"]: row for row in hxl_rows(export(tmp_path, "hxl"))}

    strikes = rows[demo_id("air-strikes")]
    assert (strikes["#affected+killed+min"], strikes["#affected+killed+max"]) == (
        "24", "",
    )  # fmt: skip
    assert strikes["#date+occurred"] == strikes["#date+end"] == "2021-09-05"
    youths = rows[demo_id("youths-taken")]
    assert youths["#affected+missing+min"] == "200"
    anob = rows[demo_id("executions-anob")]
    assert (anob["#loc+name"], anob["#loc+status"]) == ("Anob", "unresolved")
    assert (anob["#geo+lat"], anob["#geo+lon"]) == ("", "")
    assert anob["#meta+source+denial"] == "Taliban (the accused party)"


def test_a_source_is_named_in_the_court_export_only(
    demo: DemoCase, tmp_path: Path
) -> None:
    public = {r["#event+id"]: r for r in hxl_rows(export(tmp_path, "hxl"))}
    court = {r["#event+id"]: r for r in hxl_rows(export(tmp_path, "hxl", "un_courts"))}

    assert WITNESS_PSEUDONYM in public[DARHEL]["#meta+source"]
    assert WITNESS_NAME not in (tmp_path / "hxl-public.csv").read_text()
    assert WITNESS_NAME in court[DARHEL]["#meta+source"]


def test_the_acled_header_is_the_codebooks(demo: DemoCase, tmp_path: Path) -> None:
    out = export(tmp_path, "acled")

    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")

    assert header == ACLED_CODEBOOK
    assert len(header) == 31


def common(row: dict[str, str]) -> dict[str, str]:
    """What every demo row shares: country, actors, scales of the letter."""
    return {
        "iso": "4", "region": "South Asia", "country": "Afghanistan",
        "assoc_actor_1": "", "inter1": "", "assoc_actor_2": "", "interaction": "",
        "admin3": "",
        "timestamp": str(int(datetime.datetime.fromisoformat(
            Incident.objects.get(pk=row["event_id_cnty"][4:]).updated_at
        ).timestamp())),
    }  # fmt: skip


def test_an_acled_air_strike_of_a_known_day(demo: DemoCase, tmp_path: Path) -> None:
    row = acled_row(export(tmp_path, "acled"), "air-strikes")

    assert row == {
        **common(row),
        "event_id_cnty": f"AFG-{demo_id('air-strikes')}",
        "event_date": "2021-09-05", "year": "2021", "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Pakistan Army", "actor2": "Civilians (Afghanistan)",
        "inter2": "7", "civilian_targeting": "Civilian targeting",
        "admin1": "Panjshir", "admin2": "Khenj (Hese- Awal)",
        "location": "Panjshir valley (the gorge)",
        "latitude": "35.4500", "longitude": "69.8000", "geo_precision": "2",
        "source": "Residents of Panjshir (open letter)",
        "source_scale": "Local partner",
        "notes": Incident.objects.get(pk=demo_id("air-strikes")).description,
        "fatalities": "24",
        "tags": "sabt verification=reported; perpetrator alleged; "
        "killed range=24-",
    }  # fmt: skip


def test_an_acled_detention_known_to_a_month_and_denied(
    demo: DemoCase, tmp_path: Path
) -> None:
    row = acled_row(export(tmp_path, "acled"), "kabul-arrests")

    assert row == {
        **common(row),
        "event_id_cnty": f"AFG-{demo_id('kabul-arrests')}",
        "event_date": "2021-09-08", "year": "2021", "time_precision": "3",
        "disorder_type": "Political violence",
        "event_type": "Violence against civilians",
        "sub_event_type": "Abduction/forced disappearance",
        "actor1": "Taliban", "actor2": "Civilians (Afghanistan)",
        "inter2": "7", "civilian_targeting": "Civilian targeting",
        "admin1": "Kabul", "admin2": "", "location": "Kabul",
        "latitude": "34.5281", "longitude": "69.1723", "geo_precision": "1",
        "source": "Residents of Panjshir (open letter)",
        "source_scale": "Local partner",
        "notes": Incident.objects.get(pk=demo_id("kabul-arrests")).description
        + " Denied by: Taliban (the accused party).",
        "fatalities": "0",
        "tags": "sabt verification=reported; perpetrator alleged; "
        "date range=2021-09-01/2021-09-15; detained range=24-",
    }  # fmt: skip


def test_an_acled_execution_at_an_unresolved_village(
    demo: DemoCase, tmp_path: Path
) -> None:
    row = acled_row(export(tmp_path, "acled"), "executions-anob")

    assert row == {
        **common(row),
        "event_id_cnty": f"AFG-{demo_id('executions-anob')}",
        "event_date": "2021-09-10", "year": "2021", "time_precision": "3",
        "disorder_type": "Political violence",
        "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor1": "Taliban", "actor2": "Civilians (Afghanistan)",
        "inter2": "7", "civilian_targeting": "Civilian targeting",
        # Its one candidate lies in Unaba district, so the district is known.
        "admin1": "Panjshir", "admin2": "Unaba", "location": "Anob",
        "latitude": "", "longitude": "", "geo_precision": "3",
        "source": "Residents of Panjshir (open letter)",
        "source_scale": "Local partner",
        "notes": Incident.objects.get(pk=demo_id("executions-anob")).description
        + " Denied by: Taliban (the accused party)."
        " Place 'Anob' not yet settled; it may be: \u2019Unābah (Unaba).",
        "fatalities": "0",
        "tags": "sabt verification=reported; perpetrator alleged; "
        "date range=2021-09-06/2021-09-15; location unresolved",
    }  # fmt: skip


def test_a_place_named_as_its_district_is_coded_to_the_district(
    demo: DemoCase, investigator: User, tmp_path: Path
) -> None:
    incident = make_incident(investigator, places=[{"name": "دره"}])
    with (export(tmp_path, "acled")).open(encoding="utf-8", newline="") as handle:
        row = next(
            r
            for r in csv.DictReader(handle)
            if r["event_id_cnty"] == f"AFG-{incident.pk}"
        )
    cells = {k: row[k] for k in ("admin1", "admin2", "location", "latitude")}
    assert cells == {
        "admin1": "Panjshir", "admin2": "Dara", "location": "دره", "latitude": "",
    }  # fmt: skip
    assert row["geo_precision"] == "3"


def test_the_export_is_recorded_in_the_audit(demo: DemoCase, tmp_path: Path) -> None:
    export(tmp_path, "acled")

    entry = ReadAudit.objects.get(action="exported")
    assert re.fullmatch(
        r"acled data for public of 19 incidents, sha256 [0-9a-f]{64}", entry.detail
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "acled", "--case", "default", "--out", "r.xlsx"),
         "--out must end in .csv, not 'r.xlsx'"),
        (("--format", "hxl", "--case", "kabul-2022", "--out", "r.csv"),
         "no incident in case 'kabul-2022'"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_writes_nothing(
    demo: DemoCase, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    events = LedgerEvent.objects.count()
    out_at = args.index("--out") + 1
    out = tmp_path / args[out_at]
    args = (*args[:out_at], str(out), *args[out_at + 1 :])

    with pytest.raises(CommandError, match=re.escape(message)):
        run_command("export-data", *args, "--audience", "public")

    assert not out.exists()
    assert LedgerEvent.objects.count() == events
