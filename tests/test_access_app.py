"""The access widgets headless (AppTest): national colouring, state section, URL values, full catalogue,
method page, snapshot manifest."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from coverage import access, access_maps, network
from coverage import localities as L
from coverage.i18n import format_int
from helpers import GEODATA
from helpers.apptest import folium_args as map_args
from helpers.apptest import metrics, open_app
from helpers.paint import paint_payload

AGEEML = "localities/AGEEML_HGO_20241031.csv"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    monkeypatch.delenv(L.ENV_VAR, raising=False)


def run(page: str | None = None, **params) -> AppTest:
    app = open_app(page, timeout=120, **params)
    assert not app.exception, app.exception
    return app


def texts(app: AppTest) -> str:
    parts = [e.value for e in (*app.subheader, *app.caption, *app.markdown, *app.info, *app.warning)]
    return "\n".join(str(p) for p in parts)


def folium_args(app: AppTest, index: int = 0) -> dict:
    return map_args(app, index)


@pytest.mark.parametrize("lang, label, beyond", [("es", "Distancia a una unidad", "Personas a más de 10 km"),
                                                 ("en", "Distance to a unit", "People beyond 10 km")])
def test_national_map_coloured_by_share_beyond_10_km(lang, label, beyond):
    app = run(lang=lang, color=label, alcance="first_level", km="10")
    result = access.nearest(L.load_embedded(), network.load_network(), "first_level")
    summary = access.summary(result, 10)
    assert metrics(app)[beyond] == format_int(summary["people_beyond"], lang)
    args = folium_args(app)
    gap = access.state_gap(result, 10)
    fills = paint_payload(args["feature_group"])["fill"]
    for code, share in zip(gap["cve_ent"], gap["share_beyond"]):
        assert fills[code] == access_maps.share_colour(share)
    payload = paint_payload(args["feature_group"])  # labelled tooltip rows; no geometry is re-sent
    assert len(payload["heads"]) == 7 and all(len(texts) == 7 for texts in payload["tips"].values())
    assert payload["tip"]["sticky"] and '"coordinates"' not in args["feature_group"]
    assert args["returned_objects"] == ["last_active_drawing"]  # a click still opens the state
    ranking = app.dataframe[0].value
    assert len(ranking) == 32 and ranking.iloc[0, 5] == pytest.approx(100 * gap["share_beyond"].max(), abs=0.01)
    assert "1 000" in texts(app) or "1,000" in texts(app)  # the subset caveat is on the page


def test_changing_x_recolours_without_changing_the_base_map():
    app = run(lang="en", color="Distance to a unit", alcance="hospital", km="10")
    first = folium_args(app)
    assert app.slider(key="_access_km").value == 10
    app.slider(key="_access_km").set_value(50).run()
    second = folium_args(app)
    assert second["key"] == first["key"]  # same base map: no re-mount, the view is kept
    assert second["feature_group"] != first["feature_group"]
    assert "People beyond 50 km" in metrics(app)


def test_bad_url_values_fall_back_with_notices():
    app = run(lang="en", color="Distance to a unit", alcance="dentists", km="-4")
    warnings = " ".join(w.value for w in app.warning)
    assert 'units "dentists"' in warnings and "-4 km" in warnings
    assert app.selectbox(key="_access_scope").value == "first_level"
    assert app.slider(key="_access_km").value == access.DEFAULT_KM["first_level"]


def test_a_scope_change_moves_x_to_its_default():
    app = run(lang="en", color="Distance to a unit")
    app.selectbox(key="_access_scope").set_value("hospital").run()
    assert app.slider(key="_access_km").value == 30
    assert [b.label for b in app.button if b.label.endswith(" km")] == ["10 km", "20 km", "30 km", "50 km"]


def test_hidalgo_state_section(monkeypatch):
    app = run("views/state.py", lang="en", estado="13", alcance="hospital", km="20")
    result = access.nearest(L.load_embedded(), network.load_network(), "hospital")
    summary = access.summary(result, 20, "13")
    assert metrics(app)["People beyond 20 km"] == format_int(summary["people_beyond"], "en")
    shown = texts(app)
    assert "Municipalities by share of the population beyond 20 km" in shown
    assert "1,000 inhabitants or more" in shown
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Download the localities (CSV)" in labels and "Access (CSV)" in labels
    layer = folium_args(app, -1)["feature_group"]
    points = json.loads(re.search(r"var d = (\{.*?\}), layer = L.featureGroup", layer).group(1))
    assert len(points["r"]) == len(points["t"]) == len(points["xy"]) // 2 == summary["localities_beyond"]
    assert '"type": "Point"' not in layer  # compact columns, not one GeoJSON feature per locality
    from coverage import municipalities

    assert layer.count('"cvegeo": "13') == len(municipalities.features(cve_ent="13"))  # every municipality drawn
    gap = access.municipal_gap(result, 20, "13")
    ranking = next(d.value for d in app.dataframe if "% beyond 20 km" in d.value.columns)
    every = access.with_every_municipality(gap, "13")
    assert len(ranking) == len(every)  # a municipality with no locality in the table is listed, not dropped
    # its share is missing, and the grid writes a missing cell "—" (its own default is "None"); the share
    # and the distance stay numbers, so a click on their header sorts them as numbers, not as text
    grid = next(d for d in app.dataframe if "% beyond 20 km" in d.value.columns)
    assert grid.proto.placeholder == "—"
    assert ranking["% beyond 20 km"].isna().sum() == every["share_beyond"].isna().sum() > 0
    assert pd.api.types.is_float_dtype(ranking["% beyond 20 km"]) and pd.api.types.is_float_dtype(
        ranking["Largest distance (km)"])
    worst = gap.sort_values("share_beyond", ascending=False).iloc[0]
    assert f'"colour": "{access_maps.share_colour(worst["share_beyond"])}", "cvegeo": "{worst["cvegeo"]}"' in layer


def test_hidalgo_recomputed_on_every_locality_of_the_full_catalogue(shared_data, monkeypatch):
    monkeypatch.setenv(L.ENV_VAR, str(shared_data / AGEEML))
    app = run("views/state.py", lang="es", estado="13", alcance="first_level", km="5")
    full = L.load(shared_data / AGEEML)
    summary = access.summary(access.nearest(full, network.load_network(), "first_level"), 5, "13")
    assert metrics(app)["Personas a más de 5 km"] == format_int(summary["people_beyond"], "es")
    shown = texts(app)
    assert "AGEEML_HGO_20241031.csv" in shown
    assert f"{full.issue_counts['masked_population']} con población reservada" in shown  # reported, not zero


def test_a_broken_env_catalogue_is_reported_and_the_embedded_table_used(tmp_path, monkeypatch):
    bad = tmp_path / "localidades.csv"
    bad.write_text("x,y\n1,2\n", encoding="utf-8")
    monkeypatch.setenv(L.ENV_VAR, str(bad))
    app = run("views/state.py", lang="en", estado="13")
    errors = " ".join(e.value for e in app.error)
    assert "COVERAGE_LOCALITIES could not be used" in errors and "not an INEGI locality catalogue" in errors
    assert "1,000 inhabitants or more" in texts(app)


def test_method_section_on_sources_page_states_the_finding():
    finding = json.loads((GEODATA / "access" / "hidalgo_finding.json").read_text(encoding="utf-8"))
    first = next(r for r in finding["scopes"]["first_level"] if r["km"] == 5)
    for lang, words in (("es", ["EPSG:6372", "cKDTree", "línea recta", "móviles", "1 000"]),
                        ("en", ["EPSG:6372", "cKDTree", "straight line", "Mobile units", "1,000"])):
        app = run("views/sources.py", lang=lang)
        shown = texts(app)
        for word in words:
            assert word in shown, (lang, word)
        assert format_int(first["full"]["people_beyond"], lang) in shown
        assert format_int(first["missed_people"], lang) in shown
        assert first["missed_people"] > 0
        hospitals_10 = next(r for r in finding["scopes"]["hospital"] if r["km"] == 10)
        assert format_int(hospitals_10["subset"]["people_beyond"], lang) in shown  # large even in the subset


def test_snapshot_manifest_carries_the_access_figures():
    import datetime as dt

    from coverage import snapshot, tables

    data = tables.load()
    result = access.nearest(L.load_embedded(), network.load_network(), "first_level")
    figures = access.snapshot_figures(result, 5, "13")
    snap = snapshot.Snapshot(data, snapshot.View("13", dt.date(2024, 6, 30), lang="en"), None, access=figures)
    manifest = json.loads(snap.manifest)
    assert manifest["access"]["people_beyond"] == access.summary(result, 5, "13")["people_beyond"]
    assert manifest["access"]["method"]["crs"] == "EPSG:6372"
    names = [f["name"] for f in manifest["files"]]
    assert f"{snap.name}-acceso.csv" in names and f"{snap.name}-acceso.csv" in snap.files()
