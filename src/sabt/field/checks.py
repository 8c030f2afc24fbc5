"""On a field kit, only ``sabt field`` and the kit's web app run.

Headquarters' commands and pages record events in clear into the local
log; on a kit that would leave plaintext on a laptop that may be seized.
A system check stops every checked command in a kit home (``sabt migrate``,
``sabt verify``...) but ``sabt serve``, which says it serves the kit's own
pages (``serve_in_field_mode``): those record only sealed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error

from sabt.field.kit import is_kit

FIELD_URLCONF = "sabt.web.field.urls"

_serving_kit_pages = False


def serve_in_field_mode() -> None:
    """Let this process pass the check: it serves only the kit's pages."""
    global _serving_kit_pages  # noqa: PLW0603  (one switch for the process)
    _serving_kit_pages = True


def refuse_on_a_kit(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not is_kit():
        return []
    if _serving_kit_pages and settings.ROOT_URLCONF == FIELD_URLCONF:
        return []
    return [
        Error(
            "this home is a field kit: only sabt field commands and sabt serve "
            "(the kit's own pages) run here; the rest would record in clear",
            id="field.E001",
        )
    ]
