"""URLs of the web interface."""

from __future__ import annotations

from django.urls import path

from sabt.web.views import (
    about,
    analysis,
    auth,
    evidence,
    exports,
    incidents,
    manage,
    notes,
    overview,
    people,
    places,
    preferences,
    sources,
    tracing,
)

app_name = "web"

urlpatterns = [
    path("", incidents.home, name="home"),
    path("calendar/", preferences.set_calendar, name="set-calendar"),
    path("incidents/", incidents.incident_list, name="incident-list"),
    path("incidents/new/", incidents.incident_report, name="incident-report"),
    path("overview/", overview.overview, name="overview"),
    path("incidents/<uuid:record>/", incidents.incident_detail, name="incident-detail"),
    path(
        "incidents/<uuid:record>/status/",
        incidents.incident_status,
        name="incident-status",
    ),
    path(
        "incidents/<uuid:record>/places/<int:position>/",
        incidents.incident_place,
        name="incident-place",
    ),
    path("incidents/<uuid:record>/acts/new/", incidents.act_new, name="act-new"),
    path(
        "incidents/<uuid:record>/versions/",
        incidents.incident_versions,
        name="incident-versions",
    ),
    path("exports/court/", exports.court_export, name="export-court"),
    path("exports/report/", exports.report, name="export-report"),
    path(
        "exports/incidents.<str:extension>",
        exports.incident_table,
        name="export-incidents",
    ),
    path("exports/<uuid:token>/", exports.ready, name="export-ready"),
    path("exports/<uuid:token>/download/", exports.download, name="export-download"),
    path("evidence/new/", evidence.evidence_new, name="evidence-new"),
    path("evidence/<uuid:record>/", evidence.evidence_detail, name="evidence-detail"),
    path(
        "evidence/<uuid:record>/files/",
        evidence.evidence_file_add,
        name="evidence-file-add",
    ),
    path(
        "evidence/<uuid:record>/assessments/",
        evidence.evidence_assess,
        name="evidence-assess",
    ),
    path(
        "evidence/<uuid:record>/files/<str:sha256>/open/",
        evidence.evidence_file_open,
        name="evidence-file-open",
    ),
    path(
        "evidence/<uuid:record>/files/<str:sha256>/transfer/",
        evidence.evidence_file_transfer,
        name="evidence-file-transfer",
    ),
    path(
        "evidence/<uuid:record>/files/<str:sha256>/derive/",
        evidence.evidence_file_derive,
        name="evidence-file-derive",
    ),
    path("people/", people.person_list, name="person-list"),
    path("people/new/", people.person_new, name="person-new"),
    path("people/<uuid:record>/", people.person_detail, name="person-detail"),
    path(
        "people/<uuid:record>/versions/",
        people.person_versions,
        name="person-versions",
    ),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/new/", sources.source_new, name="source-new"),
    path("sources/<uuid:record>/", sources.source_detail, name="source-detail"),
    path(
        "sources/<uuid:record>/consent/",
        sources.source_consent,
        name="source-consent",
    ),
    path(
        "sources/<uuid:record>/identity/",
        sources.source_identity,
        name="source-identity",
    ),
    path("statements/new/", sources.statement_new, name="statement-new"),
    path("places/new/", places.place_new, name="place-new"),
    path("places/<str:key>/", places.place_detail, name="place-detail"),
    path("manage/users/", manage.users, name="manage-users"),
    path("manage/users/grant/", manage.grant, name="manage-grant"),
    path("manage/cases/new/", manage.case_new, name="manage-case-new"),
    path("manage/audit/", manage.audit_log, name="manage-audit"),
    path("tracing/", tracing.queue, name="tracing-queue"),
    path("tracing/requests/", tracing.request_list, name="tracing-request-list"),
    path("tracing/requests/new/", tracing.request_new, name="tracing-request-new"),
    path(
        "tracing/requests/<uuid:record>/",
        tracing.request_detail,
        name="tracing-request-detail",
    ),
    path(
        "tracing/requests/<uuid:record>/enquirer/",
        tracing.request_enquirer,
        name="tracing-request-enquirer",
    ),
    path(
        "tracing/requests/<uuid:record>/close/",
        tracing.request_close,
        name="tracing-request-close",
    ),
    path("tracing/lists/", tracing.list_list, name="tracing-list-list"),
    path("tracing/lists/new/", tracing.list_upload, name="tracing-list-upload"),
    path(
        "tracing/lists/new/<str:sha256>/",
        tracing.list_mapping,
        name="tracing-list-mapping",
    ),
    path(
        "tracing/lists/<uuid:record>/",
        tracing.list_detail,
        name="tracing-list-detail",
    ),
    path(
        "tracing/lists/<uuid:record>/match/",
        tracing.list_match,
        name="tracing-list-match",
    ),
    path(
        "tracing/matches/<uuid:record>/",
        tracing.match_detail,
        name="tracing-match-detail",
    ),
    path(
        "tracing/matches/<uuid:record>/decide/",
        tracing.match_decide,
        name="tracing-match-decide",
    ),
    path(
        "tracing/matches/<uuid:record>/consent/",
        tracing.match_consent,
        name="tracing-match-consent",
    ),
    path(
        "tracing/matches/<uuid:record>/notify/",
        tracing.match_notify,
        name="tracing-match-notify",
    ),
    path("analysis/", analysis.count_list, name="analysis-counts"),
    path("analysis/<uuid:record>/", analysis.count_detail, name="analysis-count"),
    path(
        "analysis/<uuid:record>/compute/",
        analysis.count_compute,
        name="analysis-compute",
    ),
    path(
        "analysis/<uuid:record>/review/",
        analysis.count_review,
        name="analysis-review",
    ),
    path("about/", about.about, name="about"),
    path("demo/", about.demo_load, name="demo-load"),
    path("notes/", notes.note_list, name="note-list"),
    path("notes/<uuid:record>/", notes.note_detail, name="note-detail"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("login/verify/", auth.two_factor_verify, name="two-factor-verify"),
    path("account/two-factor/", auth.two_factor_enrol, name="two-factor-enrol"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password-change"),
]
