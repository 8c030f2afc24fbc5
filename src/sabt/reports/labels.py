"""Words for the evidence codes a report prints, translated through gettext.

The models' own choice labels are English only; a Dari report needs these.
Codes with a vocabulary or a label in ``web.labels`` are read from there.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIENCES: dict[str, Promise] = {
    "nobody": pgettext_lazy("report", "nobody"),
    "organisation": pgettext_lazy("report", "the organisation only"),
    "un_courts": pgettext_lazy("report", "UN mechanisms and courts"),
    "public": pgettext_lazy("report", "the public"),
}

CUSTODY_ACTIONS: dict[str, Promise] = {
    "acquired": _("acquired"),
    "accessed": _("accessed"),
    "exported": _("exported"),
    "transferred": _("transferred"),
    "derived": _("derivative made"),
}

ACQUISITIONS: dict[str, Promise] = {
    "captured": _("captured on a device"),
    "received": _("received from a source"),
    "collected": _("collected from a web address"),
}

ASSESSMENT_KINDS: dict[str, Promise] = {
    "source": _("source analysis"),
    "technical": _("technical analysis"),
    "geolocation": _("content analysis: geolocation"),
    "chronolocation": _("content analysis: chronolocation"),
    "content": _("content analysis: other"),
}

FINDINGS: dict[str, Promise] = {
    "consistent": _("consistent with the claim"),
    "inconsistent": _("contradicts the claim"),
    "inconclusive": _("inconclusive"),
}

CONFIDENCE: dict[str, Promise] = {
    "low": _("low confidence"),
    "medium": _("medium confidence"),
    "high": _("high confidence"),
}

COUNTS: dict[str, Promise] = {
    "killed": _("Killed"),
    "injured": _("Injured"),
    "detained": _("Detained"),
    "displaced": _("Displaced"),
}

KINDS: dict[str, dict[str, Promise]] = {
    "audience": AUDIENCES,
    "custody_action": CUSTODY_ACTIONS,
    "acquisition": ACQUISITIONS,
    "assessment_kind": ASSESSMENT_KINDS,
    "finding": FINDINGS,
    "confidence": CONFIDENCE,
    "count": COUNTS,
}


def report_label(code: str, kind: str) -> str:
    """The label of ``code`` in the active language; the code if unknown."""
    return str(KINDS[kind].get(code, code))
