"""The plain select box shows what Django's own would: options, groups, choice."""

from __future__ import annotations

import re

from django import forms

from sabt.web.forms.select import PlainSelect

CHOICES = [
    ("", "—"),
    ("Bazarak", [("geonames:1", "Dasht <Rewat> & co"), ("geonames:2", "Bazarak")]),
    ("Khenj", [("geonames:3", "Khenj")]),
]


class Both(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)
    django = forms.ChoiceField(choices=CHOICES, required=False)


def _html(form: forms.Form, name: str) -> str:
    rendered = str(form[name]).replace(f"id_{name}", "ID").replace(name, "NAME")
    return re.sub(r">\s+<", "><", rendered.strip())


def test_plain_select_renders_like_djangos() -> None:
    for data in (None, {"plain": "geonames:2", "django": "geonames:2"}):
        form = Both(data)
        assert _html(form, "plain") == _html(form, "django")
    assert 'value="geonames:2" selected' in _html(
        Both({"plain": "geonames:2"}), "plain"
    )


FLAT = [("geonames:1", "Dasht <Rewat> & co"), ("geonames:2", "Bazarak")]


class Flat(forms.Form):
    plain = forms.ChoiceField(choices=FLAT, required=False, widget=PlainSelect)
    django = forms.ChoiceField(choices=FLAT, required=False)


def test_plain_select_without_groups_renders_like_djangos() -> None:
    for data in (None, {"plain": "geonames:1", "django": "geonames:1"}):
        form = Flat(data)
        assert _html(form, "plain") == _html(form, "django")
    assert "Dasht &lt;Rewat&gt; &amp; co" in _html(Flat(), "plain")
