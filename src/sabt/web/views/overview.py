"""The overview: every incident the user may see, on the map, in time, counted.

Filtered like the list (the same form and the same query string), so a
filter set on one page carries to the other.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET

from sabt.access.audit import record_search
from sabt.access.decorators import capability_required
from sabt.access.policy import Capability
from sabt.access.queries import visible_acts
from sabt.records.filters import COUNT_CAP, filter_incidents
from sabt.web.forms.incidents import IncidentFilterForm
from sabt.web.http import AuthenticatedHttpRequest
from sabt.web.pages import overview as charts
from sabt.web.pages import records as pages

# Past this many, one row per incident would be a wall: the counts remain.
TIMELINE_ROWS = 200


@login_required
@capability_required(Capability.VIEW)
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IncidentFilterForm(request.GET or None, user=request.user)
    wanted = form.wanted()
    record_search(username=request.user.get_username(), text=wanted.text,
                  over="incident", request=request)  # fmt: skip
    rows = filter_incidents(pages.incident_list(request.user), wanted)
    incidents = list(rows.order_by("date_from", "record")[: COUNT_CAP + 1])
    capped = len(incidents) > COUNT_CAP
    incidents = incidents[:COUNT_CAP]
    acts = visible_acts(request.user).filter(incident__in=[i.record for i in incidents])
    timeline = charts.timeline(incidents, right_to_left=get_language_bidi())
    context = {
        "form": form,
        "count": len(incidents),
        "capped": capped,
        "legend": charts.legend(incidents),
        "map_data": charts.overview_map(request.user, incidents),
        "timeline": timeline,
        "timeline_rows": timeline.rows if len(timeline.rows) <= TIMELINE_ROWS else [],
        "by_district": charts.by_district(incidents),
        "by_act_type": charts.by_act_type(acts),
        "width": charts.WIDTH,
    }
    return render(request, "web/overview/overview.html", context)
