"""Forms about sources and what they say."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from sabt.access.queries import visible_incidents, visible_sources
from sabt.records.models import Incident, Source
from sabt.web.forms.fields import add_case_field, date_field
from sabt.web.labels import choices_of


class SourceForm(forms.Form):
    """Who told us, under which pseudonym."""

    kind = forms.ChoiceField(
        label=_("Kind of source"), choices=choices_of("source_kind")
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=200,
        help_text=_("Everyone sees it: never a real name of a person at risk."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reliability = forms.ChoiceField(
        label=_("Reliability"), choices=choices_of("reliability"), initial="unknown"
    )
    derived_from = forms.ModelMultipleChoiceField(
        label=_("Repeats what these sources said"),
        queryset=Source.objects.none(),
        required=False,
        help_text=_(
            "A report that quotes a witness is not independent of that witness."
        ),
    )
    real_name = forms.CharField(
        label=_("Real name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        help_text=_("Sealed: encrypted before it is stored, shown to no one here."),
    )
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        help_text=_("Phone, address or other way to reach them. Sealed."),
    )
    contact_notes = forms.CharField(
        label=_("How to reach them safely"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 2}),
        help_text=_("Sealed."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_case_field(self, user)
        parents = cast(
            "forms.ModelMultipleChoiceField[Source]", self.fields["derived_from"]
        )
        parents.queryset = visible_sources(user)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``register_source``."""
        data = self.cleaned_data
        parents: list[Source] = list(data["derived_from"])
        return {**data, "derived_from": [source.record for source in parents]}


class StatementForm(forms.Form):
    """A source's account in its own words, by a known source or a new one."""

    NEW_SOURCE = ("new_source_kind", "new_source_pseudonym", "new_source_description")

    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Choose a registered source, or register a new one below."),
    )
    new_source_kind = forms.ChoiceField(
        label=_("Kind of new source"),
        choices=choices_of("source_kind", blank=True),
        required=False,
    )
    new_source_pseudonym = forms.CharField(
        label=_("Pseudonym of new source"), required=False, max_length=200
    )
    new_source_description = forms.CharField(
        label=_("Description of new source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        label=_("What the source said, in its own language"),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 5}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=choices_of("language"))
    translation = forms.CharField(
        label=_("Translation"),
        required=False,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 3}),
    )
    stance = forms.ChoiceField(label=_("Stance"), choices=choices_of("stance"))
    made_on = date_field(_("Said or written on"))
    incidents = forms.ModelMultipleChoiceField(
        label=_("Incidents it speaks of"),
        queryset=Incident.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = cast("forms.ModelChoiceField[Source]", self.fields["source"])
        source.queryset = visible_sources(user)
        incidents = cast(
            "forms.ModelMultipleChoiceField[Incident]", self.fields["incidents"]
        )
        incidents.queryset = visible_incidents(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        is_new = bool(data.get("new_source_pseudonym", "").strip())
        if is_new and data.get("source"):
            message = _("Choose a registered source or register a new one, not both.")
            self.add_error("source", message)
        elif not is_new and not data.get("source"):
            self.add_error("source", _("Choose a source, or register a new one."))
        return data

    @property
    def is_new_source(self) -> bool:
        return not self.cleaned_data.get("source")

    def new_source(self) -> dict[str, Any]:
        """The new source, as ``register_source`` takes it."""
        data = self.cleaned_data
        return {
            name.removeprefix("new_source_"): data[name] for name in self.NEW_SOURCE
        }

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``record_statement``, but the source."""
        data = self.cleaned_data
        incidents: list[Incident] = list(data["incidents"])
        fields = ("text", "language", "translation", "stance", "made_on")
        return {
            **{name: data[name] for name in fields},
            "incidents": [incident.record for incident in incidents],
        }


class ConsentForm(forms.Form):
    """What the source lets us share; a narrower choice withdraws consent."""

    name = forms.ChoiceField(
        label=_("Their name may go to"), choices=choices_of("consent_level")
    )
    account = forms.ChoiceField(
        label=_("Their account may go to"), choices=choices_of("consent_level")
    )
    obtained_how = forms.ChoiceField(
        label=_("How consent was obtained"),
        choices=[
            ("in_person", _("in person")),
            ("by_phone", _("by phone")),
            ("in_writing", _("in writing")),
            ("through_intermediary", _("through an intermediary")),
        ],
    )
    obtained_on = date_field(_("On"), required=True)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000)
