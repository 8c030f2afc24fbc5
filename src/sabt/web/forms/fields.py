"""Pieces every form of the web interface shares.

Forms only shape input for a service: the service does the real validation,
and ``show_service_errors`` puts what it refused beside the field it names.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sabt.web.dates import (
    SOLAR_HIJRI_EXAMPLE,
    parse_typed_day,
    solar_hijri_text,
    types_solar_hijri,
)


class DateInput(forms.DateInput):
    """A date box in the reader's calendar.

    In the Gregorian calendar, the browser's date picker (it submits ISO
    ``YYYY-MM-DD``). Browsers have no Solar Hijri picker, so where the
    reader uses Solar Hijri it is a text box holding "1400-06-19", read
    by ``CalendarDateField``.
    """

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        if types_solar_hijri() and isinstance(value, datetime.date):
            return solar_hijri_text(value)
        return super().format_value(value)

    def get_context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if types_solar_hijri():
            widget = context["widget"]
            widget["type"] = "text"
            widget["attrs"].update(
                {
                    "inputmode": "numeric",
                    "dir": "ltr",
                    "autocomplete": "off",
                    "placeholder": SOLAR_HIJRI_EXAMPLE,
                    "title": gettext("Year-month-day, Solar Hijri: %(example)s")
                    % {"example": SOLAR_HIJRI_EXAMPLE},
                }
            )
        return context


class CalendarDateField(forms.DateField):
    """A day typed in either calendar, in Latin or Persian digits."""

    widget = DateInput

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        day = parse_typed_day(str(value))
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class LimitedFileInput(forms.ClearableFileInput):
    """A file input that tells the browser the node's upload limit.

    ``web/upload_limit.js`` then refuses a larger file when it is chosen,
    with the message given here, before any of it is sent.
    """

    def get_context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        limit = settings.SABT_MAX_UPLOAD_BYTES
        message = gettext("This file is larger than the %(limit)s this node takes.")
        context["widget"]["attrs"].update(
            {
                "data-max-bytes": str(limit),
                "data-too-large": message % {"limit": filesizeformat(limit)},
            }
        )
        return context


def date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return CalendarDateField(label=label, required=required, widget=DateInput())


class RangeWidget(forms.MultiWidget):
    """Two number boxes, "at least" and "at most", under one legend."""

    template_name = "web/widgets/range.html"

    def __init__(self) -> None:
        super().__init__(
            [
                forms.NumberInput(attrs={"min": 0, "aria-label": _("at least")}),
                forms.NumberInput(attrs={"min": 0, "aria-label": _("at most")}),
            ]
        )

    def decompress(self, value: Any) -> list[Any]:
        return list(value) if value else [None, None]


class RangeField(forms.MultiValueField):
    """A count or an age as ``(min, max)``; either end may stay empty."""

    widget = RangeWidget

    def __init__(self, **kwargs: Any) -> None:
        ends = (
            forms.IntegerField(min_value=0, required=False),
            forms.IntegerField(min_value=0, required=False),
        )
        super().__init__(ends, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> tuple[int | None, int | None]:
        if not data_list:
            return (None, None)
        return (data_list[0], data_list[1])


def lines(text: str) -> list[str]:
    """The non-blank lines of a text box, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def show_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names.

    A field the form does not have (``counts``, ``record``) becomes a
    non-field error, so no message is ever lost.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@contextmanager
def service_errors_on(form: forms.Form) -> Iterator[None]:
    """Run a service call; if it refuses, put its errors on the form.

    The ValidationError a service raises for bad input is shown beside the
    form's fields (``show_service_errors``) and goes no further, so a view
    writes the call and what follows success in one block::

        with service_errors_on(form):
            item = register_evidence_item(actor=request.user, **form.arguments())
            return redirect("web:evidence-detail", record=item.record)
        return render(...)  # the form again, with the service's errors
    """
    try:
        yield
    except ValidationError as error:
        show_service_errors(form, error)


class CaseField(forms.ChoiceField):
    """A case to put a new record in; left empty, the first one offered."""

    def clean(self, value: Any) -> Any:
        if value in self.empty_values and self.initial:
            value = self.initial
        return super().clean(value)


def add_case_field(form: forms.Form, user: Any) -> None:
    """Let the user put a new record in a case where they may document.

    With a single such case the choice is made for them (a hidden field).
    """
    from sabt.access.policy import Capability  # noqa: PLC0415
    from sabt.access.queries import cases_for  # noqa: PLC0415

    choices = [(case.slug, case.name) for case in cases_for(user, Capability.DOCUMENT)]
    field = CaseField(label=_("Case"), choices=choices)
    if choices:
        field.initial = choices[0][0]
    if len(choices) == 1:
        field.widget = forms.HiddenInput()
    form.fields["case"] = field
