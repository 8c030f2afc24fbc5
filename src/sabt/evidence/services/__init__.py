"""The write path of the evidence domain: items and their files, custody, assessments.

Every function takes the acting user first, raises ValidationError naming each
bad field before anything is appended, and returns the projected row.
"""

from __future__ import annotations

from sabt.evidence.services.assessments import assess
from sabt.evidence.services.custody import (
    add_derivative,
    record_access,
    record_exports,
    record_transfer,
)
from sabt.evidence.services.items import add_file, register_evidence_item

__all__ = [
    "add_derivative",
    "add_file",
    "assess",
    "record_access",
    "record_exports",
    "record_transfer",
    "register_evidence_item",
]
