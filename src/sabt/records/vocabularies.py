"""Controlled vocabularies, read from the CSV files beside this module.

Codes are what events store; labels are for people, in English or Dari.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language

VOCABULARY_DIR = Path(__file__).parent / "vocabularies"


@dataclass(frozen=True)
class Term:
    code: str
    label_en: str
    label_fa: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The label in the active language (Dari or English)."""
        language = get_language() or "en"
        return self.label_fa if language.startswith("fa") else self.label_en


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    def __contains__(self, code: object) -> bool:
        return any(term.code == code for term in self.terms)

    def get(self, code: str) -> Term | None:
        return next((term for term in self.terms if term.code == code), None)

    def label(self, code: str) -> str:
        term = self.get(code)
        return term.label if term else code

    def choices(self) -> list[tuple[str, str]]:
        return [(term.code, term.label) for term in self.terms]

    def codes(self) -> list[str]:
        return [term.code for term in self.terms]


@functools.cache
def vocabulary(name: str) -> Vocabulary:
    """Load ``vocabularies/<name>.csv``; raises FileNotFoundError for a bad name."""
    path = VOCABULARY_DIR / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    terms = tuple(
        Term(
            code=row.pop("code"),
            label_en=row.pop("label_en"),
            label_fa=row.pop("label_fa"),
            extra={k: v or "" for k, v in row.items()},
        )
        for row in rows
    )
    return Vocabulary(name=name, terms=terms)


def event_types() -> Vocabulary:
    """ACLED event types: the top level (no parent)."""
    full = vocabulary("event_types")
    return Vocabulary(
        "event_types", tuple(t for t in full.terms if not t.extra["parent"])
    )


def sub_event_types(parent: str = "") -> Vocabulary:
    """ACLED sub-event types, all or those of one event type."""
    full = vocabulary("event_types")
    terms = tuple(
        t for t in full.terms if t.extra["parent"] and parent in ("", t.extra["parent"])
    )
    return Vocabulary("sub_event_types", terms)


def act_types() -> Vocabulary:
    return vocabulary("act_types")


def verification_statuses() -> Vocabulary:
    return vocabulary("verification_statuses")


def stances() -> Vocabulary:
    return vocabulary("stances")


def source_kinds() -> Vocabulary:
    return vocabulary("source_kinds")


def date_precisions() -> Vocabulary:
    return vocabulary("date_precisions")
