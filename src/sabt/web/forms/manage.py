"""Forms of the admin pages: accounts, roles in cases, cases, the audit filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sabt.access.membership import DEFAULT_CASE
from sabt.access.models import ReadAudit
from sabt.access.policy import Role
from sabt.core.cases import Case

ROLE_LABELS = {
    Role.ADMIN: _("administrator"),
    Role.INVESTIGATOR: _("investigator"),
    Role.TRACING_OFFICER: _("tracing officer"),
    Role.FIELD_DOCUMENTER: _("field documenter"),
    Role.ANALYST: _("analyst"),
    Role.VIEWER: _("viewer"),
}
# Least power first, administrator last; a new account starts on no role at
# all, so nobody becomes an administrator by leaving the field as it is.
CASE_ROLES = [
    Role.VIEWER,
    Role.FIELD_DOCUMENTER,
    Role.ANALYST,
    Role.TRACING_OFFICER,
    Role.INVESTIGATOR,
]
ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in CASE_ROLES]


def _case_choices() -> list[tuple[str, str]]:
    return [(case.slug, case.name) for case in Case.objects.all()]


class NewUserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            ("", _("Choose a role")),
            *ROLE_CHOICES,
            (Role.ADMIN.value, ROLE_LABELS[Role.ADMIN]),
        ],
    )
    case = forms.ChoiceField(
        label=_("Case"), choices=_case_choices, initial=DEFAULT_CASE
    )


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role")), *ROLE_CHOICES]
    )
    case = forms.ChoiceField(label=_("Case"), choices=_case_choices)


class NewCaseForm(forms.Form):
    slug = forms.CharField(label=_("Short name"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("anything")), *ReadAudit.Action.choices],
    )
    target = forms.CharField(label=_("Record"), required=False, max_length=36)
