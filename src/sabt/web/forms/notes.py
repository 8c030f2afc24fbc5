"""The note form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.notes.services import TEXT_MAX, TITLE_MAX


class NoteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX, required=False, widget=forms.Textarea
    )
