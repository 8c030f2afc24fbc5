"""The form of the bundle upload page: a kit's manifests and parts, many at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.web.forms.fields import LimitedFileInput


class ManyFilesInput(LimitedFileInput):
    allow_multiple_selected = True


class ManyFilesField(forms.FileField):
    """Every file chosen in one input, each checked as a FileField checks one."""

    widget = ManyFilesInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        if not any(files):
            raise forms.ValidationError(self.error_messages["required"], "required")
        return [super(ManyFilesField, self).clean(file, initial) for file in files]


class BundleUploadForm(forms.Form):
    parts = ManyFilesField(
        label=_("Manifests and parts"),
        help_text=_(
            "The files sabt field export wrote: NAME.manifest.json and "
            "NAME.partNNNN.zip, in any order; parts still to come can be "
            "added later."
        ),
        error_messages={"required": _("Choose a bundle's manifest or parts.")},
    )
