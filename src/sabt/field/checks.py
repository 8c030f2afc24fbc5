"""On a field kit, only ``sabt field`` runs: a system check stops the rest.

Headquarters' commands and web app record events in clear into the local
log; on a kit that would leave plaintext on a laptop that may be seized.
Until the web app has a field mode, ``sabt serve``, ``sabt migrate`` and
every other checked command refuse to start in a kit home.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error

from sabt.field.kit import is_kit


def refuse_on_a_kit(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not is_kit():
        return []
    return [
        Error(
            "this home is a field kit: only sabt field commands run here "
            "(the web app has no field mode yet, and would record in clear)",
            id="field.E001",
        )
    ]
