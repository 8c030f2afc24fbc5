"""Record ids that follow from what they identify: lists, rows, candidates."""

from __future__ import annotations

import uuid

# Record ids that follow from what they identify, so that importing the
# same file or finding the same pair twice makes nothing new.
LIST_NAMESPACE = uuid.UUID("3f1c2a9e-6b7d-4e0a-9c58-0d2b7e61a4f3")
ENTRY_NAMESPACE = uuid.UUID("b6e0d4a2-1f3c-4b8e-a7d9-52c1e0f93b64")
CANDIDATE_NAMESPACE = uuid.UUID("d82a5c17-94e3-4f06-b1a8-6c3e2d7f0b95")


def list_record(case: str, sha256: str) -> str:
    """The record of the list a file became in a case."""
    return str(uuid.uuid5(LIST_NAMESPACE, f"{case}/{sha256}"))


def entry_key(list_record_id: str, row_id: str) -> str:
    """The key of a list's row, from the list and the row's own id."""
    return str(uuid.uuid5(ENTRY_NAMESPACE, f"{list_record_id}/{row_id}"))


def candidate_record(request: str, entry: str) -> str:
    """The record of the candidate pairing a request and a list entry."""
    return str(uuid.uuid5(CANDIDATE_NAMESPACE, f"{request}/{entry}"))
