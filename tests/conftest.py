"""Fixtures shared by every test module.

Browser tests get ``browser`` (one Chromium per module), ``server`` (the app, one per module, started with
``server_env`` over the environment: a module that needs other settings overrides ``server_env``) and
``page`` / ``open_page`` (fresh contexts where every non-localhost request is blocked; at teardown the
test fails if any was tried).  Constants and ``require`` live in ``helpers``; test modules import
them from there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import GEODATA, SHARED_DATA, require
from helpers.browser import CHROMIUM, AppServer, block_external, launch

DEFAULT_PAGE = {"viewport": {"width": 1400, "height": 1000}, "locale": "es-MX"}


def require_chromium() -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install -y chromium)")


@pytest.fixture
def shared_data() -> Path:
    require(SHARED_DATA.is_dir(), f"shared real-data folder {SHARED_DATA} is missing (set COVERAGE_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(scope="module")
def data():
    """The embedded tables, loaded and validated once per module."""
    from coverage import tables

    return tables.load()


@pytest.fixture
def geodata_copy(tmp_path: Path) -> Path:
    """A writable copy of the embedded data, for tests that break one table on purpose."""
    target = tmp_path / "geodata"
    shutil.copytree(GEODATA, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module (never `playwright install`)."""
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server_env() -> dict:
    """Variables set for this module's app server (over os.environ); override in a module to change them."""
    return {}


@pytest.fixture(scope="module")
def server(server_env):
    """``streamlit run app.py`` on a free loopback port, one per module, with ``server_env``."""
    require_chromium()
    with AppServer(env=server_env) as app:
        yield app


@pytest.fixture
def open_page(browser):
    """``open_page(**context_options)``: a page in a fresh context with every non-localhost request blocked
    (the attempts are in ``page.external_attempts``).  Teardown closes the contexts and asserts that no
    request left the machine."""
    opened = []

    def open_(**options):
        context = browser.new_context(**options)
        attempts = block_external(context)
        page = context.new_page()
        page.external_attempts = attempts
        opened.append((context, attempts))
        return page

    yield open_
    for context, _ in opened:
        context.close()
    tried = [url for _, attempts in opened for url in attempts]
    assert tried == [], tried


@pytest.fixture
def page_options() -> dict:
    """Context options of the ``page`` fixture; override in a module for another viewport or downloads."""
    return DEFAULT_PAGE


@pytest.fixture
def page(open_page, page_options):
    """A Spanish-locale desktop page, offline (see ``open_page``)."""
    return open_page(**page_options)
