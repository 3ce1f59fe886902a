"""Start the dashboard, then run its map page once before anyone visits (``scripts/run-app`` calls this).

    .venv/bin/python scripts/serve.py [streamlit options, e.g. --server.port 8502]

The first script run in a fresh server imports pandas, folium and Babel and loads and checks the
embedded tables: about 2.3 s of the first visitor's wait on the 2-core reference machine, where a later
session's first run takes 0.3 s (issue 14).  Once the server answers, this asks Streamlit's script
health check (``/_stcore/script-health-check``, enabled in ``.streamlit/config.toml``) to run the app in
a throwaway session; everything that run imports and caches stays in the server process.  A visitor
who comes during the warm-up waits on the same caches, never on a second copy.  The server's own output
and exit code pass through; Ctrl-C and SIGTERM go to the server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEALTH = "/_stcore/health"
WARM_UP = "/_stcore/script-health-check"
WARM_PAGES = "COVERAGE_WARM"  # views/_warm.py: the pages whose data the warm-up run loads as well
WARM_PAGES_DEFAULT = "unidades"


def server_environment(environ: dict | None = None) -> dict:
    """The server's environment: the caller's, with /unidades warmed unless ``$COVERAGE_WARM`` is set."""
    environ = dict(os.environ if environ is None else environ)
    environ.setdefault(WARM_PAGES, WARM_PAGES_DEFAULT)
    return environ


def warmed_pages(environ: dict) -> str:
    """How the ready line names what the warm-up run did."""
    pages = [name.strip().strip("/") for name in environ.get(WARM_PAGES, "").split(",") if name.strip().strip("/")]
    return "the map page ran once" + (f" and loaded the data of /{', /'.join(pages)}" if pages else "")


def option(args: list[str], name: str, environment: str, default: str) -> str:
    """A Streamlit option as this start gives it: ``--name value``, ``--name=value``, its variable, default."""
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return os.environ.get(environment, default)


def server_root(args: list[str]) -> str:
    """Where this machine reaches the server: its port and base path, its address (loopback if any)."""
    port = option(args, "--server.port", "STREAMLIT_SERVER_PORT", "8501")
    address = option(args, "--server.address", "STREAMLIT_SERVER_ADDRESS", "") or "127.0.0.1"
    if address in ("0.0.0.0", "::"):
        address = "127.0.0.1"
    if ":" in address:
        address = f"[{address}]"
    base = option(args, "--server.baseUrlPath", "STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")
    return f"http://{address}:{port}" + (f"/{base}" if base else "")


def get(url: str, timeout: float) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace").strip()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace").strip()


def warm_up(root: str, server: subprocess.Popen, timeout: float = 120, environ: dict | None = None) -> str:
    """Wait until the server answers, run the app once; a line saying what happened."""
    started = time.perf_counter()
    deadline = started + timeout
    while True:
        if server.poll() is not None:
            return "warm-up skipped: the server exited"
        try:
            if get(root + HEALTH, 1) == (200, "ok"):
                break
        except OSError:
            pass
        if time.perf_counter() > deadline:
            return f"warm-up skipped: no answer from {root}{HEALTH} within {timeout:.0f} s"
        time.sleep(0.1)
    healthy = time.perf_counter()
    try:
        status, text = get(root + WARM_UP, timeout)
    except OSError as error:
        return f"warm-up skipped: {root}{WARM_UP} did not answer ({error})"
    if status == 404:
        return ("warm-up skipped: this Streamlit has no script health check; the first visitor's page will take "
                "a few seconds longer (set server.scriptHealthCheckEnabled = true in .streamlit/config.toml)")
    ran = time.perf_counter() - healthy
    if status != 200:
        return (f"warm-up: the app's first run reported '{text}' (HTTP {status}) after {ran:.1f} s; "
                "open the page to see the error")
    done = warmed_pages(server_environment(environ))
    return f"ready: {done} in {ran:.1f} s ({time.perf_counter() - started:.1f} s after start)"


def main(args: list[str]) -> int:
    environ = server_environment()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), *args], cwd=ROOT,
                              env=environ)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, _frame: server.send_signal(number))
    print(warm_up(server_root(args), server, environ=environ), flush=True)
    return server.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
