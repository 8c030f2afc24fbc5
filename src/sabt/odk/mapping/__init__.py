"""What each form's submissions become, through the domain services.

A mapping names the form it reads (``form_id``), its repeats, and turns one
submission into records; it never writes a table itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sabt.core.services import Actor
from sabt.odk.media import Received
from sabt.odk.submission import Submission


@dataclass(frozen=True)
class Context:
    actor: Actor
    case: str
    received: Received
    # Where files go; a preview stores them in a folder thrown away after.
    blob_root: Path | None = None


@dataclass(frozen=True)
class Mapping:
    name: str
    form_id: str
    repeats: frozenset[str]
    # Whether the submission with this instance id was imported already.
    imported: Callable[[str], bool]
    apply: Callable[[Submission, Context], list[str]]
    # An edit (``deprecatedID``) of the submission whose records it revises
    # (the chain's first); None where the form's edits are not imported.
    revise: Callable[[Submission, Context, str], list[str]] | None = None
