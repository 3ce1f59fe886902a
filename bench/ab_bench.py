"""A/B of a lever: later visits and date changes of several copies of the app, and the floor, in one run.

    git worktree add /tmp/lever HEAD          # then change /tmp/lever
    .venv/bin/python bench/ab_bench.py --runs 3 --visits 4 main=. lever=/tmp/lever

Each round starts one fresh, warmed server per copy (as ``scripts/serve.py`` starts it) and one for the
floor (``bench/floor_app.py``), then visits them in turn, alternating the order from visit to visit so a
drifting load hits every copy alike.  A visit is a fresh browser context: ``goto`` → 32 states drawn (+2
animation frames, "later visit"; "page whole": the sidebar, the side panel and the table on screen too), then the date slider clicked near its end → today's colours drawn
("date change", the click's point found before the clock starts), and the rest of the page updated too (no
text of the main area names the link's date; "date → page updated", the floor's is its date change).  ``--units``: each copy's visit also
opens the link with the facility layer on (``&unidades=1``) in another fresh context → 32 states drawn and
every point of the embedded network in the layer ("layer visit", against the floor's later visit).  A copy runs its own ``app.py``,
``views/`` and ``src/`` (``PYTHONPATH``); the environment (.venv) is this checkout's.
Medians [min–max] per copy and their ratio to the floor; JSON to ``bench/results/ab-*.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from _common import ROOT, cell, markdown_table, spread, write_results

from helpers.browser import AppServer, block_external, date_slider_point, launch, wait_for_states  # noqa: E402
from run_bench import FLOOR_APP, RECOLOURED_JS, TWO_FRAMES, machine, timed  # noqa: E402

URL = "/?fecha=2022-03-31&lang=es"
# the app's page is whole when these are on screen (the floor's when its states are drawn): the sidebar's
# date box, the side panel's last figure and the status table, sent after the map (views/_head_start.py)
STILL_OLD_JS = """() => { const main = document.querySelector('[data-testid=stMain]');
  return !!main && !main.textContent.includes('31 de marzo de 2022'); }"""  # URL's date, as the page writes it
COMPLETE = ('[data-testid=stSidebar] [data-testid=stDateInput]', '[data-testid=stMetric]', '.imss-table table')


def start(name: str, folder: Path | None) -> AppServer:
    if folder is None:
        return AppServer(script=FLOOR_APP).start(timeout=120)
    env = {"PYTHONPATH": os.pathsep.join([str(folder / "src"), str(folder)])}
    return AppServer(env=env, script=folder / "app.py", warm=True).start(timeout=180)


def layer_visit(browser, server: AppServer, points: int) -> float:
    from facilities_bench import COUNT_JS

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
    block_external(context)
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(server.url + URL + "&unidades=1")
        wait_for_states(page, timeout=120_000)
        page.wait_for_function(f"() => ({COUNT_JS})() === {points}", timeout=120_000, polling="raf")
        page.evaluate(TWO_FRAMES)
        return time.perf_counter() - started
    finally:
        context.close()


def visit(browser, server: AppServer, operating: int, whole: tuple[str, ...], points: int | None = None) -> dict:
    layer = layer_visit(browser, server, points) if points else None
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
    attempts = block_external(context)
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(server.url + URL)
        wait_for_states(page, timeout=120_000)
        page.evaluate(TWO_FRAMES)
        later = time.perf_counter() - started
        for selector in whole:  # the app's last parts too (the floor has none)
            page.locator(selector).last.wait_for(state="visible", timeout=120_000)
        complete = time.perf_counter() - started
        time.sleep(0.5)
        point = date_slider_point(page, 0.995)
        started = time.perf_counter()
        change = timed(page, point, RECOLOURED_JS, operating)
        if whole:  # the rest of the page too: no text of the main area names the link's date any more
            page.wait_for_function(STILL_OLD_JS, timeout=120_000, polling="raf")
        page_change = time.perf_counter() - started
        return {"later_visit_s": later, "page_complete_s": complete, "date_change_s": change,
                "date_page_s": page_change, "units_layer_visit_s": layer, "external_attempts": len(attempts)}
    finally:
        context.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copies", nargs="+", help="name=folder, e.g. main=. lever=/tmp/lever")
    parser.add_argument("--runs", type=int, default=2, help="rounds, each with fresh servers")
    parser.add_argument("--visits", type=int, default=4, help="visits per copy and round")
    parser.add_argument("--units", action="store_true", help="also a visit with the facility layer on")
    args = parser.parse_args(argv)
    points = None
    if args.units:
        from run_bench import national_points

        points = national_points()
    copies = {"floor": None}
    for item in args.copies:
        name, _, folder = item.partition("=")
        copies[name] = (ROOT / folder).resolve() if folder else ROOT
    from playwright.sync_api import sync_playwright

    report = {"machine": machine(), "runs": args.runs, "visits": args.visits,
              "copies": {k: str(v) if v else "bench/floor_app.py" for k, v in copies.items()}}
    rows: dict[str, list] = {name: [] for name in copies}
    with sync_playwright() as playwright:
        for run in range(args.runs):
            servers = {name: start(name, folder) for name, folder in copies.items()}
            browser = launch(playwright)
            try:
                names = list(servers)
                for number in range(args.visits):
                    for name in (names if (run + number) % 2 == 0 else names[::-1]):
                        floor = name == "floor"
                        row = visit(browser, servers[name], 32 if floor else 23, () if floor else COMPLETE,
                                    None if floor else points)
                        row.update(copy=name, run=run + 1)
                        rows[name].append(row)
                        print(json.dumps(row), flush=True)
            finally:
                browser.close()
                for server in servers.values():
                    server.stop()
    report["load_average_end"] = os.getloadavg()
    keys = ("later_visit_s", "page_complete_s", "date_change_s", "date_page_s") + (
        ("units_layer_visit_s",) if points else ())
    report["summary"] = {name: {key: spread([r[key] for r in copy_rows if r[key] is not None])
                                for key in keys if any(r[key] is not None for r in copy_rows)}
                         for name, copy_rows in rows.items()}
    report["rows"] = rows
    floor = report["summary"]["floor"]
    lines = [f"load average at start {report['machine']['load_average_start']}, at end {report['load_average_end']};"
             f" {args.runs} rounds × {args.visits} visits", ""]
    lines += markdown_table(["copy", "later visit s", "÷ floor", "page whole s", "÷ floor", "date change s", "÷ floor",
                             "date → page updated s"], [
        [name, cell(s["later_visit_s"], ".2f"), f"{s['later_visit_s']['median'] / floor['later_visit_s']['median']:.2f}",
         cell(s["page_complete_s"], ".2f"),
         f"{s['page_complete_s']['median'] / floor['later_visit_s']['median']:.2f}",
         cell(s["date_change_s"], ".3f"), f"{s['date_change_s']['median'] / floor['date_change_s']['median']:.2f}",
         cell(s["date_page_s"], ".3f")]
        for name, s in report["summary"].items()])
    if points:
        lines += ["", f"layer visit (?unidades=1 → {points} points in the layer) ÷ the floor's later visit", ""]
        lines += markdown_table(["copy", "layer visit s", "÷ floor"], [
            [name, cell(s["units_layer_visit_s"], ".2f"),
             f"{s['units_layer_visit_s']['median'] / floor['later_visit_s']['median']:.2f}"]
            for name, s in report["summary"].items() if "units_layer_visit_s" in s])
    print("\n".join(lines))
    write_results("ab", report)


if __name__ == "__main__":
    main()
