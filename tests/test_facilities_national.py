"""The national map's facility layer headless (AppTest): the points go into the page once, and the map's
layers carry only which of them are shown, so a date change does not send the ~40,000 points again."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.apptest import folium_args, open_app
from helpers.points import point_data, point_links, shown


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("COVERAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)


def test_national_facility_layer_sends_the_points_once_and_bitsets_per_date():
    from coverage import network

    table = network.load_network().table
    everything = int(network.points_mask(table).sum())
    app = open_app(timeout=120, lang="es", fecha="2023-06-30")
    assert not [h for h in app.html if "imssNet" in h.proto.body]  # layer off: no points in the page
    app.toggle(key="national_units").set_value(True).run()
    assert not app.exception, [e.message for e in app.exception]
    first, data = folium_args(app), point_data(app)
    # the embedded network's points are a static script the map's frame loads, not a 2.8 MB page element
    assert not [h for h in app.html if "imssNet" in h.proto.body]
    # … listed first, so the frame loads it alongside Leaflet, not after it
    assert first["js_links"][0].startswith("/app/static/load_alongside.js?") and point_links(first["js_links"])
    assert sum(len(v) for v in shown(app, first["feature_group"]).values()) == everything
    app.slider(key="fecha").set_value(dt.date(2024, 12, 31)).run()
    assert not app.exception
    after = folium_args(app)
    assert after["script"] == first["script"] and point_data(app) == data  # same base map, same data element
    assert after["feature_group"] != first["feature_group"]  # the states were recoloured
    assert sum(len(v) for v in shown(app, after["feature_group"]).values()) == everything
    # no point travels with the date change: the facility layers are ~1 bit per point plus their code
    # (they were ~2.6 MB, the points themselves, before issue 14); the states layer is recoloured beside them
    facility = sum(len(part) for part in after["feature_group"].split("var feature_group_feature_group_")
                   if "imssNetGroups" in part)
    assert 0 < facility < 40_000 + everything / 8 * 1.4, facility


def test_the_link_carries_the_facility_layer_and_the_municipal_level():
    from coverage import network

    everything = int(network.points_mask(network.load_network().table).sum())
    app = open_app(timeout=120, lang="en", fecha="2023-06-30", color="uninsured", unidades="1", nivel="municipality")
    assert not app.exception, [e.message for e in app.exception]
    assert app.toggle(key="national_units").value is True
    assert app.session_state["national_uninsured_level"] == "municipality"
    assert sum(len(v) for v in shown(app, folium_args(app)["feature_group"]).values()) == everything
    assert "imssMunicipal" in folium_args(app)["feature_group"]
    assert not app.warning
    app.toggle(key="national_units").set_value(False).run()  # turned off: the link drops it
    assert "unidades" not in app.query_params and app.query_params["nivel"] == "municipality"


@pytest.mark.parametrize("params, notice", [
    ({"unidades": "maybe"}, "The link asks for the facility layer as “maybe”; it takes 1 (shown) or 0 (hidden)"),
    ({"color": "uninsured", "nivel": "barrio"}, "The link asks for the level “barrio”, which does not exist"),
])
def test_an_unusable_layer_or_level_in_the_link_is_named_and_the_default_shown(params, notice):
    app = open_app(timeout=120, lang="en", fecha="2023-06-30", **params)
    assert not app.exception, [e.message for e in app.exception]
    assert any(notice in w.value for w in app.warning), [w.value for w in app.warning]
    assert app.toggle(key="national_units").value is False
    if "nivel" in params:
        assert app.session_state["national_uninsured_level"] == "state"
