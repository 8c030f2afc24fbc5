"""The note form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.notes.services import TEXT_MAX, TITLE_MAX
from sabt.web.forms.fields import add_case_field


class NoteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        """With ``user``, a new note: it asks which case it goes in."""
        super().__init__(*args, **kwargs)
        if user is not None:
            add_case_field(self, user)
