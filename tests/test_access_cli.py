"""``imss-coverage access``: the table, the JSON summary, and every bad request exiting 2 with the choices."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from coverage import access, clues
from coverage import localities as L
from coverage.cli import main

AGEEML = "localities/AGEEML_HGO_20241031.csv"


@pytest.fixture(autouse=True)
def private_env(tmp_path, monkeypatch):
    monkeypatch.setenv("COVERAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    monkeypatch.delenv(L.ENV_VAR, raising=False)


def run(*args):
    return CliRunner().invoke(main, ["access", *map(str, args)])


def test_hidalgo_json_matches_the_model(shared_data):
    result = run("--state", "13", "--clues", shared_data / "clues", "--km", "5", "--format", "json",
                 "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    summary = payload["summary"]
    assert {"people_total", "people_beyond", "km", "scope"} <= summary.keys()
    assert summary["km"] == 5 and summary["scope"] == "first_level" and summary["state"] == "13"
    expected = access.nearest(L.load_embedded(), clues.load(shared_data / "clues"), "first_level")
    truth = access.summary(expected, 5, "13")
    assert summary["people_total"] == truth["people_total"] > 0
    assert summary["people_beyond"] == truth["people_beyond"]
    rows = pd.DataFrame(payload["rows"])
    assert set(rows["cve_ent"]) == {"13"} and rows["cvegeo"].is_unique  # municipalities of Hidalgo
    assert rows["people_beyond"].sum() == summary["people_beyond"]
    assert rows["population"].sum() == summary["people_total"]
    assert set(rows["status"]) == {"operating"}


def test_full_catalogue_option_and_environment_variable(shared_data, monkeypatch):
    by_option = run("--state", "13", "--clues", shared_data / "clues", "--localities", shared_data / AGEEML,
                    "--format", "json")
    assert by_option.exit_code == 0, by_option.output
    monkeypatch.setenv(L.ENV_VAR, str(shared_data / AGEEML))
    monkeypatch.setenv("COVERAGE_CLUES", str(shared_data / "clues"))
    by_env = run("--state", "13", "--format", "json")
    assert by_env.exit_code == 0, by_env.output
    first, second = json.loads(by_option.stdout)["summary"], json.loads(by_env.stdout)["summary"]
    assert first == second
    assert first["localities_source"] == "AGEEML_HGO_20241031.csv"
    assert first["localities_unknown_population"] > 0  # INEGI's masked counts, reported


def test_csv_has_one_row_per_state(shared_data):
    result = run("--clues", shared_data / "clues", "--scope", "uninsured", "--km", "10")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("cve_ent,state,status,since,localities")
    assert len(lines) == 33
    assert "only some states" in result.stderr


@pytest.mark.parametrize("args, words", [
    (["--km", "0"], ["--km", "1–100"]),
    (["--km", "-3"], ["--km", "1–100"]),
    (["--km", "diez"], ["--km", "not a distance"]),
    (["--km", "250"], ["--km", "1–100"]),
    (["--scope", "dentists"], ["--scope", "first_level", "hospital", "public", "uninsured"]),
    (["--state", "33"], ["--state", "01", "32"]),
    (["--state", "HGO"], ["--state", "01", "32"]),
    (["--format", "xml"], ["--format", "csv", "json"]),
])
def test_bad_requests_exit_2_with_the_choices(args, words):
    result = run(*args)
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.stderr
    assert "Traceback" not in result.output


def test_unusable_files_exit_2_with_a_sentence(tmp_path, shared_data):
    bad = tmp_path / "loc.csv"
    bad.write_text("a,b\n1,2\n")
    result = run("--localities", bad, "--clues", shared_data / "clues")
    assert result.exit_code == 2 and "not an INEGI locality catalogue" in result.stderr
    result = run("--clues", tmp_path / "nothing-here.csv")
    assert result.exit_code == 2 and "Error:" in result.stderr


def test_municipalities_without_a_locality_in_the_table_are_listed_not_dropped():
    from coverage import municipalities

    result = run("--state", "20", "--format", "json")  # Oaxaca: many municipalities have no 1,000+ locality
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    rows = pd.DataFrame(payload["rows"])
    assert set(municipalities.census(cve_ent="20")["cvegeo"]) <= set(rows["cvegeo"])
    empty = rows[rows["localities"] == 0]
    assert len(empty) > 0 and (empty["population"] == 0).all() and empty["share_beyond"].isna().all()
    assert rows["population"].sum() == payload["summary"]["people_total"]
