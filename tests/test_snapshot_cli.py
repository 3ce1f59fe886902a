"""``imss-coverage snapshot``: files written, batches with one folder per state, clear exit-2 errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from coverage.cli import snapshots as cli_snapshot
from coverage.cli import main
from helpers import SHARED_DATA, require

STEM = "imss-bienestar-13-hidalgo-2024-06-30"


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["snapshot", *args])


def test_one_state_writes_every_file_and_refuses_to_overwrite_without_force(run, tmp_path):
    result = run("--state", "13", "--as-of", "2024-06-30", "--target", "2023-01", "--lang", "en", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"{STEM}.png", f"{STEM}-pantalla.png", f"{STEM}.pdf", f"{STEM}.svg", f"{STEM}.csv",
                            f"{STEM}-acceso.csv", f"{STEM}.geojson", f"{STEM}.zip", "manifest.json"])
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["state"], manifest["target"], manifest["language"]) == ("13", "2023-01", "en")
    assert (manifest["access"]["scope"], manifest["access"]["km"]) == ("first_level", 5.0)  # the defaults
    png = (tmp_path / f"{STEM}.png").read_bytes()

    again = run("--state", "13", "--as-of", "2024-06-30", "--target", "2023-01", "--lang", "en", "--out", str(tmp_path))
    assert again.exit_code == 2 and "already exist" in again.output and "--force" in again.output
    forced = run("--state", "13", "--as-of", "2024-06-30", "--target", "2023-01", "--lang", "en", "--out",
                 str(tmp_path), "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / f"{STEM}.png").read_bytes() == png  # same inputs, same bytes


def test_all_writes_one_folder_per_state_with_a_progress_bar(run, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_snapshot, "STATE_CODES", ("01", "09", "18"))  # three states keep the test quick
    result = run("--state", "all", "--as-of", "2024-06-30", "--out", str(tmp_path), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-aguascalientes", "09-ciudad-de-mexico", "18-nayarit"]
    for folder in tmp_path.iterdir():
        assert len(list(folder.iterdir())) == 9  # incl. -acceso.csv
    assert "Snapshots" in result.output


@pytest.mark.parametrize("args, message", [
    (["--state", "13", "--access-km", "cero"], "not a distance"),
    (["--state", "13", "--access-scope", "dentists"], "first_level"),
    (["--state", "33"], "unknown state code '33'"),
    (["--state", "Jalisco"], "unknown state code 'jalisco'"),
    (["--state", "13", "--target", "1999-01"], "unknown target '1999-01'"),
    (["--state", "13", "--as-of", "2024-02-30"], "not a calendar date"),
])
def test_bad_input_gets_exit_code_2_and_a_clear_message(run, tmp_path, args, message):
    full = ["--as-of", "2024-06-30", "--out", str(tmp_path), *args]
    result = run(*full)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_unwritable_output_folder_gets_exit_code_2(run, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("--state", "13", "--as-of", "2024-06-30", "--out", str(blocker / "sub"))
    assert result.exit_code == 2 and "cannot write to" in result.output


def test_a_missing_catalogue_gets_exit_code_2(run, tmp_path):
    result = run("--state", "13", "--as-of", "2024-06-30", "--out", str(tmp_path), "--clues", str(tmp_path / "nope.xlsx"))
    assert result.exit_code == 2 and "--clues" in result.output


def test_a_catalogue_adds_the_facilities(run, tmp_path, monkeypatch):
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES sample is missing")
    monkeypatch.setenv("COVERAGE_CACHE", str(tmp_path / "cache"))
    result = run("--state", "13", "--as-of", "2024-06-30", "--out", str(tmp_path / "out"),
                 "--clues", str(SHARED_DATA / "clues"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / f"{STEM}-unidades.csv").is_file()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["shown"]["facilities"] > 400
    assert any(layer["layer"] == "clues" and layer["release"] == "2025-01" for layer in manifest["layers"])


@pytest.mark.parametrize("pair", [["--scope", "hospital", "--km", "20"], ["--access-scope", "hospital", "--access-km", "20"]])
def test_one_access_pair_for_a_state_and_its_older_spelling(run, tmp_path, pair):
    result = run("--state", "13", "--as-of", "2024-06-30", "--out", str(tmp_path), *pair)
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["access"]["scope"], manifest["access"]["km"]) == ("hospital", 20.0)
