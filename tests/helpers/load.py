"""Several readers on the national map at once against one server (issue 14: "20 concurrent sessions
moving sliders for 60 s: no error, all figures right, server RSS ≤ 400 MB"); shared by
``tests/test_load.py`` (a short round in CI) and ``bench/load_bench.py`` (the long form, for real).

Each session is its own browser context (its own cookies, its own Streamlit session) in one Chromium,
driven concurrently with Playwright's async API.  A session opens the national map on its own
``?fecha=…``, waits for the 32 states and checks every headline figure (one count per status, the
people covered, PSINDER in operating states) and the map's operating fills against ``coverage.rollout``
for the date in its URL; then it moves the date slider (the click of ``browser.click_date_slider``),
checks again, and keeps moving until its time is up (at least once).  A check that does not come
right within the timeout records what the page showed instead.  The server's RSS is sampled from
``/proc/<pid>/status``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from coverage import maps, rollout
from coverage.dates import FIRST_AS_OF, parse_url_date
from coverage.i18n import format_int, t

from helpers.browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME

LANG = "es"
OPERATING = maps.STATUS_COLOURS["operating"]
METRIC_KEYS = {"operating": "metric.operating", "signed": "metric.signed", "in_process": "metric.in_process"}

# [label, value] pairs → true when every metric with that label shows that value (labels compared whole)
FIGURES_JS = """(pairs) => { const shown = {};
  document.querySelectorAll('[data-testid=stMetric]').forEach(m => {
    const label = m.querySelector('[data-testid=stMetricLabel]'), value = m.querySelector('[data-testid=stMetricValue]');
    if (label && value) shown[label.innerText.trim()] = value.innerText.trim(); });
  return pairs.every(([label, value]) => shown[label] === value); }"""
SHOWN_JS = """() => Object.fromEntries(Array.from(document.querySelectorAll('[data-testid=stMetric]')).map(m =>
  [(m.querySelector('[data-testid=stMetricLabel]') || m).innerText.trim(),
   (m.querySelector('[data-testid=stMetricValue]') || m).innerText.trim()]))"""
MAP_JS = """(n) => { const f = document.querySelector('%s');
  const p = f && f.contentDocument && f.contentDocument.querySelectorAll('path.leaflet-interactive');
  return !!p && p.length === 32 && Array.from(p).filter(x => x.getAttribute('fill') === '%s').length === n; }""" % (
    MAP_FRAME, OPERATING)
FILLS_JS = """() => { const f = document.querySelector('%s');
  const p = f && f.contentDocument ? Array.from(f.contentDocument.querySelectorAll('path.leaflet-interactive')) : [];
  return [p.length, p.filter(x => x.getAttribute('fill') === '%s').length]; }""" % (MAP_FRAME, OPERATING)


def rss(pid: int, field: str = "VmRSS") -> int:
    """Bytes of ``field`` (VmRSS now, VmHWM the peak so far) from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


class RssSampler(threading.Thread):
    """The peak VmRSS of ``pid``, sampled every ``every`` seconds until ``stop``."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.samples, self.done = pid, every, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                self.peak = max(self.peak, rss(self.pid))
                self.samples += 1
            except (OSError, LookupError):
                return
            self.done.wait(self.every)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def expected_figures(data, day: dt.date) -> tuple[list[list[str]], int]:
    """What the national map's side panel must show on ``day`` ([label, value] per metric, as the page
    writes them) and how many states the map must fill as operating: from ``coverage.rollout``."""
    summary = rollout.headline(rollout.status_table(data, day, LANG), day)
    pairs = [[t(METRIC_KEYS.get(s, f"status.{s}"), LANG), str(summary.counts[s])] for s in maps.LEGEND_ORDER]
    pairs.append([t("truth.covered.label", LANG), format_int(summary.covered, LANG)])
    pairs.append([t("truth.psinder.label", LANG), format_int(summary.uninsured_operating, LANG)])
    return pairs, summary.counts["operating"]


def start_date(index: int, sessions: int, span: int) -> dt.date:
    """Spread the sessions' first dates over the slider's range."""
    return FIRST_AS_OF + dt.timedelta(days=int(span * (index + 0.5) / sessions))


async def click_date_slider(page, fraction: float) -> None:
    """``browser.click_date_slider`` for the async API: click the as-of slider's track at ``fraction``."""
    ticks = await page.locator('[data-testid="stSlider"] [data-testid="stSliderTickBar"]').first.bounding_box()
    handle = await page.get_by_role("slider").first.bounding_box()
    await page.mouse.click(ticks["x"] + ticks["width"] * fraction, handle["y"] + handle["height"] / 2)


async def check_view(page, data, timeout_ms: float) -> dict:
    """Wait until the headline figures and the map show the model's values for the URL's date; the
    check, with what the page showed when it did not come right in time."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    day = parse_url_date(parse_qs(urlparse(page.url).query)["fecha"][0])
    pairs, operating = expected_figures(data, day)
    check = {"date": day.isoformat(), "operating": operating, "right": True}
    try:
        await page.wait_for_function(FIGURES_JS, arg=pairs, timeout=timeout_ms, polling=100)
        await page.wait_for_function(MAP_JS, arg=operating, timeout=timeout_ms, polling=100)
    except PlaywrightTimeout:
        check.update(right=False, expected=dict(pairs), shown=await page.evaluate(SHOWN_JS),
                     fills=await page.evaluate(FILLS_JS))
    return check


async def session(browser, url: str, index: int, data, sessions: int, seconds: float, timeout_ms: float,
                  screenshot: Path | None = None) -> dict:
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
    context.set_default_timeout(timeout_ms)  # 20 fresh contexts fetch ~4.7 MB of static files each at once
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    span = (dt.date.today() - FIRST_AS_OF).days
    first = start_date(index, sessions, span)
    result = {"index": index, "first_date": first.isoformat(), "checks": [], "moves": []}
    started = time.perf_counter()
    try:
        await page.goto(f"{url}/?fecha={first.isoformat()}&lang={LANG}", wait_until="commit")
        await page.frame_locator(MAP_FRAME).first.locator("path.leaflet-interactive").nth(31).wait_for(
            state="attached", timeout=timeout_ms)
        result["to_map_s"] = time.perf_counter() - started
        check = await check_view(page, data, timeout_ms)
        result["checks"].append(check)
        result["first_url_date"] = check["date"]
        result["to_checked_s"] = time.perf_counter() - started
        deadline = time.perf_counter() + seconds
        position = (first - FIRST_AS_OF).days / span
        day = check["date"]
        while not result["moves"] or time.perf_counter() < deadline:
            # jump half the track away from where the session is, so the date surely changes
            position = min(0.98, max(0.02, (position + 0.5) % 1.0))
            before = page.url
            moved = time.perf_counter()
            await click_date_slider(page, position)
            await page.wait_for_function("(before) => location.href !== before", arg=before, timeout=timeout_ms)
            check = await check_view(page, data, timeout_ms)
            result["checks"].append(check)
            result["moves"].append({"date": check["date"], "changed": check["date"] != day,
                                    "seconds": round(time.perf_counter() - moved, 3)})
            day = check["date"]
        result["exceptions"] = await page.locator('[data-testid="stException"]').count()
        if screenshot is not None and index == 0:
            screenshot.parent.mkdir(exist_ok=True)
            await page.screenshot(path=screenshot, full_page=True)
    except Exception as exc:  # a wait that timed out: which session, where, and what the page showed
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        result["error_after_s"] = round(time.perf_counter() - started, 1)
        result["error_url"] = page.url
        try:
            result["error_shown"] = {"figures": await page.evaluate(SHOWN_JS), "map": await page.evaluate(FILLS_JS)}
            if screenshot is not None:
                await page.screenshot(path=screenshot.with_name(f"{screenshot.stem}-failed-{index}.png"))
        except Exception:  # noqa: BLE001 - the page itself is gone
            pass
    finally:
        result["page_errors"] = errors
        result["external_attempts"] = attempts
        await context.close()
    return result


async def _run(url: str, data, sessions: int, seconds: float, timeout_ms: float, screenshot) -> tuple[list, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            started = time.perf_counter()
            results = await asyncio.gather(
                *(session(browser, url, i, data, sessions, seconds, timeout_ms, screenshot) for i in range(sessions)),
                return_exceptions=True)
            elapsed = time.perf_counter() - started
        finally:
            await browser.close()
    return results, elapsed


def run_sessions(url: str, data, sessions: int, seconds: float, timeout_ms: float | None = None,
                 screenshot: Path | None = None) -> tuple[list, float]:
    """``sessions`` concurrent readers for ``seconds`` of slider moves each (0: one move); their results
    (or the exception a session died of) and the wall time."""
    # a wait, not a goal: on 2 shared vCPU every session's first run queues behind the others'
    timeout_ms = timeout_ms or 60_000 + 30_000 * sessions
    return asyncio.run(_run(url, data, sessions, seconds, timeout_ms, screenshot))


def problems(results: list, sessions: int) -> dict[str, list]:
    """Everything that went wrong, by kind (empty lists: nothing did)."""
    done = [r for r in results if not isinstance(r, BaseException)]
    return {
        "failed_sessions": [repr(r) for r in results if isinstance(r, BaseException)]
        + [{k: v for k, v in r.items() if k in ("index", "first_date", "error", "error_after_s", "error_url",
                                                "error_shown")} for r in done if "error" in r],
        "missing_sessions": list(range(len(done), sessions)) if len(results) < sessions else [],
        "wrong_figures": [{"session": r["index"], **c} for r in done for c in r["checks"] if not c["right"]],
        "first_date_not_in_url": [r["index"] for r in done
                                  if "first_url_date" in r and r["first_url_date"] != r["first_date"]],
        "date_unchanged_by_a_move": [(r["index"], m["date"]) for r in done for m in r["moves"] if not m["changed"]],
        "exceptions_on_page": [r["index"] for r in done if r.get("exceptions")],
        "page_errors": [(r["index"], e) for r in done for e in r["page_errors"]],
        "external_requests": [(r["index"], a) for r in done for a in r["external_attempts"]],
        "sessions_without_a_move": [r["index"] for r in done if not r["moves"] and "error" not in r],
    }
