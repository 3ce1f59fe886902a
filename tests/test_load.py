"""Several people using the national map at once, against one server, offline: a short round of
``helpers.load`` (every session opens its own date, checks the headline figures and the map against
``coverage.rollout``, moves the date slider once and checks again).  The long form of issue 14 (20
sessions moving sliders for 60 s, RSS against 400 MB) is the bench ``bench/load_bench.py``.

    .venv/bin/python -m pytest tests/test_load.py -s          # 6 sessions (COVERAGE_LOAD_SESSIONS), one move each
"""

from __future__ import annotations

import os
import statistics
import time

import pytest

from helpers import ROOT, require
from helpers.browser import CHROMIUM, AppServer

from coverage import tables

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
SESSIONS = int(os.environ.get("COVERAGE_LOAD_SESSIONS", "6"))
MB = 1024 * 1024


def test_concurrent_sessions_each_see_their_own_date_and_the_server_stays_within_memory():
    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    pytest.importorskip("playwright.async_api")
    from helpers.load import RssSampler, problems, rss, run_sessions

    data = tables.load()
    with AppServer() as server:
        pid = server.process.pid
        baseline = rss(pid)
        sampler = RssSampler(pid)
        sampler.start()
        results, elapsed = run_sessions(server.url, data, SESSIONS, 0, screenshot=ARTIFACTS / "load-session-0.png")
        peak = max(sampler.stop(), rss(pid))
        after = rss(pid)
        high_water = rss(pid, "VmHWM")

    done = [r for r in results if not isinstance(r, BaseException)]
    moves = [m["seconds"] for r in done for m in r["moves"]]
    print(f"\nload: {SESSIONS} sessions, one slider move each, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f}; total {elapsed:.1f} s; server healthy after {server.started_in:.2f} s")
    if moves:
        print(f"  slider → figures and map agree: median {statistics.median(moves):.2f} s "
              f"[{min(moves):.2f}–{max(moves):.2f}]")
    print(f"  server RSS: baseline {baseline / MB:.0f} MB, peak {peak / MB:.0f} MB (VmHWM {high_water / MB:.0f} MB)")

    found = problems(results, SESSIONS)
    assert not any(found.values()), {kind: items for kind, items in found.items() if items}
    assert len(done) == SESSIONS
    assert len({r["first_date"] for r in done}) == SESSIONS  # every session had its own date
    assert sum(len(r["checks"]) for r in done) >= 2 * SESSIONS  # the first view and each move, all checked
    assert after <= max(peak, high_water)
    assert after <= baseline + 300 * MB, (baseline, after)
