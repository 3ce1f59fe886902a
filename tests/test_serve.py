"""scripts/serve.py (what ``scripts/run-app`` runs): it starts Streamlit, runs the map page once through the
script health check before the first visitor, passes the server's output through and stops it on SIGTERM."""

from __future__ import annotations

import http.server
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

import serve
from helpers import ROOT
from helpers.browser import free_port


@pytest.mark.parametrize("args, environment, expected", [
    ([], {}, "http://127.0.0.1:8501"),
    (["--server.port", "8600"], {}, "http://127.0.0.1:8600"),
    (["--server.port=8601", "--server.address=0.0.0.0"], {}, "http://127.0.0.1:8601"),
    ([], {"STREAMLIT_SERVER_PORT": "8602", "STREAMLIT_SERVER_BASE_URL_PATH": "/tablero/"},
     "http://127.0.0.1:8602/tablero"),
    (["--server.address", "::1", "--server.baseUrlPath", "a/b"], {}, "http://[::1]:8501/a/b"),
    (["--server.port", "8603"], {"STREAMLIT_SERVER_PORT": "9999"}, "http://127.0.0.1:8603"),  # the flag wins
])
def test_the_warm_up_finds_the_server_where_its_options_put_it(monkeypatch, args, environment, expected):
    for name in ("STREAMLIT_SERVER_PORT", "STREAMLIT_SERVER_ADDRESS", "STREAMLIT_SERVER_BASE_URL_PATH"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert serve.server_root(args) == expected


class _HealthyWithoutCheck(http.server.BaseHTTPRequestHandler):
    """A server that is healthy but has no script health check (an older or future Streamlit)."""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        body, status = (b"ok", 200) if self.path == serve.HEALTH else (b"not found", 404)
        self.send_response(status)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_without_a_script_health_check_the_warm_up_says_so_and_the_server_runs_on():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _HealthyWithoutCheck)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    stand_in = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        line = serve.warm_up(f"http://127.0.0.1:{httpd.server_port}", stand_in, timeout=10)
        assert line.startswith("warm-up skipped: this Streamlit has no script health check")
        assert "scriptHealthCheckEnabled" in line
        assert stand_in.poll() is None  # the warm-up never stops the server
    finally:
        stand_in.kill()
        httpd.shutdown()


def test_a_server_that_exits_before_answering_is_reported_not_waited_for():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    started = time.perf_counter()
    assert serve.warm_up(f"http://127.0.0.1:{free_port()}", gone, timeout=60) == "warm-up skipped: the server exited"
    assert time.perf_counter() - started < 5


def test_serve_runs_the_map_page_once_then_serves_it_and_stops_on_sigterm():
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.port", str(port),
                                "--server.address", "127.0.0.1"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if line.startswith(("ready:", "warm-up")):
                break
        assert output and output[-1].startswith("ready: the map page ran once and loaded the data of /unidades in "), \
            "".join(output)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
        # the warm-up went through the real check: Streamlit's own endpoint answers for this config
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{serve.WARM_UP}", timeout=90) as response:
            assert response.read().strip() == b"ok"
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("environment, expected", [
    ({}, "the map page ran once and loaded the data of /unidades"),
    ({serve.WARM_PAGES: ""}, "the map page ran once"),  # the host chose memory over the first /unidades visit
    ({serve.WARM_PAGES: "unidades, /estado"}, "the map page ran once and loaded the data of /unidades, /estado"),
])
def test_the_server_warms_unidades_unless_told_otherwise_and_the_ready_line_says_what_ran(environment, expected):
    environ = serve.server_environment({"PATH": "/usr/bin", **environment})
    assert environ["PATH"] == "/usr/bin"
    assert serve.warmed_pages(environ) == expected
