"""Access-gap timings: nearest-unit search, the whole-country CLI, and X → map recoloured in Chromium.

    .venv/bin/python bench/access_bench.py --runs 3
    .venv/bin/python bench/access_bench.py --runs 3 --no-browser

(a) ``access.nearest`` for the 10,635 embedded localities against the embedded national network, per
    scope, warm (imports and the network already loaded): the k-d tree build + query alone, and the
    whole call (projection, query, geodesic distance of each locality to its unit, unit columns);
(b) ``imss-coverage access --format json`` for the whole country in a fresh process, including start-up;
(c) national map in access mode: a click on a preset distance button → the map's fills changed
    (no re-mount), in a fresh ``streamlit run`` and Chromium with every non-localhost request blocked.

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


def browser_timings(runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from helpers.browser import AppServer, block_external, launch, map_frame, wait_for_states

    times = []
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        for _ in range(runs):
            with AppServer(env={"COVERAGE_CLUES": "", "COVERAGE_LOCALITIES": ""}) as server:
                context = chromium.new_context(viewport={"width": 1400, "height": 1100})
                block_external(context)
                page = context.new_page()
                page.goto(f"{server.url}/?lang=en&color=access&alcance=hospital&km=10")
                frame = wait_for_states(page, timeout=120_000)
                frame.locator(".imss-legend", has_text="People farther than X km").wait_for(timeout=60_000)
                page.wait_for_timeout(1500)
                script = "ps => ps.map(p => p.getAttribute('fill')).join()"
                before = frame.locator("path.leaflet-interactive").evaluate_all(script)
                page.evaluate("() => { window.__mounted = true; }")
                start = time.perf_counter()
                page.get_by_role("button", name="50 km").click()
                while time.perf_counter() - start < 30:
                    now = map_frame(page).locator("path.leaflet-interactive").evaluate_all(script)
                    if now and now != before:
                        break
                    page.wait_for_timeout(20)
                times.append(time.perf_counter() - start)
                context.close()
        chromium.close()
    return {"action": "national map, hospitals: 10 km → 50 km preset click → fills changed", "seconds": timing(times)}


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
