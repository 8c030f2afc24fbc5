"""The one error every ODK reader raises: a one-line reason, nothing written."""

from __future__ import annotations


class OdkError(ValueError):
    """A file or submission that cannot be imported, with the reason why.

    ``instance_id`` names the submission when it is known, so a report of a
    whole export can say which one failed.
    """

    def __init__(self, reason: str, *, instance_id: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.instance_id = instance_id

    def __str__(self) -> str:
        if self.instance_id:
            return f"{self.instance_id}: {self.reason}"
        return self.reason
