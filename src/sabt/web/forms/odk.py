"""The upload form of the ODK import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.odk.importer import MAPPINGS
from sabt.web.forms.fields import add_case_field

FORM_LABELS = {
    "incident_report": _("Incident report"),
    "testimony": _("Testimony"),
    "tracing_request": _("Tracing request"),
    "list_entry": _("List entry"),
    "central_incident": _("Incident (ODK Central reference form)"),
}


class OdkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export"),
        help_text=_(
            "The CSV zip with media that ODK Central or KoboToolbox lets you download."
        ),
    )
    form = forms.ChoiceField(
        label=_("Form"),
        choices=[(name, FORM_LABELS.get(name, name)) for name in MAPPINGS],
    )
    preview = forms.BooleanField(
        label=_("Only show what each submission would become"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_case_field(self, user)
