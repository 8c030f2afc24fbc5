"""Start ``sabt serve`` as a user would, in its own process and data folder."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PASSWORD_LINE = re.compile(r"one-time password: (\S+)")

# One collected copy of the static files for every server this test run
# starts: each fresh home would otherwise hash and compress them again.
STATIC_ROOT = tempfile.mkdtemp(prefix="sabt-test-static-")
atexit.register(shutil.rmtree, STATIC_ROOT, ignore_errors=True)


@dataclass(frozen=True)
class Server:
    url: str
    home: Path
    admin_password: str
    env: dict[str, str]


def sqlite_env(home: Path) -> dict[str, str]:
    """The environment of a fresh SQLite node under ``home``, as `make run` sets."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SABT_")}
    env["SABT_HOME"] = str(home)
    env["SABT_STATIC_ROOT"] = STATIC_ROOT
    return env


def sabt(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the sabt command; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", "sabt", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 30) -> None:
    """Return once the server accepts connections (it prints before binding)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
        else:
            return


@contextmanager
def serving(home: Path, **settings: str) -> Iterator[Server]:
    """Run ``sabt serve`` until the block ends; yield where and how to log in.

    ``settings`` are more environment variables (``SABT_MAX_UPLOAD_BYTES``).
    """
    env, port = {**sqlite_env(home), **settings}, _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sabt", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        password, lines = "", []
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if match := PASSWORD_LINE.search(line):
                password = match.group(1)
            if line.startswith("sabt is serving"):
                break
        else:
            raise RuntimeError("sabt serve stopped:\n" + "".join(lines))
        _wait_for_port(port)
        yield Server(f"http://127.0.0.1:{port}", home, password, env)
    finally:
        process.terminate()
        process.wait(timeout=30)
