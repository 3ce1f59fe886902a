"""Shared test helpers, importable from every test module (pyproject.toml puts ``tests/`` and ``scripts/``
on pytest's ``pythonpath``): where the checkout and its data are, and skip-or-fail for optional resources.

``helpers.browser`` starts the app and drives Chromium (also used by ``bench/``); ``helpers.apptest`` runs
pages headless with Streamlit's AppTest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GEODATA = ROOT / "geodata"
ARTIFACTS = ROOT / "test-artifacts"
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
