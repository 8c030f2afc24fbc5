"""The kit's forms: the office's fields, minus what the kit cannot know.

A kit has no gazetteer to settle places on, no accounts, one case, and
cannot read its own records back: places are names as given, and a record
a form points to (a statement's source) is offered by kind, number and
time (``recorded_choices``), never by what it says.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.field.capture import EVIDENCE_KINDS
from sabt.field.models import SealedEntry
from sabt.records.services.incidents import COUNTS
from sabt.tracing.models import TracedStatus
from sabt.web.dates import digits, parse_typed_day, write_moment
from sabt.web.forms.fields import LimitedFileInput, date_field, lines
from sabt.web.forms.incidents import WHAT_AND_WHEN, ActForm, IncidentForm
from sabt.web.forms.people import PersonForm
from sabt.web.forms.sources import ConsentForm, SourceForm, StatementForm
from sabt.web.forms.tracing import RequestForm, kind_choices
from sabt.web.labels import EVIDENCE_KINDS as EVIDENCE_KIND_LABELS

# What a new record is called in a list of choices, by the event that made it.
RECORD_KINDS = {
    "incident.reported": _("Incident"),
    "source.registered": _("Source"),
    "person.recorded": _("Person"),
}

# No form of the kit may leave what was typed in the browser's autofill.
PRIVATE = {"autocomplete": "off"}


def recorded_choices(created_by: str) -> list[tuple[str, str]]:
    """The kit's records of one kind, newest first, as "Source 2, 10:42"."""
    kind = RECORD_KINDS[created_by]
    rows = SealedEntry.objects.filter(type=created_by).order_by("seq")
    choices = [
        (
            row.record,
            _("%(kind)s %(number)s, recorded %(at)s")
            % {"kind": kind, "number": digits(number), "at": _moment(row.at)},
        )
        for number, row in enumerate(rows, start=1)
    ]
    return choices[::-1]


def _moment(at: str) -> str:
    """When a record was made, as the office's pages write a moment."""
    return write_moment(datetime.datetime.fromisoformat(at.replace("Z", "+00:00")))


def _choose(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    cast("forms.ChoiceField", form.fields[name]).choices = choices


def _private(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.update(PRIVATE)


class KitIncidentForm(IncidentForm):
    """An incident, its places as the source names them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        self.fields["places"] = forms.CharField(
            label=_("Where"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            help_text=_(
                "One place a line, as the source names it; headquarters "
                "settles it on the gazetteer."
            ),
        )
        self.order_fields([*WHAT_AND_WHEN, "places"])
        _private(self)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.record_incident``."""
        data = self.cleaned_data
        fields = (*WHAT_AND_WHEN, "perpetrator")
        return {
            **{name: data[name] for name in fields},
            "places": lines(data["places"]),
            "counts": {name: data[name] for name in COUNTS},
        }


class KitSourceForm(SourceForm, ConsentForm):
    """A source, their real identity sealed, and what they consent to."""

    # None takes a field of the office's form away (Django's way).
    derived_from = None  # type: ignore[assignment]  # a field taken away
    SOURCE_FIELDS = ("kind", "pseudonym", "description", "reliability")
    IDENTITY_FIELDS = ("real_name", "contact", "contact_notes")
    CONSENT_FIELDS = ("name", "account", "obtained_how", "obtained_on", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        _private(self)

    def source(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.register_source``."""
        names = (*self.SOURCE_FIELDS, *self.IDENTITY_FIELDS)
        return {name: self.cleaned_data[name] for name in names}

    def consent(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.record_consent`` but the source."""
        return {name: self.cleaned_data[name] for name in self.CONSENT_FIELDS}


class KitStatementForm(StatementForm):
    """A source's account, by a source recorded on this kit."""

    new_source_kind = None  # type: ignore[assignment]  # a field taken away
    new_source_pseudonym = None  # type: ignore[assignment]  # a field taken away
    new_source_description = None  # type: ignore[assignment]  # a field taken away
    # Plain choices where the office's form has its records: the kit has none.
    source = forms.ChoiceField(label=_("Source"))  # type: ignore[assignment]  # see above
    incidents = forms.MultipleChoiceField(  # type: ignore[assignment]  # see above
        label=_("Incidents it speaks of"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        _choose(self, "source", recorded_choices("source.registered"))
        _choose(self, "incidents", recorded_choices("incident.reported"))
        _private(self)

    def clean(self) -> dict[str, Any]:
        return forms.Form.clean(self) or {}

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.record_statement``."""
        names = ("source", "text", "language", "translation", "stance", "made_on")
        data = self.cleaned_data
        return {**{name: data[name] for name in names}, "incidents": data["incidents"]}


def _evidence_kinds() -> list[tuple[str, Any]]:
    return [(kind, EVIDENCE_KIND_LABELS[kind]) for kind in EVIDENCE_KINDS]


class KitEvidenceForm(forms.Form):
    """A file and how it came to the documenter, sealed as it is saved."""

    file = forms.FileField(label=_("File"), widget=LimitedFileInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=_evidence_kinds)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    acquired_how = forms.ChoiceField(
        label=_("How it was acquired"),
        choices=[
            ("captured", _("captured on a device")),
            ("received", _("received from a source")),
        ],
    )
    acquired_at = forms.CharField(
        label=_("Acquired on"),
        max_length=40,
        help_text=_(
            "A date (2021-09-08, or 1400-06-17 in Solar Hijri) or a date and "
            "time with its offset (2021-09-08T14:30:00+04:30)."
        ),
    )
    device = forms.CharField(label=_("Device"), required=False, max_length=200)
    source = forms.ChoiceField(label=_("Source"), required=False)
    incidents = forms.MultipleChoiceField(
        label=_("Incidents it speaks of"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = recorded_choices("source.registered")
        _choose(self, "source", [("", "—"), *sources])
        _choose(self, "incidents", recorded_choices("incident.reported"))
        _private(self)

    def clean_acquired_at(self) -> str:
        """A day typed in either calendar, as an ISO day; a moment as typed."""
        typed = str(self.cleaned_data["acquired_at"])
        day = parse_typed_day(typed)
        return day.isoformat() if day else typed

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.add_evidence_file`` but the file."""
        data = self.cleaned_data
        names = ("kind", "title", "description", "acquired_how", "acquired_at")
        return {
            **{name: data[name] for name in names},
            "device": data["device"],
            "source": data["source"],
            "incidents": data["incidents"],
        }


class KitTracingForm(RequestForm):
    """A family's request to find a relative; the enquirer sealed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        _private(self)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.open_tracing_request``."""
        return dict(self.cleaned_data)


class KitPersonForm(PersonForm):
    """A person (a victim, a detainee), names as written, home as written."""

    home_place = None  # type: ignore[assignment]  # no gazetteer on a kit

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        _private(self)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.record_person``."""
        data = self.cleaned_data
        return {**data, "other_names": lines(data["other_names"])}


class KitActForm(ActForm):
    """What was done in an incident recorded here, to a person recorded here."""

    incident = forms.ChoiceField(label=_("Incident"))
    victim = forms.ChoiceField(  # type: ignore[assignment]  # plain choices, see above
        label=_("Victim, if one person"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        _choose(self, "incident", recorded_choices("incident.reported"))
        _choose(self, "victim", [("", "—"), *recorded_choices("person.recorded")])
        self.order_fields(["incident"])
        _private(self)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.record_act``."""
        data = self.cleaned_data
        names = ("incident", "act_type", "victim", "victim_group", "victim_count")
        return {
            **{name: data[name] for name in names},
            "victims_are_children": data["victims_are_children"],
            "perpetrator": data["perpetrator"],
            "legal_characterisation": data["legal_characterisation"] or None,
            "notes": data["notes"],
        }


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=200,
        help_text=help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


def _entry_statuses() -> list[tuple[str, Any]]:
    return [("", _("as the kind of list says")), *TracedStatus.choices]


class KitListEntryForm(forms.Form):
    """One person of a register, copied as the register writes them."""

    list_kind = forms.ChoiceField(label=_("Kind of list"), choices=kind_choices)
    list_name = forms.CharField(
        label=_("Name of the list"),
        max_length=200,
        help_text=_(
            "The same name for every entry of one register, for example: "
            "Bazarak mosque, burials, Sept. 2021."
        ),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    given_name = forms.CharField(
        label=_("Name as written"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    father_name = _text(_("Father's name"))
    grandfather_name = _text(_("Grandfather's name"))
    family_name = _text(_("Family name"))
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("not given")), ("female", _("female")), ("male", _("male"))],
    )
    age = _text(_("Age"), _("As the list gives it: 19, ~20 or 18-20."))
    birth_year = _text(_("Year of birth"))
    village = _text(_("Village"))
    district = _text(_("District"))
    last_seen_place = _text(
        _("Place on the list"), _("A prison, a grave, a village, as written.")
    )
    date = date_field(_("Date on the list"))
    status = forms.ChoiceField(
        label=_("Status on the list"), required=False, choices=_entry_statuses
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    CELLS = (
        "given_name", "father_name", "grandfather_name", "family_name", "sex",
        "age", "birth_year", "village", "district", "last_seen_place",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _private(self)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``capture.record_list_entry``."""
        data = self.cleaned_data
        return {
            "list_name": data["list_name"],
            "list_kind": data["list_kind"],
            "cells": {name: data[name] for name in self.CELLS},
            "status": data["status"],
            "date": data["date"],
            "notes": data["notes"],
        }
