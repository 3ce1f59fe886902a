"""Several people using the national map at once, against one server, offline.

Each session is its own browser context (its own cookies, its own Streamlit session) in one Chromium,
driven concurrently with Playwright's async API.  A session opens the national map on its own
``?fecha=…``, waits for the 32 states, checks the headline "Estados en operación" against
``coverage.rollout`` for that date, then moves the date slider (same click as
``browser.click_date_slider``) and checks again; it keeps moving the slider until
``COVERAGE_LOAD_SECONDS`` have passed (at least once).  No session may show an exception, raise a page
error or try a non-localhost request.  The server's RSS is sampled from ``/proc/<pid>/status`` before,
during (peak) and a few seconds after all sessions closed.

    .venv/bin/python -m pytest tests/test_load.py -s                                     # CI: 6 sessions, one round
    COVERAGE_LOAD_SESSIONS=20 COVERAGE_LOAD_SECONDS=60 .venv/bin/python -m pytest tests/test_load.py -s   # long form
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from helpers.browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, AppServer
from helpers import ROOT, require

from coverage import rollout, tables
from coverage.dates import parse_url_date

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
SESSIONS = int(os.environ.get("COVERAGE_LOAD_SESSIONS", "6"))
SECONDS = float(os.environ.get("COVERAGE_LOAD_SECONDS", "0"))  # 0: one slider move per session
TIMEOUT_MS = 30_000 + 6_000 * SESSIONS  # on 2 vCPU every session's first run queues behind the others
FIRST_DAY = dt.date(2021, 12, 1)  # the slider's first day (views/_shared.py)
OPERATING = "#117733"
LABEL = "Estados en operación"

METRIC_JS = """([label, n]) => Array.from(document.querySelectorAll('[data-testid=stMetric]'))
  .some(m => m.innerText.includes(label) && m.querySelector('[data-testid=stMetricValue]').innerText.trim() === String(n))"""
MAP_JS = """(n) => { const f = document.querySelector('%s');
  const p = f && f.contentDocument && f.contentDocument.querySelectorAll('path.leaflet-interactive');
  return !!p && p.length === 32 && Array.from(p).filter(x => x.getAttribute('fill') === '%s').length === n; }""" % (
    MAP_FRAME, OPERATING)


def rss(pid: int, field: str = "VmRSS") -> int:
    """Bytes of ``field`` (VmRSS now, VmHWM the peak so far) from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.done = pid, every, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                self.peak = max(self.peak, rss(self.pid))
            except (OSError, LookupError):
                return
            self.done.wait(self.every)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def operating_on(data, day: dt.date) -> int:
    return rollout.headline(rollout.status_table(data, day), day).counts["operating"]


def start_date(index: int, span: int) -> dt.date:
    """Spread the sessions' first dates over the slider's range."""
    return FIRST_DAY + dt.timedelta(days=int(span * (index + 0.5) / SESSIONS))


async def click_date_slider(page, fraction: float) -> None:
    """``browser.click_date_slider`` for the async API: click the as-of slider's track at ``fraction``."""
    ticks = await page.locator('[data-testid="stSlider"] [data-testid="stSliderTickBar"]').first.bounding_box()
    handle = await page.get_by_role("slider").first.bounding_box()
    await page.mouse.click(ticks["x"] + ticks["width"] * fraction, handle["y"] + handle["height"] / 2)


async def check_view(page, data, expected_day: dt.date | None = None) -> tuple[dt.date, int]:
    """Wait until headline and map show the model's count for the URL's date; return (date, count)."""
    day = parse_url_date(parse_qs(urlparse(page.url).query)["fecha"][0])
    if expected_day is not None:
        assert day == expected_day, (day, expected_day)
    expected = operating_on(data, day)
    await page.wait_for_function(METRIC_JS, arg=[LABEL, expected], timeout=TIMEOUT_MS, polling=100)
    await page.wait_for_function(MAP_JS, arg=expected, timeout=TIMEOUT_MS, polling=100)
    return day, expected


async def session(browser, url: str, index: int, data, span: int, deadline_after: float) -> dict:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
    attempts: list[str] = []

    async def handle(route):
        host = urlparse(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:", "about:")):
            await route.continue_()
        else:
            attempts.append(route.request.url)
            await route.abort()

    await context.route("**/*", handle)
    context.set_default_timeout(TIMEOUT_MS)  # 20 fresh contexts fetch ~4.7 MB of static files each at once
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    first = start_date(index, span)
    result = {"index": index, "first_date": first.isoformat(), "moves": []}
    try:
        started = time.perf_counter()
        await page.goto(f"{url}/?fecha={first.isoformat()}&lang=es", wait_until="commit")
        await page.frame_locator(MAP_FRAME).first.locator("path.leaflet-interactive").nth(31).wait_for(
            state="attached", timeout=TIMEOUT_MS)
        result["to_map_s"] = time.perf_counter() - started
        day, count = await check_view(page, data, expected_day=first)
        result["first_count"] = count
        result["to_checked_s"] = time.perf_counter() - started
        deadline = time.perf_counter() + deadline_after
        position = (first - FIRST_DAY).days / span
        move = 0
        while move == 0 or time.perf_counter() < deadline:
            # jump half the track away from where the session is, so the date surely changes
            position = min(0.98, max(0.02, (position + 0.5) % 1.0))
            before = page.url
            moved = time.perf_counter()
            await click_date_slider(page, position)
            await page.wait_for_function("(before) => location.href !== before", arg=before, timeout=TIMEOUT_MS)
            new_day, count = await check_view(page, data)
            assert new_day != day, (index, day, new_day)
            result["moves"].append({"date": new_day.isoformat(), "operating": count,
                                    "seconds": round(time.perf_counter() - moved, 3)})
            day, move = new_day, move + 1
        result["exceptions"] = await page.locator('[data-testid="stException"]').count()
        if index == 0:
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=ARTIFACTS / "load-session-0.png", full_page=True)
    finally:
        result["page_errors"] = errors
        result["external_attempts"] = attempts
        await context.close()
    return result


async def run_sessions(url: str, data, server_pid: int) -> tuple[list, float]:
    from playwright.async_api import async_playwright

    span = (dt.date.today() - FIRST_DAY).days
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            started = time.perf_counter()
            results = await asyncio.gather(*(session(browser, url, i, data, span, SECONDS) for i in range(SESSIONS)),
                                           return_exceptions=True)
            elapsed = time.perf_counter() - started
        finally:
            await browser.close()
    return results, elapsed


def test_concurrent_sessions_each_see_their_own_date_and_the_server_stays_within_memory():
    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    pytest.importorskip("playwright.async_api")
    data = tables.load()
    with AppServer() as server:
        pid = server.process.pid
        time.sleep(1.0)
        baseline = rss(pid)
        sampler = RssSampler(pid)
        sampler.start()
        results, elapsed = asyncio.run(run_sessions(server.url, data, pid))
        peak = max(sampler.stop(), rss(pid))
        time.sleep(5.0)  # sessions are closed; give the server a moment to drop them
        after = rss(pid)
        high_water = rss(pid, "VmHWM")

    failures = [r for r in results if isinstance(r, BaseException)]
    done = [r for r in results if not isinstance(r, BaseException)]
    to_map = [r["to_map_s"] for r in done]
    moves = [m["seconds"] for r in done for m in r["moves"]]
    mb = 1024 * 1024
    print(f"\nload: {SESSIONS} sessions, {SECONDS:.0f} s of slider moves each, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; total {elapsed:.1f} s; server healthy after {server.started_in:.2f} s")
    if to_map:
        print(f"  goto → 32 states: median {statistics.median(to_map):.2f} s [{min(to_map):.2f}–{max(to_map):.2f}]")
    if moves:
        print(f"  slider → headline and map agree: {len(moves)} moves, median {statistics.median(moves):.2f} s "
              f"[{min(moves):.2f}–{max(moves):.2f}]")
    print(f"  server RSS: baseline {baseline / mb:.0f} MB, peak {peak / mb:.0f} MB (VmHWM {high_water / mb:.0f} MB), "
          f"5 s after closing {after / mb:.0f} MB")
    for failure in failures:
        print(f"  session failed: {failure!r}")

    assert not failures, failures
    assert len(done) == SESSIONS
    for r in done:
        assert r["exceptions"] == 0, r
        assert r["page_errors"] == [], r
        assert r["external_attempts"] == [], r
        assert r["moves"], r
    assert len({r["first_date"] for r in done}) == SESSIONS  # every session had its own date
    assert after <= max(peak, high_water)
    assert after <= baseline + 300 * mb, (baseline, after)
