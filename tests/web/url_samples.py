"""Every path of the URL conf, with sample values in its parameters.

For tests that must hold on every page (security headers, the second
factor): a page added later is covered without naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from django.urls import URLPattern, URLResolver, get_resolver

MISSING = "00000000-0000-4000-8000-000000000000"
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_SAMPLES = {"uuid": MISSING, "int": "1", "str": "x", "slug": "x", "path": "x"}


def _routes(
    patterns: Sequence[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def every_path(record: str = MISSING) -> list[str]:
    """One path per route; ``record`` fills the uuid parameters."""
    samples = {**_SAMPLES, "uuid": record}

    def sample(match: re.Match[str]) -> str:
        return samples[match.group("converter") or "str"]

    paths = {
        "/" + _PARAMETER.sub(sample, route)
        for route in _routes(get_resolver().url_patterns)
    }
    return sorted(paths)
