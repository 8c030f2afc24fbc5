"""The form that records a person."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from sabt.access.queries import visible_places
from sabt.web.forms.fields import RangeField, add_case_field, lines
from sabt.web.forms.incidents import place_choices
from sabt.web.labels import choices_of


class PersonForm(forms.Form):
    """A person with names exactly as written, in either script."""

    name = forms.CharField(label=_("Name as written"), max_length=200)
    other_names = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line, in any script."),
    )
    father_name = forms.CharField(
        label=_("Father's name"), required=False, max_length=200
    )
    grandfather_name = forms.CharField(
        label=_("Grandfather's name"), required=False, max_length=200
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=choices_of("sex"), initial="unknown"
    )
    age = RangeField(label=_("Age"))
    birth_year = RangeField(label=_("Year of birth"))
    home_place = forms.ChoiceField(label=_("Home, in the gazetteer"), required=False)
    home_place_name = forms.CharField(
        label=_("Home, as written"), required=False, max_length=200
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_case_field(self, user)
        home = cast(forms.ChoiceField, self.fields["home_place"])
        home.choices = place_choices(visible_places(user))

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``record_person``."""
        data = self.cleaned_data
        return {**data, "other_names": lines(data["other_names"])}
