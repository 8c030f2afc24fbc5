"""Forms about incidents: filtering the list, reporting one, its status and acts."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from sabt.access.queries import visible_incidents, visible_people, visible_places
from sabt.gazetteer.models import District, Place
from sabt.records.filters import IncidentFilter
from sabt.records.models import Incident, IncidentPlace, Person
from sabt.records.services.incidents import COUNTS
from sabt.records.vocabularies import (
    event_types,
    sub_event_types,
    verification_statuses,
)
from sabt.web.forms.fields import RangeField, add_case_field, date_field
from sabt.web.forms.select import PlainSelect
from sabt.web.labels import choices_of, label

BLANK = ("", "—")

# How many place rows the report form offers.
PLACE_ROWS = 3

# The inputs of one place row, in the order the widget lists them: name as
# written, district, keep unresolved, place from the gazetteer.
ROW_WIDTH = 4


def district_choices() -> list[tuple[str, str]]:
    names = District.objects.values_list("name", flat=True)
    return [BLANK, *((name, name) for name in names)]


def place_choices(places: QuerySet[Place]) -> list[Any]:
    """Places grouped by district, for a select box.

    Only the three columns it shows are read: a whole place decodes its
    lists of other names, which the list page paid for on every request.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    no_district = str(_("no district"))
    for key, name, district in places.values_list("key", "name", "district"):
        groups.setdefault(district or no_district, []).append((key, name))
    return [BLANK, *sorted(groups.items())]


def sub_event_type_choices() -> list[Any]:
    """Sub-types grouped under the event type they belong to."""
    return [
        BLANK,
        *(
            (term.label, sub_event_types(term.code).choices())
            for term in event_types().terms
        ),
    ]


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class IncidentFilterForm(forms.Form):
    """What the incident list can be narrowed by; every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    event_type = forms.ChoiceField(
        label=_("Type of event"),
        required=False,
        choices=choices_of("event_type", blank=True),
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Verification status"),
        required=False,
        choices=choices_of("status", blank=True),
        widget=PlainSelect,
    )
    place = forms.ChoiceField(label=_("Place"), required=False, widget=PlainSelect)
    district = forms.ChoiceField(
        label=_("District"), required=False, widget=PlainSelect
    )
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))
    perpetrator = forms.CharField(
        label=_("Alleged perpetrator"), required=False, max_length=200
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only places a visible incident is at: others would find nothing.
        # One look-up per place stops at its first visible incident, where
        # "place in (places of visible incidents)" read every incident. It
        # joins from the place's own rows: "incident in (the visible ones)"
        # made SQLite walk every visible incident for each place instead.
        # A first row, not EXISTS: PostgreSQL read all of an EXISTS's index
        # entries before its first row (465 ms at a million incidents).
        rows = visible_incidents(user).filter(places__place_id=OuterRef("key"))
        first = Subquery(rows.order_by().values("pk")[:1])
        named = visible_places(user).alias(first=first).filter(first__isnull=False)
        _choice(self, "place").choices = place_choices(named)
        _choice(self, "district").choices = district_choices()

    def wanted(self) -> IncidentFilter:
        """The filter asked for; an invalid form filters nothing."""
        if not self.is_valid():
            return IncidentFilter()
        data = self.cleaned_data
        return IncidentFilter(
            event_type=data["event_type"],
            place=data["place"],
            district=data["district"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            status=data["status"],
            perpetrator=data["perpetrator"].strip(),
            text=data["q"].strip(),
        )


class PlaceRowsWidget(forms.MultiWidget):
    """Rows of: name as written, district, keep unresolved, or a known place."""

    template_name = "web/widgets/place_rows.html"

    def __init__(self, districts: list[Any], places: list[Any]) -> None:
        super().__init__(
            [
                widget
                for _row in range(PLACE_ROWS)
                for widget in (
                    forms.TextInput(attrs={"aria-label": _("Name as written")}),
                    forms.Select(
                        choices=districts, attrs={"aria-label": _("District")}
                    ),
                    forms.CheckboxInput(
                        attrs={"aria-label": _("Keep as written, unresolved")}
                    ),
                    forms.Select(
                        choices=places,
                        attrs={"aria-label": _("or a place in the gazetteer")},
                    ),
                )
            ]
        )

    def decompress(self, value: Any) -> list[Any]:
        return [None] * len(self.widgets)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        inputs = context["widget"]["subwidgets"]
        context["widget"]["rows"] = [
            inputs[i : i + ROW_WIDTH] for i in range(0, len(inputs), ROW_WIDTH)
        ]
        return context


class PlacesField(forms.MultiValueField):
    """Where an incident happened, as ``report_incident`` takes ``places``."""

    def __init__(
        self, *, districts: list[Any], places: list[Any], **kwargs: Any
    ) -> None:
        fields = [
            field
            for _row in range(PLACE_ROWS)
            for field in (
                forms.CharField(required=False, max_length=200),
                forms.ChoiceField(choices=districts, required=False),
                forms.BooleanField(required=False),
                forms.ChoiceField(choices=places, required=False),
            )
        ]
        super().__init__(
            fields,
            widget=PlaceRowsWidget(districts, places),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> list[dict[str, Any]]:
        places: list[dict[str, Any]] = []
        for i in range(0, len(data_list), ROW_WIDTH):
            name, district, keep, place = data_list[i : i + ROW_WIDTH]
            if place:
                places.append({"place": place})
            elif name:
                places.append(
                    {"name": name, "district": district, "keep_unresolved": keep}
                )
        # An unticked box is a value, so the field's own check never sees
        # every row empty.
        if self.required and not places:
            raise ValidationError(self.error_messages["required"], code="required")
        return places


WHAT_AND_WHEN = (
    "title",
    "description",
    "event_type",
    "sub_event_type",
    "date_from",
    "date_to",
    "date_precision",
)


class IncidentForm(forms.Form):
    """Report an incident: what, where, when, how many, by whom."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    event_type = forms.ChoiceField(
        label=_("Type of event"), choices=choices_of("event_type")
    )
    sub_event_type = forms.ChoiceField(
        label=_("Sub-type"), required=False, choices=sub_event_type_choices
    )
    date_from = date_field(_("Date, or first day"), required=True)
    date_to = date_field(_("Last day, if it lasted longer"))
    date_precision = forms.ChoiceField(
        label=_("How exactly the date is known"), choices=choices_of("date_precision")
    )
    killed = RangeField(label=_("Killed"))
    injured = RangeField(label=_("Injured"))
    detained = RangeField(label=_("Detained"))
    displaced = RangeField(label=_("Displaced"))
    perpetrator = forms.CharField(
        label=_("Alleged perpetrator"), required=False, max_length=200
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"] = PlacesField(
            label=_("Where"),
            help_text=_(
                "Write each name as the source gives it, with its district if "
                "known, or pick a place from the gazetteer. A name the gazetteer "
                "does not know is refused unless you keep it as written, "
                "unresolved."
            ),
            districts=district_choices(),
            places=place_choices(visible_places(user)),
        )
        add_case_field(self, user)
        # Where belongs with what and when, before the counts.
        self.order_fields([*WHAT_AND_WHEN, "places"])

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``report_incident``."""
        data = self.cleaned_data
        fields = ("title", "description", "event_type", "sub_event_type")
        dates = ("date_from", "date_to", "date_precision")
        return {
            **{name: data[name] for name in (*fields, *dates)},
            "perpetrator": data["perpetrator"],
            "places": data["places"],
            "counts": {name: data[name] for name in COUNTS},
            "case": data["case"],
        }


class StatusForm(forms.Form):
    """Move an incident to one of the statuses its current one leads to."""

    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = verification_statuses().get(incident.status)
        following = current.extra["next"].split() if current else []
        _choice(self, "status").choices = [
            (code, label(code, "status")) for code in following
        ]


class ResolvePlaceForm(forms.Form):
    """Settle an unresolved name on a place: one of its candidates, or any."""

    place = forms.ChoiceField(label=_("The place this name means"))

    def __init__(
        self, *args: Any, row: IncidentPlace, user: User, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        candidates = [(c["place"], c["name"]) for c in row.candidates]
        others = place_choices(visible_places(user))[1:]
        _choice(self, "place").choices = [(_("Candidates"), candidates), *others]


class ActForm(forms.Form):
    """One violation within an incident: what was done, to whom, by whom."""

    act_type = forms.ChoiceField(label=_("Act"), choices=choices_of("act_type"))
    victim = forms.ModelChoiceField(
        label=_("Victim, if one person"),
        queryset=Person.objects.none(),
        required=False,
    )
    victim_group = forms.CharField(
        label=_("Victims, if a group"), required=False, max_length=200
    )
    victim_count = RangeField(label=_("How many victims"))
    victims_are_children = forms.BooleanField(
        label=_("The victims are children"), required=False
    )
    perpetrator = forms.CharField(
        label=_("Alleged perpetrator"), required=False, max_length=200
    )
    legal_characterisation = forms.CharField(
        label=_("Legal characterisation"),
        required=False,
        max_length=100,
        help_text=_("Leave empty to take the Rome Statute articles the act suggests."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        victim = cast("forms.ModelChoiceField[Person]", self.fields["victim"])
        victim.queryset = visible_people(user)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``record_act``, but the incident."""
        data = self.cleaned_data
        return {
            "act_type": data["act_type"],
            "victim": data["victim"].record if data["victim"] else "",
            "victim_group": data["victim_group"],
            "victim_count": data["victim_count"],
            "victims_are_children": data["victims_are_children"],
            "perpetrator": data["perpetrator"],
            "legal_characterisation": data["legal_characterisation"] or None,
            "notes": data["notes"],
        }
