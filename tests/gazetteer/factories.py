"""Places made through ``add_place``, so every user place has its signed event.

Kept beside the gazetteer tests; ``make_place`` can move to
``tests/factories.py`` with the other factories.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from sabt.gazetteer.models import Place
from sabt.gazetteer.services import add_place

# Made-up test coordinates near Bazarak, not the tomb's surveyed position.
SARICHA: dict[str, Any] = {
    "name": "Saricha",
    "names_arabic": ["سریچه"],
    "latitude": 35.31,
    "longitude": 69.52,
    "location_note": "approximate, test data near Bazarak",
}


def make_place(actor: User, **overrides: Any) -> Place:
    fields = {**SARICHA, **overrides}
    return add_place(actor=actor, **fields)
