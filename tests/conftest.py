from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"
SHARED_DATA = Path(os.environ.get("COVERAGE_SHARED_DATA", ROOT.parent / "shared" / "data"))
# .ci/run sets this: in CI nothing may be skipped for lack of data or browser.
STRICT = os.environ.get("COVERAGE_STRICT_TESTS") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip when a machine lacks an optional resource; fail instead under COVERAGE_STRICT_TESTS=1."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def shared_data() -> Path:
    require(SHARED_DATA.is_dir(), f"shared real-data folder {SHARED_DATA} is missing (set COVERAGE_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture
def geodata_copy(tmp_path: Path) -> Path:
    """A writable copy of the embedded data, for tests that break one table on purpose."""
    target = tmp_path / "geodata"
    shutil.copytree(GEODATA, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module (never `playwright install`)."""
    from browser import CHROMIUM, launch

    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
