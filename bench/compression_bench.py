"""What gzip in front of Streamlit saves on a first visit: deploy/nginx.conf on loopback ports, measured.

    .venv/bin/python bench/compression_bench.py --runs 3

Needs nginx (Debian: ``apt-get install nginx``).  Starts ``streamlit run app.py`` on a free 127.0.0.1
port and nginx with deploy/nginx.conf (its ports rewritten to free 127.0.0.1 ports, everything else as
shipped) in a temporary prefix, then alternately, in a fresh Chromium context each time, visits the app
directly and through nginx (a byte-counting TCP proxy in front of each) until the 32 states are drawn:
HTTP and websocket bytes on the wire, and seconds.  Also fetches the page's JavaScript and CSS with and
without ``Accept-Encoding: gzip`` (as curl would).  Only loopback addresses are used.
JSON to bench/results/compression-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import ROOT, markdown_table, write_results

from helpers.browser import AppServer, block_external, free_port, launch, wait_for_states  # noqa: E402
from facilities_bench import ByteProxy  # noqa: E402

CONF = ROOT / "deploy" / "nginx.conf"
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def start_nginx(upstream: int) -> tuple[subprocess.Popen, int, Path]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed: apt-get install nginx")
    port = free_port()
    prefix = Path(tempfile.mkdtemp(prefix="nginx-bench-"))
    prefix.chmod(0o777)  # the worker processes run as an unprivileged user
    site = CONF.read_text(encoding="utf-8")
    site = site.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{upstream};")
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    assert f":{upstream};" in site and f":{port};" in site, "deploy/nginx.conf no longer has the expected ports"
    temp = " ".join(f"{kind}_temp_path {prefix / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"worker_processes 1; pid {prefix / 'nginx.pid'}; error_log {prefix / 'error.log'}; daemon off;\n"
        f"events {{ worker_connections 256; }}\n"
        f"http {{ include /etc/nginx/mime.types; default_type application/octet-stream; access_log off; {temp}\n"
        f"{site}\n}}\n", encoding="utf-8")
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx exited: " + process.stdout.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                if response.read().strip() == b"ok":
                    return process, port, prefix
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise TimeoutError("nginx did not answer")


def fetch(url: str, gzip: bool) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read()), response.headers.get("Content-Encoding") or "identity"


def assets(base: str) -> list[str]:
    """The page and the JavaScript and CSS files its HTML names."""
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        page = response.read().decode("utf-8", errors="replace")
    return ["/", *sorted(set(re.findall(r'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"', page)))]


def visit(playwright, port: int) -> dict:
    proxy = ByteProxy(port)
    browser = launch(playwright)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
        attempts = block_external(context)
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{proxy.url}/?fecha=2022-03-31&lang=es")
        wait_for_states(page, timeout=120_000)
        page.evaluate(TWO_FRAMES)
        seconds = time.perf_counter() - started
        time.sleep(0.5)
        wire = proxy.snapshot()
        context.close()
    finally:
        browser.close()
        proxy.close()
    return {"drawn_s": seconds, "http_wire_bytes": wire["http"], "ws_wire_bytes": wire["ws"],
            "external_attempts": len(attempts)}


def med(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    report = {"cpus": os.cpu_count(), "load_average_start": os.getloadavg(), "runs": args.runs}
    server = AppServer().start(timeout=120)
    nginx, port, prefix = start_nginx(server.port)
    try:
        direct, proxied = f"http://127.0.0.1:{server.port}", f"http://127.0.0.1:{port}"
        files = []
        for path in assets(direct):
            plain, _ = fetch(direct + "/" + path.lstrip("/"), gzip=True)  # Streamlit ignores the header
            zipped, encoding = fetch(proxied + "/" + path.lstrip("/"), gzip=True)
            files.append({"path": path, "streamlit_bytes": plain, "nginx_bytes": zipped, "nginx_encoding": encoding})
        report["files"] = files
        rows = {"direct": [], "nginx": []}
        with sync_playwright() as playwright:
            visit(playwright, server.port)  # the first script run after start is not what is compared
            for run in range(args.runs):
                for route in (("direct", "nginx") if run % 2 == 0 else ("nginx", "direct")):
                    row = visit(playwright, server.port if route == "direct" else port)
                    row.update(route=route, run=run + 1)
                    print(json.dumps(row), flush=True)
                    rows[route].append(row)
        report["visits"] = rows
    finally:
        nginx.terminate()
        nginx.wait(10)
        server.stop()
        shutil.rmtree(prefix, ignore_errors=True)
    report["load_average_end"] = os.getloadavg()
    total = {k: sum(f[k] for f in files) for k in ("streamlit_bytes", "nginx_bytes")}
    lines = [f"load average at start {report['load_average_start'][0]:.2f}, at end {report['load_average_end'][0]:.2f}; "
             f"{args.runs} visits each, medians", ""]
    cells = []
    for label, key, scale, fmt in (("HTTP bytes on the wire, kB", "http_wire_bytes", 1e3, ".0f"),
                                   ("websocket bytes on the wire, kB", "ws_wire_bytes", 1e3, ".0f"),
                                   ("seconds (loopback: no bandwidth limit)", "drawn_s", 1, ".2f")):
        a, b = med(rows["direct"], key), med(rows["nginx"], key)
        cells.append([label, f"{a / scale:{fmt}}", f"{b / scale:{fmt}}", f"{b / a:.2f}"])
    a, b = med(rows["direct"], "http_wire_bytes"), med(rows["nginx"], "http_wire_bytes")
    cells.append(["HTTP at 10 Mbit/s, s", f"{a * 8 / 10e6:.2f}", f"{b * 8 / 10e6:.2f}", f"{b / a:.2f}"])
    lines += markdown_table(["first visit → 32 states drawn", "Streamlit alone", "behind nginx (gzip)", "ratio"], cells)
    lines += ["", f"page + the {len(files) - 1} JS/CSS files its HTML names, fetched with Accept-Encoding: gzip: "
              f"{total['streamlit_bytes'] / 1e3:.0f} kB from Streamlit, {total['nginx_bytes'] / 1e3:.0f} kB through nginx "
              f"({', '.join(sorted({f['nginx_encoding'] for f in files}))})"]
    report["table"] = lines
    print("\n" + "\n".join(lines))
    write_results("compression", report)


if __name__ == "__main__":
    main()
