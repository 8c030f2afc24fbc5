"""Sending the kit's pending work to headquarters' ``POST /api/bundles``.

A push exports what headquarters has not acknowledged into the kit's
outbox (``SABT_HOME/field/outbox/<bundle>/``), then sends the manifest and
each part as its own request, writing each file's name to ``sent.txt`` as
soon as the server has taken it. A connection that breaks stops the push;
the next push finds the outbox and sends only what ``sent.txt`` lacks, so a
part is never sent twice (and if it were, headquarters answers "nothing
new"). The acknowledgement the last answer carries is taken at once and the
outbox folder removed. Everything in the outbox is ciphertext, like the rest
of the kit.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from sabt.field import acknowledgement
from sabt.field.bundle import DEFAULT_MAX_PART
from sabt.field.errors import FieldError
from sabt.field.export import export_bundle
from sabt.field.signed import document_bytes

SENT_FILE = "sent.txt"
_TIMEOUT = 120


@dataclass(frozen=True)
class Pushed:
    """What one push did."""

    bundle: str
    sent: int
    sent_before: int
    total: int
    acknowledged_through: int | None


def outbox_dir() -> Path:
    return Path(settings.SABT_HOME) / "field" / "outbox"


def push(
    url: str,
    token: str,
    *,
    max_part_size: int = DEFAULT_MAX_PART,
    progress: Callable[[str], None] = lambda line: None,
) -> Pushed:
    """Send the pending bundle (resumed, or exported now) to ``url``.

    Raises FieldError when there is nothing to send, the server refuses the
    bundle (its reason), or the connection breaks (how far it got).
    """
    if not url.startswith(("https://", "http://")):
        raise FieldError(f"{url}: give the server's https:// address of /api/bundles")
    folder = _pending() or _export(max_part_size)
    [manifest] = folder.glob("*.manifest.json")
    bundle = manifest.name.removesuffix(".manifest.json")
    files = [manifest, *sorted(folder.glob("*.zip"))]
    sent_file = folder / SENT_FILE
    sent = set(sent_file.read_text().split()) if sent_file.exists() else set()
    before = sum(1 for f in files if f.name in sent)
    through = None
    count = 0
    for path in files:
        if path.name in sent:
            continue
        try:
            answer = _post(url, token, path)
        except (urllib.error.URLError, OSError) as exc:
            raise FieldError(
                f"connection broken after {before + count} of {len(files)} files "
                f"({_why(exc)}); run push again to send the rest"
            ) from exc
        with sent_file.open("a") as handle:
            handle.write(path.name + "\n")
        count += 1
        progress(f"sent {path.name} ({before + count} of {len(files)})")
        for ack in answer.get("acknowledgements", []):
            through = acknowledgement.accept(document_bytes(ack))
    if through is not None:
        shutil.rmtree(folder)
    return Pushed(bundle, count, before, len(files), through)


def _pending() -> Path | None:
    """The outbox folder of a push not yet finished, if any."""
    box = outbox_dir()
    if not box.is_dir():
        return None
    for folder in sorted(box.iterdir()):
        if folder.is_dir() and any(folder.glob("*.manifest.json")):
            return folder
        if folder.is_dir():  # an export that did not finish
            shutil.rmtree(folder)
    return None


def _export(max_part_size: int) -> Path:
    folder = outbox_dir() / str(uuid.uuid4())
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        export_bundle(folder, max_part_size=max_part_size, everything=False)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _post(url: str, token: str, path: Path) -> dict[str, Any]:
    """POST one file as the multipart field ``part``; the JSON answer.

    Raises FieldError with the server's reason when it refuses the file.
    """
    boundary = uuid.uuid4().hex
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            b'Content-Disposition: form-data; name="part"; filename="'
            + path.name.encode("ascii")
            + b'"\r\n',
            b"Content-Type: application/octet-stream\r\n\r\n",
            path.read_bytes(),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    # push() let only http(s) addresses through.
    request = urllib.request.Request(  # noqa: S310
        url,
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:  # noqa: S310
            answer: dict[str, Any] = json.loads(response.read())
            return answer
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read()).get("detail", exc.reason)
        except ValueError:
            reason = exc.reason
        raise FieldError(
            f"headquarters refused {path.name} ({exc.code}): {reason}"
        ) from exc


def _why(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason if reason is not None else exc) or type(exc).__name__
