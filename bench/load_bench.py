"""Issue 14's load goal, for real: N concurrent sessions (default 20) moving the date slider of the
national map for S seconds each (default 60) against one fresh server; no error, every figure right,
server RSS within the limit (default 400 MB).

Each session is a Playwright browser context in one Chromium (``tests/helpers/load.py``): it opens
its own date, and after every slider move checks the side panel's figures (each status count, people
covered, PSINDER in operating states) and the map's operating fills against ``coverage.rollout`` for
the date in its URL.  The server's VmRSS is sampled every 0.1 s; VmHWM is read at the end.

    .venv/bin/python bench/load_bench.py                      # 20 sessions × 60 s
    .venv/bin/python bench/load_bench.py --sessions 5 --seconds 10

Prints a summary, writes ``bench/results/load-<time>.json``, exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from _common import ROOT, spread, write_results

from helpers.browser import CHROMIUM, AppServer  # noqa: E402
from helpers.load import RssSampler, problems, rss, run_sessions  # noqa: E402

from coverage import tables  # noqa: E402

MB = 1024 * 1024


def loadavg() -> str:
    return open("/proc/loadavg").read().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="slider moves per session for this long")
    parser.add_argument("--rss-limit-mb", type=float, default=400.0)
    parser.add_argument("--timeout-s", type=float, default=None,
                        help="longest wait for a view to come right (default 60 s + 30 s a session)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is not installed", file=sys.stderr)
        return 2

    data = tables.load()
    load_before = loadavg()
    with AppServer(warm=True) as server:  # started as scripts/serve.py starts it (/unidades' data loaded too)
        pid = server.process.pid
        baseline = rss(pid)
        sampler = RssSampler(pid)
        sampler.start()
        results, elapsed = run_sessions(server.url, data, args.sessions, args.seconds,
                                        timeout_ms=args.timeout_s * 1000 if args.timeout_s else None,
                                        screenshot=ROOT / "test-artifacts" / "load-bench-session-0.png")
        peak = max(sampler.stop(), rss(pid))
        high_water = rss(pid, "VmHWM")
        closed = rss(pid)
        started_in, warmed_in = server.started_in, server.warmed_in
    load_after = loadavg()

    done = [r for r in results if not isinstance(r, BaseException)]
    checks = [c for r in done for c in r["checks"]]
    moves = [m["seconds"] for r in done for m in r["moves"]]
    found = problems(results, args.sessions)
    errors = {kind: items for kind, items in found.items() if items and kind != "wrong_figures"}
    worst = max(peak, high_water)
    report = {
        "sessions": args.sessions, "seconds_each": args.seconds, "cpus": os.cpu_count(),
        "loadavg_before": load_before, "loadavg_after": load_after, "wall_s": round(elapsed, 1),
        "server_healthy_after_s": round(started_in, 2), "warm_up_s": round(warmed_in, 2),
        "goto_to_32_states_s": spread([r.get("to_map_s") for r in done], 2),
        "slider_move_to_checked_s": spread(moves, 2),
        "moves": len(moves), "checks": len(checks), "checks_right": sum(c["right"] for c in checks),
        "distinct_dates_checked": len({c["date"] for c in checks}),
        "rss_mb": {"baseline": round(baseline / MB), "peak_sampled": round(peak / MB),
                   "vmhwm": round(high_water / MB), "after_sessions_closed": round(closed / MB),
                   "samples": sampler.samples},
        "problems": found,
        "goals": {"no_error": not errors, "all_figures_right": not found["wrong_figures"] and len(checks) > 0,
                  "rss_within_limit": worst <= args.rss_limit_mb * MB},
    }
    print(f"load bench: {args.sessions} sessions × {args.seconds:.0f} s of slider moves, {os.cpu_count()} CPUs, "
          f"loadavg before {load_before} after {load_after}; wall {elapsed:.1f} s")
    if report["goto_to_32_states_s"]:
        s = report["goto_to_32_states_s"]
        print(f"  goto → 32 states: median {s['median']:.2f} s [{s['min']:.2f}–{s['max']:.2f}]")
    if moves:
        print(f"  slider move → figures and map checked: {len(moves)} moves, median {statistics.median(moves):.2f} s "
              f"[{min(moves):.2f}–{max(moves):.2f}]")
    print(f"  figures right: {report['checks_right']} of {len(checks)} checks "
          f"({report['distinct_dates_checked']} distinct dates)")
    print(f"  errors: {errors or 'none'}")
    r = report["rss_mb"]
    print(f"  server RSS: baseline {r['baseline']} MB, peak sampled {r['peak_sampled']} MB, VmHWM {r['vmhwm']} MB, "
          f"after the sessions closed {r['after_sessions_closed']} MB (limit {args.rss_limit_mb:.0f} MB)")
    print(f"  goals: {report['goals']}")
    for wrong in found["wrong_figures"][:5]:
        print(f"  wrong: {wrong}")
    write_results("load", report, default=str)
    return 0 if all(report["goals"].values()) else 1


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    sys.exit(code)
