"""Login, the second factor, logout, and the password change a one-time
password forces; the page a locked-out login gets.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django import forms
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sabt.access import two_factor
from sabt.access.accounts import password_changed
from sabt.access.two_factor import CodeCheck
from sabt.web.http import AuthenticatedHttpRequest


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(self.request.user)  # type: ignore[arg-type]  # login_required
        return response


class LogoutView(auth_views.LogoutView):
    pass


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "dir": "ltr",
            }
        ),
    )


CODE_MESSAGES = {
    CodeCheck.WRONG: gettext_lazy(
        "That code is not right. Enter the six digits your app shows now; "
        "they change every 30 seconds."
    ),
    CodeCheck.WAIT: gettext_lazy(
        "Too many wrong codes in a row. Wait a few seconds, then enter the "
        "code your app shows now."
    ),
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for a code from the user's confirmed device, after the password."""
    if two_factor.step_needed(request.user) is not two_factor.Step.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = two_factor.check_code(request, request.user, form.cleaned_data["code"])
        if check is CodeCheck.ACCEPTED:
            return redirect(_next_url(request))
        if check is CodeCheck.LOCKED_OUT:
            logout(request)
            return locked_out(request, None, None)
        form.add_error("code", CODE_MESSAGES[check])
    context = {"form": form, "next": _next_url(request)}
    return render(request, "web/two_factor/verify.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan or type the key, confirm a code."""
    step = two_factor.step_needed(request.user)
    if step is two_factor.Step.VERIFY:
        return redirect("web:two-factor-verify")
    if two_factor.confirmed_device(request.user) is not None:
        return render(request, "web/two_factor/enrolled.html")
    device = two_factor.pending_device(request, request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        check = two_factor.confirm_device(request, request.user, device, code)
        if check is CodeCheck.ACCEPTED:
            return redirect(_next_url(request))
        form.add_error("code", CODE_MESSAGES[check])
    context = {
        "form": form,
        "next": _next_url(request),
        "required": step is two_factor.Step.ENROL,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_text(device),
        "uri": device.config_url,
    }
    return render(request, "web/two_factor/enrol.html", context)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    """The page for a locked-out login (``settings.AXES_LOCKOUT_CALLABLE``).

    Every failed attempt during the lock-out starts the cool-off again, so
    the lock ends one cool-off from now.
    """
    cool_off = get_cool_off(request)
    context = {
        "retry_at": timezone.now() + cool_off if cool_off else None,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "web/locked_out.html", context, status=429)


def _next_url(request: HttpRequest) -> str:
    """The safe ``next`` of the request, else the home page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else resolve_url("web:home")
