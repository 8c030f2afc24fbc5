"""PFIF person and note records as plain, frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    """A ``pfif:note``: what someone learnt about a person, and when.

    ``fields`` maps PFIF note field names to text; ``sabt_status`` is the
    status in sabt's words (detained, ...), written as an extension.
    """

    fields: dict[str, str]
    sabt_status: str = ""

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass(frozen=True)
class Person:
    """A ``pfif:person`` with the notes written about them."""

    fields: dict[str, str]
    notes: tuple[Note, ...] = field(default=())

    def get(self, name: str) -> str:
        return self.fields.get(name, "")
