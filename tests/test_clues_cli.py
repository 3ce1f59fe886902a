"""``imss-coverage clues summary`` and ``clues fetch`` (against a local HTTP server on 127.0.0.1)."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT, SHARED_DATA, require
from coverage.cli import main

FIXTURES = ROOT / "tests" / "fixtures" / "clues"
XLSX = FIXTURES / "ESTABLECIMIENTO_SALUD_202501.xlsx"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COVERAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    monkeypatch.delenv("COVERAGE_CLUES_URL", raising=False)
    return tmp_path / "cache"


def run(*args, **kwargs):
    return CliRunner().invoke(main, ["clues", *map(str, args)], **kwargs)


def test_summary_json_of_the_fixture():
    result = run("summary", XLSX, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["release"] == "2025-01" and report["units_operating"] == 13
    assert report["by_group"]["imss_bienestar"] == 3 and report["by_type"]["hospital"] == 3
    assert report["by_level"] == {"1": 10, "2": 2, "3": 1}
    assert report["validation"]["swapped"] == 1 and report["validation"]["duplicate_clues"] == 1
    assert report["by_state"]["13"]["units"] == 4


def test_summary_reads_coverage_clues_when_no_path(monkeypatch):
    monkeypatch.setenv("COVERAGE_CLUES", str(FIXTURES / "CLUES_2024.csv"))
    result = run("summary", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["release"] == "2024"


@pytest.mark.parametrize("path", ["not_a_catalogue.csv", "broken.xlsx", "missing.parquet"])
def test_summary_exit_2_with_one_sentence(path):
    result = run("summary", FIXTURES / path, "--format", "json")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.output


def test_summary_without_any_catalogue_says_how_to_give_one():
    result = run("summary")
    assert result.exit_code == 2 and "COVERAGE_CLUES" in result.stderr


def test_summary_of_the_hidalgo_extract():
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES extracts are missing")
    result = run("summary", SHARED_DATA / "clues", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["release"] == "2025-01" and report["units_operating"] == 512
    assert report["by_group"]["imss_bienestar"] == 512
    assert report["transfers"]["by_date"] == {"2024-07-18": 483, "2024-09-25": 1, "2024-10-28": 28}


# ----------------------------------------------------------------------------- fetch against 127.0.0.1

class CatalogueServer(http.server.ThreadingHTTPServer):
    """Serves ``files`` with Range support; ``cut_after`` bytes makes the next full response stop short."""

    def __init__(self, files: dict[str, bytes]):
        self.files, self.requests, self.cut_after = files, [], None
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/catalogos/"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server: CatalogueServer = self.server
        name = self.path.rsplit("/", 1)[-1]
        server.requests.append((name, self.headers.get("Range")))
        body = server.files.get(name)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>no existe</html>")
            return
        start = 0
        if self.headers.get("Range"):
            start = int(self.headers["Range"].split("=")[1].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        if server.cut_after is not None and not start:
            self.wfile.write(body[: server.cut_after])
            server.cut_after = None
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        self.wfile.write(body[start:])


@pytest.fixture
def server():
    payload = XLSX.read_bytes()
    srv = CatalogueServer({"ESTABLECIMIENTO_SALUD_202501.xlsx": payload})
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_fetch_finds_the_newest_month_and_caches_it(server, private_cache, monkeypatch):
    from coverage import clues_fetch
    import datetime as dt

    result = clues_fetch.fetch(base=server.url, today=dt.date(2025, 3, 10), timeout=5)
    assert result.release == "2025-01" and not result.from_cache
    assert [name for name, _ in server.requests] == ["ESTABLECIMIENTO_SALUD_202503.xlsx",
                                                      "ESTABLECIMIENTO_SALUD_202502.xlsx",
                                                      "ESTABLECIMIENTO_SALUD_202501.xlsx"]
    assert result.path.read_bytes() == XLSX.read_bytes()
    assert result.sha256 == hashlib.sha256(XLSX.read_bytes()).hexdigest()
    again = clues_fetch.fetch(base=server.url, month="202501", timeout=5)
    assert again.from_cache and len(server.requests) == 3


def test_fetch_resumes_an_interrupted_download_with_a_range_request(server, private_cache):
    from coverage import clues_fetch

    server.cut_after = 4000
    with pytest.raises(clues_fetch.FetchError, match="run the same command again"):
        clues_fetch.fetch(base=server.url, month="202501", timeout=5)
    part = private_cache / "downloads" / "ESTABLECIMIENTO_SALUD_202501.xlsx.part"
    assert part.stat().st_size == 4000
    result = clues_fetch.fetch(base=server.url, month="202501", timeout=5)
    assert server.requests[-1] == ("ESTABLECIMIENTO_SALUD_202501.xlsx", "bytes=4000-")
    assert result.path.read_bytes() == XLSX.read_bytes() and not part.exists()


def test_fetch_rejects_a_wrong_checksum(server, private_cache):
    from coverage import clues_fetch

    with pytest.raises(clues_fetch.FetchError, match="sha256"):
        clues_fetch.fetch(base=server.url, month="202501", expected_sha256="0" * 64, timeout=5)
    assert not (private_cache / "downloads" / "ESTABLECIMIENTO_SALUD_202501.xlsx").exists()


def test_fetch_cli_with_progress_and_env_url(server, monkeypatch):
    monkeypatch.setenv("COVERAGE_CLUES_URL", server.url)
    result = run("fetch", "--month", "202501", "--timeout", "5")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path.is_file() and "Release 2025-01" in result.stderr
    summary = run("summary", path, "--format", "json")
    assert json.loads(summary.stdout)["units_operating"] == 13


def test_fetch_offline_is_one_clear_sentence():
    # a closed local port stands in for "no internet"
    from helpers.browser import free_port

    result = run("fetch", "--base-url", f"http://127.0.0.1:{free_port()}/x/", "--timeout", "2", "--month", "202501")
    assert result.exit_code == 1
    assert "no internet connection" in result.stderr and "Traceback" not in result.output


def test_fetch_says_when_no_month_exists(server):
    result = run("fetch", "--base-url", server.url, "--month", "202412", "--timeout", "5")
    assert result.exit_code == 1 and "No catalogue was found" in result.stderr


@pytest.mark.parametrize("month", ["2025-01", "202513", "abc"])
def test_fetch_rejects_a_malformed_month(month):
    result = run("fetch", "--month", month)
    assert result.exit_code == 2 and "YYYYMM" in result.stderr
