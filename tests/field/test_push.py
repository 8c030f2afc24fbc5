"""``sabt field push``: the kit sends its parts to a live headquarters, resuming."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from nacl.public import PrivateKey
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from sabt.access.membership import create_case
from sabt.access.tokens import issue_token
from sabt.field.models import BundleImport
from sabt.records.models import Incident
from tests.access.two_factor_helpers import confirmed_device
from tests.field.kits import enrolled_kit

pytestmark = pytest.mark.django_db(transaction=True)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
    finally:
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def token_file(tmp_path: Path, totp_key_path: Path) -> Path:
    """An administrator's API token, in the file the kit reads it from."""
    registrar = User.objects.create_superuser(username="registrar", password="x" * 20)
    confirmed_device(registrar)
    path = tmp_path / "token"
    path.write_text(issue_token(user=registrar, name="kit-dara push") + "\n")
    return path


@pytest.fixture
def routes(live_server: LiveServer) -> Iterator[tuple[str, str]]:
    """The route, direct and through a proxy that cuts after one connection."""
    upstream = urlsplit(live_server.url)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        first = True
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if not first:
                client.recv(1024)
                client.close()
                continue
            first = False
            server = socket.create_connection((upstream.hostname, upstream.port))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"{live_server.url}/api/bundles", f"http://127.0.0.1:{port}/api/bundles"
    listener.close()


def test_a_broken_push_resumes_with_the_parts_not_yet_sent(
    tmp_path: Path,
    settings: Settings,
    org_key: PrivateKey,
    token_file: Path,
    routes: tuple[str, str],
) -> None:
    url, breaking_proxy = routes
    settings.SABT_BLOB_DIR = tmp_path / "hq-blobs"
    create_case(slug="panjshir", name="Panjshir 2021")
    kit = enrolled_kit(tmp_path, "kit-dara", "panjshir")
    record = kit.run(
        """
        from sabt.field import capture
        print(capture.record_incident(
            title="Night raid", date_from="2021-09-10",
            event_type="violence_against_civilians", places=["Bazarak"],
        ))
        """
    ).split()[-1]

    wrong = tmp_path / "wrong-token"
    wrong.write_text("not-a-token\n")
    refused = kit.sabt("field", "push", url, "--token-file", str(wrong))
    assert refused.returncode == 1
    assert ".manifest.json (401): " in refused.stderr

    broken = kit.sabt("field", "push", breaking_proxy, "--token-file", str(token_file))
    assert broken.returncode == 1
    assert "connection broken after 1 of 2 files" in broken.stderr
    assert "run push again to send the rest" in broken.stderr
    assert not Incident.objects.filter(record=record).exists()

    resumed = kit.sabt("field", "push", url, "--token-file", str(token_file))
    assert resumed.returncode == 0, resumed.stderr
    lines = resumed.stdout.splitlines()
    assert lines[0].endswith(".part0001.zip (2 of 2)")
    assert lines[1].endswith(": 1 of 2 files sent (1 sent before)")
    assert lines[2].startswith("headquarters holds everything through entry 1;")
    assert Incident.objects.get(record=record).created_by == "kit-dara"
    assert BundleImport.objects.get().imported_by == "registrar"

    again = kit.sabt("field", "push", url, "--token-file", str(token_file))
    assert again.returncode == 1
    assert "nothing to export" in again.stderr
