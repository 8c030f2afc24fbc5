"""Record ids of what a submission becomes: the same submission, the same ids.

Every record an import makes has a UUID derived from the submission's
``meta/instanceID`` and its place in the submission, so importing the same
submission again finds its records and writes nothing.
"""

from __future__ import annotations

import uuid

# A fixed namespace for sabt's ODK imports (uuid5 of its name in the URL space).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:sabt:odk:submission")


def record_id(instance_id: str, part: str) -> str:
    """The record id of ``part`` (``incident``, ``acts[2]/victim``) of a submission."""
    return str(uuid.uuid5(NAMESPACE, f"{instance_id}#{part}"))
