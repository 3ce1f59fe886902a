"""Access-gap timings: nearest-unit search, the whole-country CLI, and X → map recoloured in Chromium.

    .venv/bin/python bench/access_bench.py --runs 3
    .venv/bin/python bench/access_bench.py --runs 3 --no-browser

(a) ``access.nearest`` for the 10,635 embedded localities against the embedded national network, per
    scope, warm (imports and the network already loaded): the k-d tree build + query alone, and the
    whole call (projection, query, geodesic distance of each locality to its unit, unit columns);
(b) ``imss-coverage access --format json`` for the whole country in a fresh process, including start-up;
(c) national map in access mode: a click on a preset distance button, then a scope change → the map's
    fills changed, the websocket bytes each sent and whether the map re-mounted, in a fresh
    ``streamlit run`` and Chromium with every non-localhost request blocked.

Results are medians [min–max] with the load average at start; JSON to bench/results/access-*.json.
Run nothing else meanwhile: the figures measure the whole machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time

from _common import ROOT, spread, write_results


def timing(values: list[float]) -> dict:
    return {**spread(values, 4), "runs": len(values)}


def nearest_timings(runs: int) -> dict:
    from scipy.spatial import cKDTree

    from coverage import access, network
    from coverage import localities as L

    places, units = L.load_embedded(), network.load_network()
    out = {}
    for scope in access.SCOPES:
        chosen = access.scope_units(units, scope)
        unit_xy, place_xy = access.project(chosen["lon"], chosen["lat"]), access.project(places.table["lon"], places.table["lat"])
        tree_only, whole = [], []
        access.nearest(places, units, scope)  # warm-up
        for _ in range(runs):
            start = time.perf_counter()
            cKDTree(unit_xy).query(place_xy, k=1)
            tree_only.append(time.perf_counter() - start)
            start = time.perf_counter()
            access.nearest(places, units, scope)
            whole.append(time.perf_counter() - start)
        out[scope] = {"units": len(chosen), "localities": len(places.table), "tree_build_query_s": timing(tree_only),
                      "nearest_call_s": timing(whole)}
    return out


def cli_timings(runs: int) -> dict:
    exe = ROOT / ".venv" / "bin" / "imss-coverage"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), "access", "--format", "json"], check=True, capture_output=True,
                       env={**os.environ, "COVERAGE_CLUES": "", "COVERAGE_LOCALITIES": ""})
        times.append(time.perf_counter() - start)
    return {"command": "imss-coverage access --format json", "wall_s": timing(times)}


def _fills_js(frame_selector: str) -> str:
    """The map's state fills, joined, read in the page (no round trip per check)."""
    return ("() => { const f = document.querySelector('%s'); const d = f && f.contentDocument; if (!d) return '';"
            " return Array.from(d.querySelectorAll('path.leaflet-interactive')).map(p => p.getAttribute('fill'))"
            ".join(); }" % frame_selector)


def _until_fills_change(page, fills_js: str, before: str, started: float, limit: float = 30) -> float:
    """Seconds since ``started`` until the fills differ from ``before``, checked on every animation frame."""
    page.wait_for_function("(before) => { const now = (%s)(); return !!now && now !== before; }" % fills_js,
                           arg=before, timeout=limit * 1000, polling="raf")
    return time.perf_counter() - started


def browser_timings(runs: int) -> dict:
    """X change (preset 10 → 50 km) and scope change (hospitals → first level) on the national map:
    seconds to the fills changing, websocket bytes each sent (decompressed), whether the iframe re-mounted."""
    from playwright.sync_api import sync_playwright

    from helpers.browser import (MAP_FRAME, AppServer, block_external, centre, count_websocket_bytes, launch,
                                 wait_for_states, wait_until_idle)

    mark = "() => { document.querySelector('%s').contentWindow.__stale = true; }" % MAP_FRAME
    stale = "() => !!document.querySelector('%s').contentWindow.__stale" % MAP_FRAME
    rows = []
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        for _ in range(runs):
            with AppServer(env={"COVERAGE_CLUES": "", "COVERAGE_LOCALITIES": ""}) as server:
                context = chromium.new_context(viewport={"width": 1400, "height": 1100})
                block_external(context)
                page = context.new_page()
                received = count_websocket_bytes(page)
                page.goto(f"{server.url}/?lang=en&color=access&alcance=hospital&km=10")
                frame = wait_for_states(page, timeout=120_000)
                frame.locator(".imss-legend", has_text="People farther than X km").wait_for(timeout=60_000)
                wait_until_idle(page, settle=1000)
                row = {}
                fills = _fills_js(MAP_FRAME)

                def open_scopes():
                    page.locator('[data-testid="stSelectbox"]', has=page.get_by_text("Units", exact=True)).first.click()
                    return page.get_by_role("option", name="Public first-level units")

                # each change is timed from the click that makes it (found, and the box opened, before the
                # clock starts), until the fills differ, checked in the page on every animation frame
                for action, target in (("x", lambda: page.get_by_role("button", name="50 km")),
                                       ("scope", open_scopes)):
                    point = centre(target())
                    before = page.evaluate(fills)
                    page.evaluate(mark)
                    sent = received["received"]
                    start = time.perf_counter()
                    page.mouse.click(*point)
                    row[f"{action}_change_s"] = _until_fills_change(page, fills, before, start)
                    wait_until_idle(page, settle=500)
                    row[f"{action}_ws_bytes"] = received["received"] - sent
                    row[f"remounted_on_{action}"] = not page.evaluate(stale)
                rows.append(row)
                context.close()
        chromium.close()
    summary = {k: timing([r[k] for r in rows]) for k in rows[0] if not k.startswith("remounted")}
    summary.update({k: sorted({r[k] for r in rows}) for k in rows[0] if k.startswith("remounted")})
    return {"action": "national map, hospitals 10 km: preset 50 km click, then scope → first option; "
                      "→ fills changed", "seconds": summary["x_change_s"], "summary": summary, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpus": os.cpu_count(),
              "load_average_at_start": os.getloadavg(), "nearest": nearest_timings(max(args.runs, 5)),
              "cli": cli_timings(args.runs)}
    if not args.no_browser:
        result["browser"] = browser_timings(args.runs)
    print(json.dumps(result, indent=2))
    write_results("access", result, indent=2)


if __name__ == "__main__":
    main()
