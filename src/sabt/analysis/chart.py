"""Documented versus estimated, drawn on the server as SVG, and in words."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

WIDTH, ROW, LABEL = 640, 28, 180


@dataclass(frozen=True)
class ChartRow:
    """One stratum and method: documented by name, and the estimate's interval."""

    label: str
    documented: int
    estimate: float
    lower: float
    upper: float


def interval_chart(rows: list[ChartRow]) -> str:
    """An SVG: a bar for the documented, a line and dot for the estimate."""
    top = max([r.upper for r in rows] + [r.documented for r in rows] + [1.0])
    scale = (WIDTH - LABEL - 20) / top
    height = ROW * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" role="img" class="interval-chart">'
    ]
    for i, r in enumerate(rows):
        y = 5 + i * ROW
        mid = y + ROW // 2
        bar = round(r.documented * scale, 1)
        low, high = round(LABEL + r.lower * scale, 1), round(LABEL + r.upper * scale, 1)
        dot = round(LABEL + r.estimate * scale, 1)
        label = escape(r.label)
        parts += [
            f'<text x="0" y="{mid + 4}" font-size="12">{label}</text>',
            f'<rect x="{LABEL}" y="{y + 6}" width="{bar}" height="{ROW - 12}" '
            f'fill="#9ab"><title>{r.documented}</title></rect>',
            f'<line x1="{low}" y1="{mid}" x2="{high}" y2="{mid}" '
            f'stroke="#333" stroke-width="2"/>',
            f'<circle cx="{dot}" cy="{mid}" r="4" fill="#c33"/>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def report_sentence(
    *, lower: float, upper: float, documented: int, act: str, method: str
) -> str:
    """A sentence to paste into a report, naming the method behind it."""
    return _(
        "Between %(lower)s and %(upper)s people were %(act)s (95%% interval,"
        " %(method)s); %(documented)s are documented by name."
    ) % {
        "lower": f"{round(lower):,}",
        "upper": f"{round(upper):,}",
        "act": act,
        "method": method,
        "documented": f"{documented:,}",
    }
