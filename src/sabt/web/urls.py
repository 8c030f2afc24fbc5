"""URLs of the web interface."""

from __future__ import annotations

from django.urls import path

from sabt.web.views import auth, notes

app_name = "web"

urlpatterns = [
    path("", notes.home, name="home"),
    path("notes/<uuid:record>/", notes.note_detail, name="note-detail"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password-change"),
]
