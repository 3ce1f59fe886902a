"""Freshness: the review date lives in datapackage.json, every output states it, and a date after
it is shown as carried forward, not observed."""

import dataclasses
import datetime as dt
import io
import json
import zipfile

import pytest
from click.testing import CliRunner

from coverage import freshness, rollout, snapshot, tables
from coverage.cli import main
from coverage.i18n import format_date, t
from helpers import ROOT
from helpers.apptest import folium_components, open_app

PAGES = ["views/national_map.py", "views/rollout.py", "views/state.py", "views/facilities.py", "views/sources.py"]


def test_review_date_is_recorded_by_the_build_script(data):
    package = json.loads((ROOT / "geodata" / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["path"] == "rollout_events.csv")
    assert events["reviewed"] == package["events_reviewed"] == data.reviewed.isoformat()
    newest = max(data.events["latest"])
    assert newest <= data.reviewed  # nothing in the table is newer than its review


def _rewrite_reviewed(root, value):
    path = root / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["path"] == "rollout_events.csv":
            if value is None:
                resource.pop("reviewed")
            else:
                resource["reviewed"] = value
    path.write_text(json.dumps(package), encoding="utf-8")


@pytest.mark.parametrize("value, message", [(None, "needs 'reviewed'"), ("2025-01-01", "reviewed on 2025-01-01")])
def test_validate_refuses_a_missing_or_stale_review_date(geodata_copy, value, message):
    _rewrite_reviewed(geodata_copy, value)
    result = CliRunner().invoke(main, ["validate", "--geodata", str(geodata_copy)])
    assert result.exit_code == 1
    assert message in result.output


def test_status_json_carries_the_review_date():
    result = CliRunner().invoke(main, ["status", "--as-of", "2024-06-30", "--format", "json"])
    payload = json.loads(result.output)
    assert dt.date.fromisoformat(payload["data_reviewed"]) == tables.load().reviewed
    assert payload["status_basis"] == "observed"
    assert {s["data_reviewed"] for s in payload["states"]} == {payload["data_reviewed"]}


def test_after_the_review_the_status_is_carried_forward(data):
    older = dataclasses.replace(data, reviewed=dt.date(2025, 1, 1))
    assert freshness.record(older, dt.date(2024, 12, 31))["status_basis"] == "observed"
    assert freshness.record(older, dt.date(2025, 6, 1))["status_basis"] == "carried_forward"
    table = rollout.status_table(older, dt.date(2025, 6, 1), "es")
    assert set(table["status_basis"]) == {"carried_forward"}
    assert "no es un dato observado" in freshness.stamp(older, dt.date(2025, 6, 1), "es")
    assert "carried forward" in freshness.stamp(older, dt.date(2025, 6, 1), "en")


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_when_the_events_were_reviewed(page, lang):
    app = open_app(None if page == PAGES[0] else page, timeout=90, lang=lang, fecha="2024-06-30")
    assert not app.exception
    stamp = t("truth.reviewed", lang, date=format_date(tables.load().reviewed, lang))
    assert any(stamp in c.value for c in app.caption), page


def test_the_map_legend_carries_the_review_date(data):
    app = open_app(fecha="2024-06-30")
    component = folium_components(app)[0]
    # the legend travels with the state layer (so the map is not re-mounted when it changes)
    assert format_date(data.reviewed, "es") in json.loads(component.proto.json_args)["feature_group"]


def test_snapshot_manifest_and_picture_text_carry_the_review_date(data):
    shot = snapshot.Snapshot(data, snapshot.View("21", dt.date(2024, 6, 30), "2023-03", "implementation", "en"))
    manifest = json.loads(shot.manifest)
    assert manifest["data_reviewed"] == data.reviewed.isoformat() and manifest["status_basis"] == "observed"
    assert manifest["headline"]["people_without_social_security_in_operating_states"] > 50_000_000
    assert format_date(data.reviewed, "en") in shot.source_line()  # printed under the PNG and PDF map
    names = zipfile.ZipFile(io.BytesIO(shot.zip)).namelist()
    assert any(n.endswith("manifest.json") for n in names)


@pytest.mark.parametrize("code", ["21", None])
def test_snapshot_csv_carries_the_review_date_and_the_status_basis(data, code):
    # issue 9, Freshness: "in every export" — the CSV travels without its manifest
    import pandas as pd

    view = snapshot.View(code, dt.date(2024, 6, 30), "2023-03", "implementation", "en")
    rows = pd.read_csv(io.BytesIO(snapshot.Snapshot(data, view).csv), dtype=str, encoding="utf-8-sig")
    assert set(rows["data_reviewed"]) == {data.reviewed.isoformat()} and set(rows["status_basis"]) == {"observed"}
    later = dataclasses.replace(view, as_of=data.reviewed + dt.timedelta(days=1))
    rows = pd.read_csv(io.BytesIO(snapshot.Snapshot(data, later).csv), dtype=str, encoding="utf-8-sig")
    assert set(rows["status_basis"]) == {"carried_forward"}
