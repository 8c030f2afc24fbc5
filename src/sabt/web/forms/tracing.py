"""The forms of the tracing pages: requests, list uploads, the review.

They shape input for the tracing services, which do the real checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from sabt.access.tracing_queries import trace_cases
from sabt.tracing.linkage.columns import COLUMNS
from sabt.tracing.models import Candidate, PersonList, TracingRequest
from sabt.web.forms.fields import LimitedFileInput, RangeField, date_field
from sabt.web.labels import choices_of
from sabt.web.pages.tracing import COLUMN_LABELS

# The largest list file accepted: a register of MAX_ROWS rows fits easily.
MAX_UPLOAD_BYTES = 64 * 1024 * 1024


def add_trace_case_field(form: forms.Form, user: User) -> None:
    """A choice of the cases where the user traces; hidden if only one."""
    choices = [(case.slug, case.name) for case in trace_cases(user)]
    field = forms.ChoiceField(label=_("Case"), choices=choices)
    if choices:
        field.initial = choices[0][0]
    if len(choices) == 1:
        field.widget = forms.HiddenInput()
    form.fields["case"] = field


class RequestForm(forms.Form):
    """A family's request: the sought person, what happened, the enquirer."""

    given_name = forms.CharField(label=_("Name of the person sought"), max_length=200)
    father_name = forms.CharField(
        label=_("Father's name"), required=False, max_length=200
    )
    grandfather_name = forms.CharField(
        label=_("Grandfather's name"), required=False, max_length=200
    )
    family_name = forms.CharField(
        label=_("Family name"), required=False, max_length=200
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=choices_of("sex"), initial="unknown"
    )
    age = RangeField(label=_("Age when last seen"))
    village = forms.CharField(label=_("Home village"), required=False, max_length=200)
    district = forms.CharField(label=_("District"), required=False, max_length=200)
    last_seen_date = date_field(_("Last seen on"))
    last_seen_place = forms.CharField(
        label=_("Last seen at"), required=False, max_length=200
    )
    taken_by = forms.CharField(label=_("Taken by"), required=False, max_length=200)
    taken_to = forms.CharField(label=_("Taken to"), required=False, max_length=200)
    circumstances = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    enquirer_name = forms.CharField(
        label=_("Enquirer's name"),
        max_length=200,
        help_text=_("Sealed: encrypted at once, shown only to those who may."),
    )
    enquirer_contact = forms.CharField(
        label=_("Enquirer's contact"), required=False, max_length=500
    )
    enquirer_notes = forms.CharField(
        label=_("Notes on reaching the enquirer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    relationship = forms.CharField(
        label=_("Enquirer's relationship to the person sought"),
        required=False,
        max_length=100,
    )
    consent_to_share = forms.ChoiceField(
        label=_(
            "May the enquirer's name and contact be given to the person, if found?"
        ),
        choices=[
            (TracingRequest.Consent.YES, _("yes")),
            (TracingRequest.Consent.NO, _("no")),
            (TracingRequest.Consent.NOT_ASKED, _("not asked")),
        ],
        initial=TracingRequest.Consent.NOT_ASKED,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_trace_case_field(self, user)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``open_request``."""
        return dict(self.cleaned_data)


def kind_choices() -> list[tuple[str, Any]]:
    return [
        (PersonList.Kind.DETAINEES, _("detainee list")),
        (PersonList.Kind.CASUALTIES, _("casualty list")),
        (PersonList.Kind.BURIALS, _("burial list")),
        (PersonList.Kind.HOSPITAL, _("hospital register")),
        (PersonList.Kind.DISPLACEMENT, _("displacement register")),
        (PersonList.Kind.OTHER, _("other list")),
    ]


class ListUploadForm(forms.Form):
    """A list file and what it is; its columns are mapped on the next page."""

    name = forms.CharField(label=_("Name of the list"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of list"), choices=kind_choices)
    as_of = date_field(_("Date the list was drawn up"))
    description = forms.CharField(
        label=_("Where the list comes from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(
        widget=LimitedFileInput,
        label=_("File"),
        help_text=_("CSV (UTF-8) or Excel workbook (.xlsx), one person a row."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_trace_case_field(self, user)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mib)d MiB; split it.")
                % {"mib": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def metadata(self) -> dict[str, str]:
        """What the mapping page carries on to the import, as text."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "as_of": data["as_of"].isoformat() if data["as_of"] else "",
            "description": data["description"],
            "case": data["case"],
            "file_name": data["file"].name,
        }


def column_choices() -> list[tuple[str, Any]]:
    return [("", _("— leave out —"))] + [
        (column, COLUMN_LABELS[column]) for column in COLUMNS
    ]


class MappingForm(forms.Form):
    """One choice per header of the file: which of sabt's columns it holds."""

    def __init__(
        self, *args: Any, headers: Sequence[str], initial_columns: Sequence[str],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.headers = tuple(headers)
        for number, (header, column) in enumerate(
            zip(headers, initial_columns, strict=True)
        ):
            self.fields[f"column_{number}"] = forms.ChoiceField(
                label=header or _("(no header)"),
                choices=column_choices,
                required=False,
                initial=column,
            )

    def columns(self) -> list[str]:
        """The chosen column of each header, in order ("" to leave out)."""
        return [
            self.cleaned_data.get(f"column_{number}", "")
            for number in range(len(self.headers))
        ]

    def bound_columns(self) -> list[tuple[str, forms.BoundField]]:
        return [
            (header, self[f"column_{number}"])
            for number, header in enumerate(self.headers)
        ]


class NoteForm(forms.Form):
    """A reviewer's note on a decision."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsentForm(forms.Form):
    """The found person's answer: may their family be told?"""

    consent = forms.ChoiceField(
        label=_("Consent of the person found"),
        choices=[
            (Candidate.Consent.GIVEN, _("given")),
            (Candidate.Consent.REFUSED, _("refused")),
            (Candidate.Consent.NOT_ASKED, _("not asked")),
        ],
    )
    how = forms.CharField(
        label=_("How it was obtained"),
        required=False,
        max_length=200,
        help_text=_("In person, by phone, through the detaining authority..."),
    )
    on = date_field(_("On"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NotifyForm(forms.Form):
    """How the family was told."""

    how = forms.CharField(
        label=_("How the family was told"),
        max_length=200,
        help_text=_("In person at the office, by phone, by Red Cross message..."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the request is closed"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
