"""An XLSForm as rows, written as a workbook and converted to a validated XForm."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from pyxform.errors import PyXFormError
from pyxform.validators.odk_validate import ODKValidateError
from pyxform.xls2xform import convert

EN = "English (en)"
PRS = "Dari (prs)"


@dataclass(frozen=True)
class Text:
    """A label or hint in both languages."""

    en: str
    prs: str


@dataclass(frozen=True)
class Question:
    type: str
    name: str
    label: Text | None = None
    hint: Text | None = None
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: Text | None = None
    appearance: str = ""
    choice_filter: str = ""
    default: str = ""
    parameters: str = ""


@dataclass(frozen=True)
class Choice:
    list_name: str
    name: str
    label: Text
    # Extra columns for a choice_filter (an ACLED sub-type's parent).
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Form:
    form_id: str
    title: Text
    questions: list[Question]
    choices: list[Choice]
    instance_name: str = ""


SURVEY_COLUMNS = [
    "type",
    "name",
    f"label::{EN}",
    f"label::{PRS}",
    f"hint::{EN}",
    f"hint::{PRS}",
    "required",
    "relevant",
    "constraint",
    f"constraint_message::{EN}",
    f"constraint_message::{PRS}",
    "appearance",
    "choice_filter",
    "default",
    "parameters",
]


class FormBuildError(Exception):
    """pyxform or ODK Validate refused a form; the message says why."""


def write_xlsform(
    form: Form,
    path: Path,
    *,
    version: str,
    public_key: str = "",
    submission_url: str = "",
) -> None:
    """Write the form as an XLSForm workbook (survey, choices, settings)."""
    book = Workbook()
    survey = book.worksheets[0]
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for q in form.questions:
        survey.append(
            [
                q.type,
                q.name,
                *_both(q.label),
                *_both(q.hint),
                "yes" if q.required else "",
                q.relevant,
                q.constraint,
                *_both(q.constraint_message),
                q.appearance,
                q.choice_filter,
                q.default,
                q.parameters,
            ]
        )
    extras = sorted({key for c in form.choices for key in c.extra})
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", f"label::{EN}", f"label::{PRS}", *extras])
    for c in form.choices:
        choices.append(
            [
                c.list_name,
                c.name,
                c.label.en,
                c.label.prs,
                *(c.extra.get(k, "") for k in extras),
            ]
        )
    settings = book.create_sheet("settings")
    header = ["form_id", "form_title", "version", "default_language"]
    row = [form.form_id, form.title.en, version, EN]
    if form.instance_name:
        header.append("instance_name")
        row.append(form.instance_name)
    if public_key:
        header.append("public_key")
        row.append(public_key)
    if submission_url:
        header.append("submission_url")
        row.append(submission_url)
    settings.append(header)
    settings.append(row)
    book.save(path)


def to_xform(xlsform: Path, *, validate: bool = True) -> str:
    """Convert an XLSForm with pyxform, checked by ODK Validate (needs Java).

    Raises FormBuildError with pyxform's or ODK Validate's reason.
    """
    warnings: list[str] = []
    try:
        result = convert(
            xlsform=str(xlsform),
            validate=validate,
            pretty_print=True,
            warnings=warnings,
        )
    except (PyXFormError, ODKValidateError, OSError) as exc:
        raise FormBuildError(f"{xlsform.name}: {exc}") from exc
    return str(result.xform)


def _both(text: Text | None) -> list[str]:
    return [text.en, text.prs] if text else ["", ""]
