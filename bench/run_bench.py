"""Whole-app benchmark: the national map in Chromium, plus the facility map (ours vs naive) at national size.

    .venv/bin/python bench/run_bench.py                 # 3 runs of everything (several minutes)
    .venv/bin/python bench/run_bench.py --runs 3 --quick  # national map 3×, facilities 1× with a 60 s cap
    .venv/bin/python bench/run_bench.py --no-facilities

Run nothing else meanwhile (engineering.md §6): the machine info and load average are printed so
figures can be judged.  Per run of the national map, a fresh ``streamlit run app.py`` behind a TCP proxy
that counts server→browser bytes, and a fresh Chromium with every non-localhost request blocked:

(a) process start → ``/_stcore/health`` ok;
(b) fresh context, ``goto /?fecha=2022-03-31`` → 32 states drawn (+2 animation frames);
(c) date slider click (→ today) → the map shows today's 23 operating states (+2 frames); whether the iframe
    re-mounted;
(d) websocket bytes for (b) and (c): decompressed (Playwright ``framereceived``) and on the wire (proxy;
    permessage-deflate as in .streamlit/config.toml); HTTP bytes of the first load; wire ÷ 10 Mbit/s;
(e) server time per rerun: (c) seen from the client, and the script's own run time measured with
    Streamlit's AppTest in a fresh process (first run, then a date change);
(f) the server's peak RSS (VmHWM).
(g) bench/facilities_bench.py at national size (35,000 public + 8,000 private units), ours vs naive.

Medians [min–max] over runs; JSON to bench/results/app-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench"), str(ROOT / "src")]

from browser import (MAP_FRAME, AppServer, block_external, click_date_slider, count_websocket_bytes,  # noqa: E402
                     launch, wait_for_states)
from facilities_bench import ByteProxy, peak_rss  # noqa: E402

OPERATING = "#117733"
BANDWIDTH = 10e6 / 8  # bytes per second at 10 Mbit/s
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
TODAY_JS = """() => { const f = document.querySelector('%s');
  const p = f && f.contentDocument && f.contentDocument.querySelectorAll('path.leaflet-interactive');
  return !!p && p.length === 32 && Array.from(p).filter(x => x.getAttribute('fill') === '%s').length === 23; }""" % (
    MAP_FRAME, OPERATING)

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


def national_run(playwright) -> dict:
    server = AppServer()
    server.start()
    proxy = ByteProxy(server.port)
    out = {"health_s": server.started_in}
    browser = launch(playwright)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
        attempts = block_external(context)
        page = context.new_page()
        received = count_websocket_bytes(page)
        started = time.perf_counter()
        page.goto(f"{proxy.url}/?fecha=2022-03-31&lang=es")
        wait_for_states(page, timeout=120_000)
        page.evaluate(TWO_FRAMES)
        out["map_drawn_s"] = time.perf_counter() - started
        time.sleep(0.5)  # let trailing messages arrive before reading the counters
        wire = proxy.snapshot()
        out.update(first_ws_bytes=received["received"], first_ws_wire_bytes=wire["ws"], first_http_wire_bytes=wire["http"])
        page.evaluate("() => { document.querySelector('%s').contentWindow.__stale = true; }" % MAP_FRAME)
        before, before_wire = received["received"], proxy.snapshot()["ws"]
        started = time.perf_counter()
        click_date_slider(page, 0.995)
        page.wait_for_function(TODAY_JS, timeout=120_000, polling=50)
        page.evaluate(TWO_FRAMES)
        out["date_change_s"] = time.perf_counter() - started
        time.sleep(0.5)
        out["date_ws_bytes"] = received["received"] - before
        out["date_ws_wire_bytes"] = proxy.snapshot()["ws"] - before_wire
        out["remounted_on_date_change"] = not page.evaluate(
            "() => !!document.querySelector('%s').contentWindow.__stale" % MAP_FRAME)
        out["js_heap_bytes"] = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        out["external_attempts"] = len(attempts)
        context.close()
    finally:
        browser.close()
        out["server_peak_rss_bytes"] = peak_rss(server.process.pid)
        server.stop()
        proxy.close()
    return out


def apptest_run() -> dict:
    code = APPTEST % {"root": str(ROOT), "src": str(ROOT / "src"), "app": str(ROOT / "app.py")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def facilities(runs: int, cap: float, size: str) -> dict:
    """Shell out to bench/facilities_bench.py (its own fresh processes) and read the JSON it writes."""
    results = ROOT / "bench" / "results"
    before = set(results.glob("facilities-*.json")) if results.exists() else set()
    cmd = [sys.executable, str(ROOT / "bench" / "facilities_bench.py"), "--runs", str(runs), "--sizes", size,
           "--cap", str(cap)]
    print("$ " + " ".join(cmd[1:]), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL if not VERBOSE else None)
    new = sorted(set(results.glob("facilities-*.json")) - before)
    report = json.loads(new[-1].read_text(encoding="utf-8"))
    label, entry = next(iter(report["sizes"].items()))
    return {"file": str(new[-1].relative_to(ROOT)), "label": label, "summary": entry["summary"]}


def stat(values: list) -> dict | None:
    values = [v for v in values if v is not None]
    return {"median": statistics.median(values), "min": min(values), "max": max(values)} if values else None


def cell(s: dict | None, fmt: str, scale: float = 1.0) -> str:
    if not s:
        return "–"
    return f"{s['median'] / scale:{fmt}} [{s['min'] / scale:{fmt}}–{s['max'] / scale:{fmt}}]"


NATIONAL_ROWS = [
    ("(a) start → /_stcore/health, s", "health_s", ".2f", 1),
    ("(b) goto → 32 states drawn, s", "map_drawn_s", ".2f", 1),
    ("(c) date click → map recoloured, s", "date_change_s", ".2f", 1),
    ("(d) ws first load, kB decompressed", "first_ws_bytes", ".0f", 1e3),
    ("(d) ws first load, kB on the wire", "first_ws_wire_bytes", ".0f", 1e3),
    ("(d) HTTP first load, kB on the wire", "first_http_wire_bytes", ".0f", 1e3),
    ("(d) ws date change, kB decompressed", "date_ws_bytes", ".0f", 1e3),
    ("(d) ws date change, kB on the wire", "date_ws_wire_bytes", ".0f", 1e3),
    ("(e) AppTest: first script run, s", "apptest_first_run_s", ".2f", 1),
    ("(e) AppTest: rerun after date change, s", "apptest_rerun_s", ".2f", 1),
    ("(f) server peak RSS, MB", "server_peak_rss_bytes", ".0f", 1e6),
    ("    browser JS heap, MB", "js_heap_bytes", ".0f", 1e6),
]
FACILITY_ROWS = [
    ("map visible, s", "time_to_map_visible_s", ".2f", 1),
    ("filter → update, s", "filter_to_update_s", ".2f", 1),
    ("ws first load, MB decompressed", "first_load_ws_bytes", ".2f", 1e6),
    ("ws first load, MB on the wire", "first_load_ws_wire_bytes", ".2f", 1e6),
    ("ws per filter, MB decompressed", "filter_ws_bytes", ".2f", 1e6),
    ("ws per filter, MB on the wire", "filter_ws_wire_bytes", ".2f", 1e6),
    ("server: map run, s", "server_first_run_s", ".2f", 1),
    ("server: filter rerun, s", "server_filter_rerun_s", ".2f", 1),
    ("server peak RSS, MB", "server_peak_rss_bytes", ".0f", 1e6),
    ("JS heap, MB", "js_heap_bytes", ".0f", 1e6),
]


def print_report(report: dict) -> None:
    m = report["machine"]
    print(f"\n== machine: {m['cpus']} CPUs, load average at start {m['load_average_start'][0]:.2f} "
          f"{m['load_average_start'][1]:.2f} {m['load_average_start'][2]:.2f}, at end {report['load_average_end'][0]:.2f}; "
          f"other streamlit/chromium processes at start: {m['other_streamlit_or_chromium_processes']}")
    nat = report["national"]["summary"]
    print(f"\n== national map (32 states), medians [min–max] over {report['national']['runs']} runs")
    for label, key, fmt, scale in NATIONAL_ROWS:
        extra = ""
        if key.endswith("wire_bytes") and nat.get(key):
            extra = f"   ≈ {nat[key]['median'] / BANDWIDTH:.2f} s at 10 Mbit/s"
        print(f"{label:42}{cell(nat.get(key), fmt, scale):>28}{extra}")
    flags = report["national"]["flags"]
    print(f"{'    iframe re-mounted on date change':42}{str(flags['remounted']):>28}")
    print(f"{'    non-localhost requests attempted':42}{flags['external_attempts']:>28}")
    fac = report.get("facilities")
    if fac:
        s = fac["summary"]
        runs = {a: s[a]["runs"] for a in s}
        print(f"\n== (g) facility map: {fac['label']}  ({fac['file']})")
        print(f"{'':34}{'ours (n=%d)' % runs.get('ours', 0):>26}{'naive (n=%d)' % runs.get('naive', 0):>26}"
              f"{'ours / naive':>14}")
        naive_over = s.get("naive", {}).get("over_cap", 0) and s["naive"]["over_cap"] == s["naive"]["runs"]
        cap = report["facilities_cap_s"]
        for label, key, fmt, scale in FACILITY_ROWS:
            ours, naive = s.get("ours", {}).get(key), s.get("naive", {}).get(key)
            naive_text, ratio = cell(naive, fmt, scale), "–"
            if naive_over:  # every naive run gave up: its other figures are partial, stopped at the cap
                if key == "time_to_map_visible_s":
                    naive_text = f"> {cap:.0f} (cap)"
                    ratio = f"< {ours['median'] / cap:.2f}" if ours else "–"
                elif key == "server_peak_rss_bytes" and naive:
                    naive_text = f"≥ {naive['median'] / scale:{fmt}} (at cap)"
                    ratio = f"≤ {ours['median'] / naive['median']:.2f}" if ours else "–"
                else:
                    naive_text = "n/a (over cap)"
            elif ours and naive and naive["median"]:
                ratio = f"{ours['median'] / naive['median']:.2f}"
            print(f"{label:34}{cell(ours, fmt, scale):>26}{naive_text:>26}{ratio:>14}")

VERBOSE = False


def main(argv=None) -> None:
    global VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="facilities: 1 run per approach with a 60 s cap (national map still --runs)")
    parser.add_argument("--no-facilities", action="store_true")
    parser.add_argument("--facilities-size", default="35000:8000", help="public:private units (national: 35000:8000)")
    parser.add_argument("--cap", type=float, default=None, help="facilities: seconds before a map is 'over cap'")
    parser.add_argument("--verbose", action="store_true", help="show facilities_bench.py's own output")
    args = parser.parse_args(argv)
    VERBOSE = args.verbose
    from playwright.sync_api import sync_playwright

    report = {"machine": machine(), "runs": args.runs, "quick": args.quick}
    print(f"machine: {report['machine']}", flush=True)
    rows = []
    with sync_playwright() as playwright:
        for run in range(args.runs):
            row = national_run(playwright)
            row.update(apptest_run())
            row["run"] = run + 1
            print(json.dumps(row), flush=True)
            rows.append(row)
    keys = [key for _, key, _, _ in NATIONAL_ROWS]
    report["national"] = {"runs": len(rows), "rows": rows, "summary": {k: stat([r.get(k) for r in rows]) for k in keys},
                          "flags": {"remounted": sorted({r["remounted_on_date_change"] for r in rows}),
                                    "external_attempts": sum(r["external_attempts"] for r in rows)}}
    if not args.no_facilities:
        cap = args.cap or (60 if args.quick else 120)
        report["facilities_cap_s"] = cap
        report["facilities"] = facilities(1 if args.quick else args.runs, cap, args.facilities_size)
    report["load_average_end"] = os.getloadavg()
    print_report(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"app-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    print(f"\nwritten {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
