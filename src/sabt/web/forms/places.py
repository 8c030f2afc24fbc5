"""The form that adds a place the gazetteer lacks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.web.forms.fields import lines
from sabt.web.forms.incidents import district_choices


class PlaceForm(forms.Form):
    """A place with coordinates and a note on where they come from."""

    name = forms.CharField(label=_("Name, in Latin script"), max_length=200)
    names_arabic = forms.CharField(
        label=_("Names in Arabic script"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "rtl", "lang": "fa"}),
        help_text=_("One a line."),
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        choices=district_choices,
        help_text=_("Leave empty to take the district from the coordinates."),
    )
    latitude = forms.FloatField(label=_("Latitude"), help_text=_("Such as 35.3129"))
    longitude = forms.FloatField(label=_("Longitude"), help_text=_("Such as 69.5247"))
    location_note = forms.CharField(
        label=_("Where the coordinates come from"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: approximate, from a witness's description."),
    )

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``add_place``."""
        data = self.cleaned_data
        return {**data, "names_arabic": lines(data["names_arabic"])}
