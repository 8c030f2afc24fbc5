"""The analyst's pages: counts defined over lists, documented and estimated."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.analysis.chart import ChartRow, interval_chart, report_sentence
from sabt.analysis.gather import INCIDENT_VICTIMS
from sabt.analysis.models import Count, Estimate
from sabt.analysis.queries import counts_for, get_count_for, lists_to_count
from sabt.analysis.services import compute_count, define_count, review_pair
from sabt.core.cases import DEFAULT_CASE
from sabt.web.http import AuthenticatedHttpRequest

# The method whose interval the report sentence quotes, first found first.
SENTENCE_METHODS = ("lcmcr", "loglinear", "dga")
METHOD_NAMES = {
    "loglinear": "log-linear models",
    "lcmcr": "LCMCR",
    "dga": "dga",
}


@login_required
@capability_required(Capability.ANALYSE)
@require_http_methods(["GET", "POST"])
def count_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    lists = lists_to_count(request.user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            chosen = list(lists.filter(pk__in=request.POST.getlist("lists")))
            count = define_count(
                actor=request.user,
                case=chosen[0].case if chosen else DEFAULT_CASE,
                title=request.POST.get("title", ""),
                lists=[p.record for p in chosen]
                + [v for v in request.POST.getlist("lists") if v == INCIDENT_VICTIMS],
                act_types=request.POST.getlist("act_types"),
                period_from=request.POST.get("period_from", ""),
                period_to=request.POST.get("period_to", ""),
                threshold=_number(request.POST.get("threshold", ""), 0.9),
            )
            return redirect("web:analysis-count", record=count.record)
        except ValidationError as exc:
            errors = exc.message_dict
    counts = counts_for(request.user)
    context = {
        "counts": counts,
        "incident_victims": INCIDENT_VICTIMS,
        "lists": lists,
        "errors": [m for messages in errors.values() for m in messages],
        "act_types": (("killing", _("killing")), ("execution", _("execution"))),
    }
    return render(request, "web/analysis/list.html", context)


@login_required
@require_GET
def count_detail(request: AuthenticatedHttpRequest, record: str) -> HttpResponse:
    count = _count_for(request, record)
    return render(request, "web/analysis/detail.html", count_page(count))


@login_required
@require_POST
def count_compute(request: AuthenticatedHttpRequest, record: str) -> HttpResponse:
    count = _count_for(request, record)
    # Tests shorten the samplers here; a deployment keeps the defaults.
    quick = getattr(settings, "SABT_ESTIMATE_SETTINGS", {})
    try:
        compute_count(actor=request.user, count=count, **quick)
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    return redirect("web:analysis-count", record=count.record)


@login_required
@require_POST
def count_review(request: AuthenticatedHttpRequest, record: str) -> HttpResponse:
    count = _count_for(request, record)
    try:
        review_pair(
            actor=request.user,
            count=count,
            left=request.POST.get("left", ""),
            right=request.POST.get("right", ""),
            decision=request.POST.get("decision", ""),
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    return redirect("web:analysis-count", record=count.record)


def count_page(count: Count) -> dict[str, Any]:
    """Everything the count's page shows, from its projection rows only."""
    result = count.result
    names = {item["record"]: item["name"] for item in result.get("lists", [])}
    # The latest estimate of each stratum and method.
    latest: dict[tuple[str, str], Estimate] = {}
    for found in Estimate.objects.filter(count=count).order_by("recorded_at"):
        latest[(found.stratum, found.method)] = found
    estimates = sorted(latest.values(), key=lambda e: (e.stratum, e.method))
    documented = result.get("documented", {})
    by_district = dict(map(tuple, documented.get("by", {}).get("district", [])))
    rows: list[dict[str, Any]] = []
    for found in estimates:
        district = found.stratum.removeprefix("district=")
        named = by_district.get(district, 0) if found.stratum else found.observed
        rows.append(
            {
                "estimate": found,
                "label": district if found.stratum else _("Whole count"),
                "method": METHOD_NAMES.get(found.method, found.method),
                "documented": named,
            }
        )
    chart = (
        interval_chart(
            [
                ChartRow(
                    f"{r['label']} · {r['method']}",
                    r["documented"],
                    r["estimate"].estimate,
                    r["estimate"].lower,
                    r["estimate"].upper,
                )
                for r in rows
            ]
        )
        if rows
        else ""
    )
    whole = {found.method: found for found in estimates if not found.stratum}
    chosen = next((whole[m] for m in SENTENCE_METHODS if m in whole), None)
    sentence = (
        report_sentence(
            lower=chosen.lower,
            upper=chosen.upper,
            documented=documented.get("named", 0),
            act=_act_words(count),
            method=METHOD_NAMES[chosen.method],
        )
        if chosen
        else ""
    )
    pairs = result.get("pairs", {})
    return {
        "count": count,
        "result": result,
        "documented": documented,
        "by": documented.get("by", {}),
        "rows": rows,
        "chart": chart,
        "sentence": sentence,
        "overlap": [
            {"lists": [names.get(r, r) for r in o["lists"]], "people": o["people"]}
            for o in result.get("overlap", [])
        ],
        "used": [_pair_row(p, names) for p in pairs.get("used", [])],
        "below": [_pair_row(p, names) for p in pairs.get("below_threshold", [])],
        "list_names": [names.get(r, r) for r in count.lists],
    }


def _pair_row(pair: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {
        **pair,
        "left_list_name": names.get(pair["left_list"], ""),
        "right_list_name": names.get(pair["right_list"], ""),
    }


def _act_words(count: Count) -> str:
    if set(count.act_types) & {"killing", "execution"} or not count.act_types:
        return _("killed")
    return _("victims of the acts counted")


def _count_for(request: AuthenticatedHttpRequest, record: str) -> Count:
    return get_count_for(request.user, str(record))


def _number(text: str, default: float) -> float:
    try:
        return float(text) if text.strip() else default
    except ValueError:
        return -1.0  # refused by define_count with its message
