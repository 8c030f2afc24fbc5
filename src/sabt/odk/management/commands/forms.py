"""``sabt forms build --out DIR``: the ODK forms, from sabt's own vocabularies."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sabt.odk.forms.build import FORMS, build_forms
from sabt.odk.forms.xlsform import FormBuildError


class Command(BaseCommand):
    help = (
        "build: writes each form as an XLSForm (NAME.xlsx) and its XForm "
        "(NAME.xml), checked by ODK Validate, into --out; labels in English "
        "and Dari, choices from the vocabularies and the gazetteer. Forms carry "
        "the organisation's ODK public key (sabt keys odk-init) when it exists. "
        "Writes no records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["build"])
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--form", action="append", choices=sorted(FORMS))
        parser.add_argument(
            "--form-version",
            default="",
            help="the forms' version (default: the time now, YYYYMMDDHHMM)",
        )
        parser.add_argument("--submission-url", default="")
        parser.add_argument("--skip-validate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        version = options["form_version"] or datetime.datetime.now(
            datetime.UTC
        ).strftime("%Y%m%d%H%M")
        try:
            built = build_forms(
                options["out"],
                version=version,
                names=options["form"],
                submission_url=options["submission_url"],
                validate=not options["skip_validate"],
            )
        except FormBuildError as exc:
            raise CommandError(str(exc)) from exc
        for form in built:
            how = "encrypted" if form.encrypted else "NOT encrypted (no ODK key)"
            self.stdout.write(
                f"{form.form_id} {version} {how}: {form.xlsform} {form.xform}"
            )
