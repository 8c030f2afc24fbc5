"""Forms about evidence: files, their custody, and assessments.

Uploaded files arrive as temporary files on disk (``FILE_UPLOAD_HANDLERS``),
so a large video is never held in memory on its way to the blob store.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from sabt.access.queries import visible_incidents
from sabt.evidence.models import Assessment, EvidenceFile, EvidenceItem
from sabt.evidence.services.custody import DERIVATIONS
from sabt.records.models import Incident
from sabt.web.forms.fields import LimitedFileInput, add_case_field, date_field


class EvidenceItemForm(forms.Form):
    """What a piece of evidence is, before any file is added."""

    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.CharField(label=_("Web address"), required=False, max_length=2000)
    posted_by = forms.CharField(label=_("Posted by"), required=False, max_length=200)
    posted_on = date_field(_("Posted on"))
    incidents = forms.ModelMultipleChoiceField(
        label=_("Incidents"), queryset=Incident.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_case_field(self, user)
        field = cast(
            "forms.ModelMultipleChoiceField[Incident]", self.fields["incidents"]
        )
        field.queryset = visible_incidents(user)

    def arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["incidents"] = [incident.record for incident in data["incidents"]]
        return data


class EvidenceFileForm(forms.Form):
    """A file and how it came to us."""

    file = forms.FileField(label=_("File"), widget=LimitedFileInput)
    acquired_how = forms.ChoiceField(
        label=_("How it was acquired"), choices=EvidenceFile.Acquisition.choices
    )
    acquired_by = forms.CharField(label=_("Acquired by"), max_length=200)
    acquired_at = forms.CharField(
        label=_("Acquired on"),
        max_length=40,
        help_text=_("A date (2021-09-08) or a date and time with its offset."),
    )
    device = forms.CharField(label=_("Device"), required=False, max_length=200)
    url = forms.CharField(label=_("Web address"), required=False, max_length=2000)
    account = forms.CharField(label=_("Account"), required=False, max_length=200)
    posted_at = forms.CharField(label=_("Posted on"), required=False, max_length=40)
    warc = forms.FileField(
        widget=LimitedFileInput,
        label=_("Web capture (WARC)"),
        required=False,
        help_text=_("The page as captured, if you have it."),
    )

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        details = ("device", "url", "account", "posted_at")
        return {
            "file_name": data["file"].name,
            "acquired_how": data["acquired_how"],
            "acquired_by": data["acquired_by"],
            "acquired_at": data["acquired_at"],
            "acquisition": {key: data[key] for key in details if data[key]},
        }


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Analysis"), choices=Assessment.Kind.choices)
    method = forms.CharField(
        label=_("Method"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    finding = forms.ChoiceField(label=_("Finding"), choices=Assessment.Finding.choices)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20_000,
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=Assessment.Confidence.choices
    )
    analyst = forms.CharField(label=_("Analyst"), max_length=200)


class TransferForm(forms.Form):
    to = forms.CharField(label=_("Handed to"), max_length=200)
    means = forms.CharField(label=_("How"), max_length=200)
    reason = forms.CharField(label=_("Why"), max_length=2000)


class AccessForm(forms.Form):
    purpose = forms.CharField(label=_("Why you open it"), max_length=500)


class DerivativeForm(forms.Form):
    file = forms.FileField(label=_("Derived file"), widget=LimitedFileInput)
    derivation = forms.ChoiceField(
        label=_("Kind"), choices=[(key, key) for key in DERIVATIONS]
    )
    description = forms.CharField(
        label=_("How it was made"), widget=forms.Textarea(attrs={"rows": 2})
    )
