"""``imss-coverage facilities list|counts`` and ``imss-coverage municipalities``."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from coverage.cli import main


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COVERAGE_CACHE", str(tmp_path / "cache"))


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_list_csv_of_one_state_is_the_embedded_network():
    result = run("facilities", "list", "--state", "13")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert len(frame) == 1_528 and set(frame["cve_ent"]) == {"13"}  # Hidalgo in the 2023 cut
    assert {"unit_type", "group", "coord_issue", "imb_level"} <= set(frame.columns)
    assert (frame.loc[frame["coord_issue"] != "", "coord_detail"] != "").all()


def test_list_json_has_rows_and_says_which_catalogue():
    result = run("facilities", "list", "--state", "9", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["source"]["catalogue"] == "embedded" and payload["source"]["release"] == "2023"
    assert payload["state"] == "09" and len(payload["rows"]) == 3_248


def test_list_geojson_keeps_flagged_units_with_a_null_geometry():
    result = run("facilities", "list", "--format", "geojson")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    features = payload["features"]
    assert len(features) == 44_459
    flagged = [f for f in features if f["properties"]["coord_issue"]]
    assert flagged and all(f["geometry"] is None for f in flagged)
    drawn = [f for f in features if f["geometry"]]
    assert len(drawn) + len(flagged) == 44_459
    lon, lat = drawn[0]["geometry"]["coordinates"]
    assert -118.6 < lon < -86.4 and 14.3 < lat < 32.8


def test_list_of_a_user_catalogue(shared_data):
    result = run("facilities", "list", "--clues", shared_data / "clues", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["source"]["catalogue"] == "user" and payload["source"]["release"] == "2025-01"
    assert len(payload["rows"]) == 512 + 511 and {r["inst_code"] for r in payload["rows"]} == {"IMB", "SSA"}


def test_counts_per_state():
    result = run("facilities", "counts", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["cve_ent"]: r for r in json.loads(result.stdout)["rows"]}
    assert len(rows) == 32 and rows["13"]["imb_2026"] == 549 and rows["15"]["imb_2026"] == 1_248
    assert sum(r["units_2023"] for r in rows.values()) == 44_459
    csv = run("facilities", "counts")
    assert csv.exit_code == 0 and csv.stdout.splitlines()[0].startswith("cve_ent,units_2023,")


def test_municipalities_of_a_state():
    result = run("municipalities", "--state", "13", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert len(rows) == 84 and all(r["no_ss"] <= r["POBTOT"] for r in rows)
    whole = run("municipalities")
    assert whole.exit_code == 0 and len(whole.stdout.strip().splitlines()) == 2_470


@pytest.mark.parametrize("args, reason", [
    (("facilities", "list", "--state", "99"), "unknown state code '99'"),
    (("facilities", "list", "--state", "HGO"), "unknown state code 'HGO'"),
    (("facilities", "list", "--format", "xml"), "'xml' is not one of"),
    (("facilities", "counts", "--format", "geojson"), "'geojson' is not one of"),
    (("municipalities", "--state", "0"), "unknown state code '0'"),
])
def test_bad_requests_exit_2_with_the_reason(args, reason):
    result = run(*args)
    assert result.exit_code == 2 and reason in result.output, result.output


def test_a_file_that_is_not_a_catalogue_exits_2(tmp_path):
    bogus = tmp_path / "notes.csv"
    bogus.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("facilities", "list", "--clues", bogus)
    assert result.exit_code == 2 and "not a CLUES catalogue" in result.output, result.output
    missing = run("facilities", "list", "--clues", tmp_path / "nowhere.xlsx")
    assert missing.exit_code == 2 and "nowhere.xlsx" in missing.output, missing.output


def test_snapshot_with_the_embedded_network_reproduces_the_state_page(tmp_path):
    from coverage import clues, network

    result = run("snapshot", "--state", "13", "--as-of", "2024-06-30", "--clues", "embedded", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reproduce"].endswith("--clues embedded")
    units = pd.read_csv(next(tmp_path.glob("*-unidades.csv")), dtype=str)
    assert len(units) == len(clues.points(network.load_network(), cve_ent="13"))
    assert (tmp_path / "imss-bienestar-13-hidalgo-2024-06-30.png").stat().st_size > 100_000
