import csv
import io
import json

import pytest
from click.testing import CliRunner

from coverage.cli import main


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def test_validate_is_clean(run):
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "OK — 32 states" in result.output


def test_validate_reports_a_broken_copy_and_fails(run, geodata_copy):
    path = geodata_copy / "rollout_events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",operating,", ",running,", 1), encoding="utf-8")
    result = run("validate", "--geodata", str(geodata_copy))
    assert result.exit_code == 1
    assert "'running' is not one of" in result.output


def test_status_json_end_of_2023(run):
    result = run("status", "--as-of", "2023-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    states = payload["states"]
    assert len(states) == 32
    joined = [s for s in states if s["status"] in ("signed", "partial", "operating")]
    assert len(joined) == 23
    required = {"cve_ent", "state", "status", "since", "source_url", "pop_2020", "uninsured_2020"}
    assert required <= set(states[0])
    assert all(s["source_url"].startswith("http") for s in joined)


def test_status_csv_has_one_row_per_state(run):
    result = run("status", "--as-of", "2022-04-01", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 32
    nayarit = next(r for r in rows if r["cve_ent"] == "18")
    assert (nayarit["state"], nayarit["status"], nayarit["since"]) == ("Nayarit", "operating", "2022-04-01")


@pytest.mark.parametrize("value, message", [
    ("2021-11-30", "before 2021-12-01"),
    ("2999-01-01", "in the future"),
    ("2023-02-30", "not a calendar date"),
    ("yesterday", "YYYY-MM-DD"),
])
def test_status_rejects_bad_dates_with_exit_code_2(run, value, message):
    result = run("status", "--as-of", value)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_status_rejects_an_unknown_format(run):
    result = run("status", "--format", "xml")
    assert result.exit_code == 2
    assert "'csv'" in result.output and "'json'" in result.output


def test_status_on_broken_data_exits_1_with_the_report(run, geodata_copy):
    (geodata_copy / "census_2020.csv").unlink()
    result = run("status", "--geodata", str(geodata_copy))
    assert result.exit_code == 1
    assert "census_2020.csv is missing" in result.output
