"""Pytest fixtures ``browser`` and ``page``, driving Debian's chromium.

Registered in ``tests/conftest.py`` by ``pytest_plugins``. Without
``/usr/bin/chromium`` a browser test is skipped on a developer's machine but
fails on CI (``CI=true``), where a skip would hide a missing install step.

Playwright's sync API leaves its asyncio loop marked as running in the main
thread for as long as it is started, so Django refuses ORM calls there with
SynchronousOnlyOperation (the database setup of every later test included).
While the browser is up, ``DJANGO_ALLOW_ASYNC_UNSAFE`` lifts that check, as
Django's documentation advises for such environments: no code runs
concurrently here, the loop only waits between Playwright calls.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser import CHROMIUM, launch_chromium


def _on_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless chromium for the whole session."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing; scripts/system-packages.sh installs it"
        if _on_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                yield browser
            finally:
                browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context: no cookies or storage shared between tests."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()
