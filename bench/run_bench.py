"""Speed against the floor: the national map and /unidades, ours beside the smallest app of the same stack.

    .venv/bin/python bench/run_bench.py --runs 3           # floor and ours, 3 rounds (several minutes)
    .venv/bin/python bench/run_bench.py --runs 3 --no-facilities

Absolute seconds on a shared machine wander; ratios measured in one run do not (issue 14).  Each round
starts **fresh** servers for the floor (bench/floor_app.py: the same 32 shapes through ``st_folium`` with
local Leaflet and nothing else) and for ours (``app.py``, started as ``scripts/serve.py`` starts it: once
healthy, one warm-up run of the map page through ``/_stcore/script-health-check``, which also loads
/unidades' data: ``views/_warm.py``), and ours once more
without that warm-up ("cold", the two visits only), in alternating order, each behind a TCP proxy
that counts server→browser bytes, and a fresh Chromium with every non-localhost request blocked.  Per app:

(a) process start → ``/_stcore/health`` ok; ours: → the warm-up run done ("ready");
(b) first visit after start: ``goto /?fecha=2022-03-31`` → 32 states drawn (+2 animation frames);
(c) later visits (``--later-visits``, 4 by default), each a fresh browser context → 32 states drawn
    (pooled over rounds);
(d) date slider click (→ today) → recoloured (ours: today's 23 operating states; floor: all 32 green);
    websocket bytes decompressed and on the wire; whether the map's iframe re-mounted;
(e) ours only: colouring change (status → delay) and language change (es → en) → the map shows the new
    colours / legend, whether it re-mounted, and the websocket bytes each sent; the ratio is against the
    floor's recolour (d), the stack's own cost of changing the colours on a mounted map;
(e') ours only: a fresh context on the same link with the facility layer on (``&unidades=1``) → 32 states
    drawn and every unit of the embedded network in the clusters; the ratio is against the floor's later
    visit (both a fresh context on a warm server);
(f) the server's peak RSS (VmHWM) after all of it;
(g) ours only: the script's own run time with Streamlit's AppTest in a fresh process (first run, rerun);
(h) /unidades: bench/facilities_bench.py's run (fresh server and context), with the embedded national
    network when /unidades shows it, else the synthetic national catalogue (35,000 + 8,000 units):
    map visible (ratio against the floor's first visit), filter → updated, bytes per filter.

Medians [min–max] over rounds, ratios of medians; the load average at start and end is printed.
JSON to bench/results/app-*.json.
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
from pathlib import Path

from _common import ROOT, cell, markdown_table, spread, write_results

from helpers.browser import (MAP_FRAME, AppServer, block_external, centre, count_websocket_bytes,  # noqa: E402
                             date_slider_point, launch, wait_for_states)
from facilities_bench import ByteProxy, one_run, peak_rss  # noqa: E402

FLOOR_APP = ROOT / "bench" / "floor_app.py"
OPERATING = "#117733"
BANDWIDTH = 10e6 / 8  # bytes per second at 10 Mbit/s
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
FILLS_JS = """() => { const f = document.querySelector('%s');
  const p = f && f.contentDocument && f.contentDocument.querySelectorAll('path.leaflet-interactive');
  return p ? Array.from(p).map(x => x.getAttribute('fill')) : []; }""" % MAP_FRAME
# After the date click: ours shows today's 23 operating states, the floor all 32 green.
RECOLOURED_JS = "(n) => { const f = (%s)(); return f.length === 32 && f.filter(x => x === '%s').length === n; }" % (
    FILLS_JS, OPERATING)
CHANGED_JS = "(before) => { const f = (%s)(); return f.length === 32 && f.join() !== before.join(); }" % FILLS_JS
LEGEND_JS = """(text) => { const f = document.querySelector('%s'); const d = f && f.contentDocument;
  const l = d && d.querySelector('.imss-legend'); const p = d && d.querySelectorAll('path.leaflet-interactive');
  return !!l && l.textContent.includes(text) && p.length === 32; }""" % MAP_FRAME
MARK_JS = "() => { document.querySelector('%s').contentWindow.__stale = true; }" % MAP_FRAME
STALE_JS = "() => !!document.querySelector('%s').contentWindow.__stale" % MAP_FRAME

APPTEST = r"""
import datetime as dt, json, sys, time
sys.path[:0] = [%(root)r, %(src)r]
from streamlit.testing.v1 import AppTest
app = AppTest.from_file(%(app)r, default_timeout=120)
app.query_params["fecha"] = "2022-03-31"; app.query_params["lang"] = "es"
t = time.perf_counter(); app.run(); first = time.perf_counter() - t
assert not app.exception, app.exception
reruns = []
for day in (dt.date.today(), dt.date(2023, 6, 1), dt.date(2024, 12, 31)):
    t = time.perf_counter(); app.slider(key="fecha").set_value(day).run(); reruns.append(time.perf_counter() - t)
    assert not app.exception, app.exception
print(json.dumps({"apptest_first_run_s": first, "apptest_rerun_s": sorted(reruns)[1]}))
"""


def machine() -> dict:
    others = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            others += b"streamlit" in cmd and b"run" in cmd or b"chromium" in cmd and b"--type=" not in cmd
    return {"cpus": os.cpu_count(), "load_average_start": os.getloadavg(), "python": sys.version.split()[0],
            "other_streamlit_or_chromium_processes": int(others)}


def timed(page, point: tuple[float, float], js: str, arg=None) -> float:
    """Seconds from a click at ``point`` (found before the clock starts: finding a widget is the bench's
    work, not the app's) until ``js`` holds, checked on every animation frame, plus two frames."""
    started = time.perf_counter()
    page.mouse.click(*point)
    page.wait_for_function(js, arg=arg, timeout=120_000, polling="raf")
    page.evaluate(TWO_FRAMES)
    return time.perf_counter() - started


def national_points() -> int:
    """Units the national map's facility layer draws (the embedded network, no catalogue loaded)."""
    from coverage import network

    return int(network.points_mask(network.load_network().table).sum())


def app_run(playwright, which: str, later_visits: int = 1) -> dict:
    """One fresh server and browser: "floor", "ours" (started as scripts/serve.py starts it: one warm-up
    run through the script health check before the first visit) or "cold" (ours without the warm-up:
    the visits only).  ``later_visits`` fresh contexts after the first visit; ``later_visit_s`` is their
    median, ``later_visits_s`` each of them (the summary pools them over rounds)."""
    server = AppServer(script=FLOOR_APP if which == "floor" else None, warm=which == "ours")
    server.start(timeout=120)
    proxy = ByteProxy(server.port)
    out = {"app": which, "health_s": server.started_in,
           "ready_s": server.started_in + (server.warmed_in or 0), "warm_up_s": server.warmed_in}
    url = f"{proxy.url}/?fecha=2022-03-31&lang=es"
    browser = launch(playwright)
    attempts: list[str] = []
    try:
        later: list[float] = []
        for visit in ("first_visit", *["later_visit"] * later_visits):
            if later:  # the previous later visit's context (the last one stays open for the changes below)
                context.close()
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
            attempts += block_external(context)
            page = context.new_page()
            received = count_websocket_bytes(page)
            before_wire = proxy.snapshot()
            started = time.perf_counter()
            page.goto(url)
            wait_for_states(page, timeout=120_000)
            page.evaluate(TWO_FRAMES)
            if visit == "later_visit":
                later.append(time.perf_counter() - started)
                out.update(later_visit_s=statistics.median(later), later_visits_s=later)
            else:
                out["first_visit_s"] = time.perf_counter() - started
                time.sleep(0.5)  # let trailing messages arrive before reading the counters
                wire = proxy.snapshot()
                out.update(first_ws_bytes=received["received"], first_ws_wire_bytes=wire["ws"] - before_wire["ws"],
                           first_http_wire_bytes=wire["http"] - before_wire["http"])
                context.close()
        if which == "cold":
            context.close()
            return out  # (the finally block still stops the server; attempts are counted there)
        time.sleep(0.5)
        page.evaluate(MARK_JS)
        before, before_wire = received["received"], proxy.snapshot()["ws"]
        out["date_change_s"] = timed(page, date_slider_point(page, 0.995), RECOLOURED_JS,
                                     32 if which == "floor" else 23)
        time.sleep(0.5)
        out["date_ws_bytes"] = received["received"] - before
        out["date_ws_wire_bytes"] = proxy.snapshot()["ws"] - before_wire
        out["remounted_on_date"] = not page.evaluate(STALE_JS)
        if which == "ours":
            page.evaluate(MARK_JS)
            fills = page.evaluate(FILLS_JS)
            before, before_wire = received["received"], proxy.snapshot()["ws"]
            out["colouring_change_s"] = timed(
                page, centre(page.get_by_role("radio", name="Retraso frente a la meta")), CHANGED_JS, fills)
            out["remounted_on_colouring"] = not page.evaluate(STALE_JS)
            time.sleep(0.5)
            out["colouring_ws_bytes"] = received["received"] - before
            out["colouring_ws_wire_bytes"] = proxy.snapshot()["ws"] - before_wire
            page.evaluate(MARK_JS)
            side = page.locator('[data-testid="stSidebar"]')
            before, before_wire = received["received"], proxy.snapshot()["ws"]
            out["language_change_s"] = timed(
                page, centre(side.get_by_role("radio", name="en", exact=True).or_(
                    side.get_by_role("button", name="en", exact=True)).first),
                LEGEND_JS, "Delay against the target of")
            out["remounted_on_language"] = not page.evaluate(STALE_JS)
            time.sleep(0.5)
            out["language_ws_bytes"] = received["received"] - before
            out["language_ws_wire_bytes"] = proxy.snapshot()["ws"] - before_wire
        out["js_heap_bytes"] = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        context.close()
        if which == "ours":  # the national map with its facility layer on (?unidades=1), a fresh context
            from facilities_bench import COUNT_JS

            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
            attempts += block_external(context)
            page = context.new_page()
            points = national_points()
            started = time.perf_counter()
            page.goto(url + "&unidades=1")
            wait_for_states(page, timeout=120_000)
            page.wait_for_function(f"() => ({COUNT_JS})() === {points}", timeout=120_000, polling="raf")
            page.evaluate(TWO_FRAMES)
            out["units_layer_visit_s"] = time.perf_counter() - started
            context.close()
    finally:
        browser.close()
        out["server_peak_rss_bytes"] = peak_rss(server.process.pid)
        server.stop()
        proxy.close()
        out["external_attempts"] = len(attempts)
    return out


def apptest_run() -> dict:
    code = APPTEST % {"root": str(ROOT), "src": str(ROOT / "src"), "app": str(ROOT / "app.py")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def network_on_unidades() -> bool:
    """Whether /unidades shows the embedded national network with no catalogue given."""
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "views").glob("*facilities*.py"))
    return "load_network" in text


def facilities_setup(size: str) -> dict:
    """The environment and point counts for facilities_bench.one_run."""
    from coverage import clues

    if network_on_unidades():
        from coverage import network

        table = network.load_network().table  # counted as views/facilities.py draws it
        total = int(clues.points_mask(table).sum())
        after = int(clues.points_mask(table, groups=[g for g in clues.GROUPS if g != "private"]).sum())
        return {"env": {}, "total": total, "after": after, "label": f"embedded network: {total:,} drawn units"}
    import make_synthetic_clues

    public, private = (int(x) for x in size.split(":"))
    tmp = Path(tempfile.mkdtemp(prefix="clues-bench-"))
    path = make_synthetic_clues.write(make_synthetic_clues.make(public, private), tmp / "cat", "parquet")
    catalogue = clues.load(path, cache=tmp / "cache")
    total = len(clues.points(catalogue))
    after = len(clues.points(catalogue, groups=[g for g in clues.GROUPS if g != "private"]))
    return {"env": {"COVERAGE_CLUES": str(path), "COVERAGE_CACHE": str(tmp / "cache")}, "total": total,
            "after": after, "label": f"synthetic catalogue ({public:,} public + {private:,} private; "
                                      "/unidades does not show the embedded network yet)"}


# (label, key of ours, key of the floor to divide by, format, scale)
ROWS = [
    ("start → /_stcore/health, s", "health_s", "health_s", ".2f", 1),
    ("start → ready (ours: + the warm-up run), s", "ready_s", "health_s", ".2f", 1),
    ("first visit after start → drawn, s", "first_visit_s", "first_visit_s", ".2f", 1),
    ("first visit, ours without the warm-up, s", "cold_first_visit_s", "first_visit_s", ".2f", 1),
    ("later visit, fresh context → drawn, s", "later_visit_s", "later_visit_s", ".2f", 1),
    ("later visit, ours without the warm-up, s", "cold_later_visit_s", "later_visit_s", ".2f", 1),
    ("later visit with the facility layer on (?unidades=1) → every point clustered, s", "units_layer_visit_s",
     "later_visit_s", ".2f", 1),
    ("date change → recoloured, s", "date_change_s", "date_change_s", ".2f", 1),
    ("colouring change → recoloured, s", "colouring_change_s", "date_change_s", ".2f", 1),
    ("language change → recoloured, s", "language_change_s", "date_change_s", ".2f", 1),
    ("ws first visit, kB decompressed", "first_ws_bytes", "first_ws_bytes", ".0f", 1e3),
    ("ws first visit, kB on the wire", "first_ws_wire_bytes", "first_ws_wire_bytes", ".0f", 1e3),
    ("HTTP first visit, kB on the wire", "first_http_wire_bytes", "first_http_wire_bytes", ".0f", 1e3),
    ("ws date change, kB decompressed", "date_ws_bytes", "date_ws_bytes", ".0f", 1e3),
    ("ws date change, kB on the wire", "date_ws_wire_bytes", "date_ws_wire_bytes", ".0f", 1e3),
    ("ws colouring change, kB decompressed", "colouring_ws_bytes", "date_ws_bytes", ".0f", 1e3),
    ("ws language change, kB decompressed", "language_ws_bytes", "date_ws_bytes", ".0f", 1e3),
    ("ws language change, kB on the wire", "language_ws_wire_bytes", "date_ws_wire_bytes", ".0f", 1e3),
    ("server peak RSS, MB", "server_peak_rss_bytes", "server_peak_rss_bytes", ".0f", 1e6),
    ("browser JS heap, MB", "js_heap_bytes", "js_heap_bytes", ".0f", 1e6),
    ("AppTest: first script run, s", "apptest_first_run_s", None, ".2f", 1),
    ("AppTest: rerun after date change, s", "apptest_rerun_s", None, ".2f", 1),
]
FACILITY_ROWS = [
    ("/unidades map visible, s", "time_to_map_visible_s", "first_visit_s", ".2f", 1),
    ("/unidades filter → updated, s", "filter_to_update_s", None, ".2f", 1),
    ("/unidades ws per filter, kB decompressed", "filter_ws_bytes", None, ".0f", 1e3),
    ("/unidades ws per filter, kB on the wire", "filter_ws_wire_bytes", None, ".0f", 1e3),
    ("/unidades ws first load, kB on the wire", "first_load_ws_wire_bytes", None, ".0f", 1e3),
    ("/unidades server peak RSS, MB", "server_peak_rss_bytes", None, ".0f", 1e6),
]
FLAGS = ("remounted_on_date", "remounted_on_colouring", "remounted_on_language")


POOLED = {"later_visit_s": "later_visits_s", "cold_later_visit_s": "cold_later_visits_s"}  # figure: its samples


def summarise(rows: list[dict]) -> dict:
    """Median [min–max] of each figure over the rounds; a figure measured several times a round (the later
    visit) over all its samples."""
    keys = {k for r in rows for k, v in r.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    summary = {k: spread([r.get(k) for r in rows]) for k in sorted(keys)}
    for key, samples in POOLED.items():
        pooled = [x for r in rows for x in r.get(samples, [])]
        if pooled:
            summary[key] = spread(pooled)
    return summary


def table(report: dict) -> list[str]:
    m = report["machine"]
    lines = [f"machine: {m['cpus']} CPUs; load average (1, 5, 15 min) at start "
             f"{' '.join(f'{x:.2f}' for x in m['load_average_start'])}, at end "
             f"{' '.join(f'{x:.2f}' for x in report['load_average_end'])}; other streamlit/chromium "
             f"processes at start: {m['other_streamlit_or_chromium_processes']}; {report['runs']} rounds", ""]
    floor, ours = report["floor"]["summary"], report["ours"]["summary"]
    fac = (report.get("facilities") or {}).get("summary", {})
    cells = []
    for rows, source in ((ROWS, ours), (FACILITY_ROWS, fac)):
        for label, key, floor_key, fmt, scale in rows:
            mine, base = source.get(key), floor.get(floor_key) if floor_key else None
            ratio = f"{mine['median'] / base['median']:.2f}" if mine and base and base["median"] else "–"
            base_text = cell(base, fmt, scale) if floor_key == key else (
                f"({cell(base, fmt, scale)} {floor_key})" if base else "–")
            cells.append([label, base_text, cell(mine, fmt, scale), ratio])
    lines += markdown_table(["", "floor", "ours", "ours ÷ floor"], cells)
    flags = {k: sorted({r[k] for r in report["ours"]["rows"] if k in r}) for k in FLAGS}
    flags["floor remounted_on_date"] = sorted({r["remounted_on_date"] for r in report["floor"]["rows"]})
    if report.get("facilities"):
        flags["/unidades remounted_on_filter"] = sorted({r.get("remounted_on_filter") for r in
                                                         report["facilities"]["rows"]}, key=str)
    lines += ["", "map re-mounted: " + "; ".join(f"{k} {v}" for k, v in flags.items()),
              f"non-localhost requests attempted: {report['external_attempts']}"]
    if report.get("facilities"):
        lines.append(f"/unidades catalogue: {report['facilities']['label']}")
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds (each: fresh floor, fresh ours)")
    parser.add_argument("--later-visits", type=int, default=4,
                        help="fresh-context visits after the first, per app and round (pooled in the summary)")
    parser.add_argument("--no-facilities", action="store_true")
    parser.add_argument("--no-apptest", action="store_true")
    parser.add_argument("--facilities-size", default="35000:8000",
                        help="public:private synthetic units, if /unidades has no embedded network")
    parser.add_argument("--cap", type=float, default=120, help="/unidades: seconds before a map is 'over cap'")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    report = {"machine": machine(), "runs": args.runs}
    print(f"machine: {report['machine']}", flush=True)
    rows = {"floor": [], "ours": [], "facilities": []}
    setup = None if args.no_facilities else facilities_setup(args.facilities_size)
    with sync_playwright() as playwright:
        for run in range(args.runs):
            order = ("floor", "ours", "cold") if run % 2 == 0 else ("cold", "ours", "floor")  # drifting load hits all
            cold = {}
            for which in order:
                row = app_run(playwright, which, args.later_visits)
                if which == "ours" and not args.no_apptest:
                    row.update(apptest_run())
                row["run"] = run + 1
                print(json.dumps(row), flush=True)
                if which == "cold":  # reported beside ours: what the warm-up saves, in the same round
                    cold = {f"cold_{key}": row[key] for key in ("first_visit_s", "later_visit_s", "later_visits_s")}
                else:
                    rows[which].append(row)
            rows["ours"][-1].update(cold)
            if setup:
                row = one_run(playwright, "ours", setup["env"], setup["total"], setup["after"], args.cap)
                row["run"] = run + 1
                print(json.dumps(row), flush=True)
                rows["facilities"].append(row)
    for which in ("floor", "ours"):
        report[which] = {"rows": rows[which], "summary": summarise(rows[which])}
    report["external_attempts"] = sum(r["external_attempts"] for w in ("floor", "ours") for r in rows[w])
    if setup:
        report["external_attempts"] += sum(r.get("external_blocked", 0) for r in rows["facilities"])
        report["facilities"] = {"label": setup["label"], "rows": rows["facilities"],
                                "summary": summarise(rows["facilities"])}
    report["load_average_end"] = os.getloadavg()
    report["table"] = table(report)
    print("\n" + "\n".join(report["table"]))
    write_results("app", report, default=str)


if __name__ == "__main__":
    main()
