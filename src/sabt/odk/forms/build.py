"""Building every form into a folder: the XLSForm and its validated XForm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sabt.odk.forms.incident import incident_form
from sabt.odk.forms.testimony import testimony_form
from sabt.odk.forms.tracing import list_entry_form, tracing_request_form
from sabt.odk.forms.xlsform import Form, to_xform, write_xlsform
from sabt.odk.keys import odk_public_key

FORMS: dict[str, Callable[[], Form]] = {
    "incident_report": incident_form,
    "testimony": testimony_form,
    "tracing_request": tracing_request_form,
    "list_entry": list_entry_form,
}


@dataclass(frozen=True)
class Built:
    name: str
    form_id: str
    xlsform: Path
    xform: Path
    encrypted: bool


def build_forms(
    out: Path,
    *,
    version: str,
    names: list[str] | None = None,
    submission_url: str = "",
    validate: bool = True,
) -> list[Built]:
    """Write ``NAME.xlsx`` and ``NAME.xml`` for each form into ``out``.

    Forms carry the organisation's ODK public key when it exists, so the
    phone encrypts what it sends. Raises FormBuildError if a form does not
    convert or validate.
    """
    out.mkdir(parents=True, exist_ok=True)
    public_key = odk_public_key()
    built = []
    for name in names or list(FORMS):
        form = FORMS[name]()
        xlsform = out / f"{name}.xlsx"
        write_xlsform(
            form,
            xlsform,
            version=version,
            public_key=public_key,
            submission_url=submission_url,
        )
        xform = out / f"{name}.xml"
        xform.write_text(to_xform(xlsform, validate=validate), encoding="utf-8")
        built.append(Built(name, form.form_id, xlsform, xform, bool(public_key)))
    return built
