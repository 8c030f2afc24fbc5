"""Forms of the export pages: an export for a court, and a report."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.web.labels import LANGUAGES, label


def _audiences(allowed: list[str]) -> list[tuple[str, str]]:
    return [(code, label(code, "consent_level")) for code in allowed]


class CourtExportForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who will read it"))
    reason = forms.CharField(
        label=_("Why the export is made"),
        max_length=200,
        help_text=_("Written in the bundle's manifest and in the custody record."),
    )

    def __init__(self, *args: Any, audiences: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["audience"])
        field.choices = _audiences(audiences)
        field.initial = "un_courts" if "un_courts" in audiences else audiences[0]


class ReportForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who will read it"))
    language = forms.ChoiceField(label=_("Language of the report"))

    def __init__(
        self, *args: Any, audiences: list[str], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        audience = cast(forms.ChoiceField, self.fields["audience"])
        audience.choices = _audiences(audiences)
        audience.initial = audiences[-1]
        chosen = cast(forms.ChoiceField, self.fields["language"])
        chosen.choices = [(code, LANGUAGES[code]) for code in ("en", "fa")]
        chosen.initial = "fa" if language.startswith("fa") else "en"
