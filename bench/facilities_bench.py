"""Facility map at national size, in the real app in Chromium: ours vs a naive one-marker-per-unit map.

    .venv/bin/python bench/facilities_bench.py --runs 3

Generates the synthetic national catalogue (scripts/make_synthetic_clues.py) in a temporary folder,
then for each approach and run: a fresh ``streamlit run`` and browser context, time from ``goto`` to
every point present as a Leaflet layer (+2 animation frames), time from a filter click to the new
point count, and websocket bytes received (decompressed).  Prints a table, writes bench/results/*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts"), str(ROOT / "src")]

from browser import MAP_FRAME, AppServer, count_websocket_bytes, free_port, launch  # noqa: E402

VENDOR = ROOT / "static" / "vendor"
COUNT_JS = """() => { const f = document.querySelector('%s'); const w = f && f.contentWindow;
  if (!w || !w.map || !w.L) return -1; let n = 0;
  w.map.eachLayer(l => { if (l._imssGroup || (w.L.MarkerClusterGroup && l instanceof w.L.MarkerClusterGroup))
                           n += l.getLayers().length; }); return n; }""" % MAP_FRAME


class NaiveServer(AppServer):
    def start(self, timeout: float = 120):
        begin = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "bench" / "naive_app.py"), "--server.headless",
             "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.perf_counter() - begin < timeout:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read().strip() == b"ok":
                        self.started_in = time.perf_counter() - begin
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TimeoutError("naive app did not start")


def cdn_routes(context) -> list[str]:
    """Serve folium's CDN Leaflet and markercluster from the vendored copies; empty 200 for other JS/CSS."""
    blocked: list[str] = []
    local = {"leaflet.js": VENDOR / "leaflet" / "leaflet.js", "leaflet.css": VENDOR / "leaflet" / "leaflet.css",
             "leaflet.markercluster.js": VENDOR / "markercluster" / "leaflet.markercluster.js",
             "MarkerCluster.css": VENDOR / "markercluster" / "MarkerCluster.css",
             "MarkerCluster.Default.css": VENDOR / "markercluster" / "MarkerCluster.Default.css"}

    def handle(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if host in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:", "about:")):
            return route.continue_()
        name = urlparse(url).path.rsplit("/", 1)[-1]
        if name in local:
            kind = "text/css" if name.endswith(".css") else "application/javascript"
            return route.fulfill(status=200, body=local[name].read_bytes(), content_type=kind)
        if name.endswith((".js", ".css")):
            return route.fulfill(status=200, body="", content_type="application/javascript"
                                 if name.endswith(".js") else "text/css")
        blocked.append(url)
        return route.abort()

    context.route("**/*", handle)
    return blocked


def wait_count(page, expected: int, timeout: float) -> float:
    started = time.perf_counter()
    page.wait_for_function(f"() => ({COUNT_JS})() === {expected}", timeout=timeout * 1000, polling=100)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return time.perf_counter() - started


def remove_tag(page, label: str) -> None:
    """Drop the last option (``label``: private units come last) of the institution multiselect."""
    page.locator('[data-testid="stMultiSelect"] input').first.click()
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")


def one_run(playwright, approach: str, env: dict, total: int, after: int, label: str, timeout: float) -> dict:
    server_cls = AppServer if approach == "ours" else NaiveServer
    with server_cls(env=env) as server:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        blocked = cdn_routes(context)
        page = context.new_page()
        received = count_websocket_bytes(page)
        path = "/unidades?lang=es" if approach == "ours" else "/"
        started = time.perf_counter()
        page.goto(server.url + path)
        wait_count(page, total, timeout)
        visible = time.perf_counter() - started
        first_bytes = received["received"]
        dialog = page.locator('[data-testid="stDialog"]')
        if dialog.count():
            page.keyboard.press("Escape")
            dialog.wait_for(state="detached")
        page.evaluate("() => { document.querySelector('%s').contentWindow.__stale = true; }" % MAP_FRAME)
        started = time.perf_counter()
        remove_tag(page, label)
        wait_count(page, after, timeout)
        update = time.perf_counter() - started
        remounted = not page.evaluate("() => !!document.querySelector('%s').contentWindow.__stale" % MAP_FRAME)
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        result = {"approach": approach, "time_to_map_visible_s": round(visible, 2),
                  "filter_to_update_s": round(update, 2), "first_load_ws_bytes": first_bytes,
                  "filter_ws_bytes": received["received"] - first_bytes, "remounted_on_filter": remounted,
                  "js_heap_bytes": heap, "server_healthy_s": round(server.started_in, 2),
                  "external_blocked": len(blocked)}
        context.close()
        browser.close()
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--public", type=int, default=35_000)
    parser.add_argument("--private", type=int, default=8_000)
    parser.add_argument("--approaches", default="ours,naive")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)

    import make_synthetic_clues
    from playwright.sync_api import sync_playwright

    from coverage import clues

    tmp = Path(tempfile.mkdtemp(prefix="clues-bench-"))
    path = make_synthetic_clues.write(make_synthetic_clues.make(args.public, args.private), tmp / "cat", "parquet")
    catalogue = clues.load(path)
    total = len(clues.points(catalogue))
    after = len(clues.points(catalogue, groups=[g for g in clues.GROUPS if g != "private"]))
    env = {"COVERAGE_CLUES": str(path), "COVERAGE_CACHE": str(tmp / "cache")}
    clues.load(path, cache=tmp / "cache")  # both approaches start from a normalised catalogue on disk
    results = []
    with sync_playwright() as playwright:
        for approach in args.approaches.split(","):
            label = "Privadas" if approach == "ours" else "private"
            for run in range(args.runs):
                result = one_run(playwright, approach, env, total, after, label, args.timeout)
                result["run"] = run + 1
                print(json.dumps(result), flush=True)
                results.append(result)
    summary = {}
    for approach in args.approaches.split(","):
        rows = [r for r in results if r["approach"] == approach]
        summary[approach] = {key: {"median": statistics.median(r[key] for r in rows),
                                   "min": min(r[key] for r in rows), "max": max(r[key] for r in rows)}
                             for key in ("time_to_map_visible_s", "filter_to_update_s", "first_load_ws_bytes",
                                         "filter_ws_bytes")}
    print(f"\n{total:,} points drawn ({args.public:,} public + {args.private:,} private units), filter: "
          f"hide private → {after:,}; {os.cpu_count()} CPUs; medians of {args.runs} runs [min–max]")
    print(f"{'approach':8} {'map visible s':>20} {'filter→update s':>20} {'first load bytes':>26} {'filter bytes':>24}")
    for approach, s in summary.items():
        cell = lambda k, f: f"{s[k]['median']:{f}} [{s[k]['min']:{f}}–{s[k]['max']:{f}}]"  # noqa: E731
        print(f"{approach:8} {cell('time_to_map_visible_s', '.2f'):>20} {cell('filter_to_update_s', '.2f'):>20} "
              f"{cell('first_load_ws_bytes', ',d'):>26} {cell('filter_ws_bytes', ',d'):>24}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"facilities-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps({"points": total, "after_filter": after, "cpus": os.cpu_count(), "runs": results,
                                  "summary": summary}, indent=1), encoding="utf-8")
    print(f"written {target}")


if __name__ == "__main__":
    main()
