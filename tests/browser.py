"""Launch Debian's chromium through Playwright's sync API.

The tests never use a browser that Playwright downloads (``playwright install``
needs the internet): they drive the ``chromium`` Debian package, which
``scripts/system-packages.sh`` installs. The flags keep chromium off the
network, which this machine and CI do not have: without them it keeps trying
to reach update, sync and QUIC endpoints, and floods refused connections.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")

CHROMIUM_ARGS = (
    "--no-sandbox",  # CI runs as root, where chromium's sandbox refuses to start
    "--disable-gpu",  # no GPU, no display
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_chromium(playwright: Playwright) -> Browser:
    """Start a headless Debian chromium; the caller closes it."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=list(CHROMIUM_ARGS),
    )
