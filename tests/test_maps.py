import datetime as dt
import html
import json
import re

import folium
import pytest

from coverage import maps, rollout, tables
from streamlit_folium import _get_feature_group_string, _get_map_string


@pytest.fixture(scope="module")
def table():
    return rollout.status_table(tables.load(), dt.date(2023, 12, 31), "en")


def rendered(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def test_base_map_loads_nothing_from_the_internet():
    page = rendered(maps.base_map("es"))
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert external == []
    assert "/app/static/vendor/leaflet/leaflet.js" in page
    assert "openstreetmap" not in page and "tile" not in page.lower().replace("tiles=none", "")


def test_vendored_leaflet_files_exist():
    from pathlib import Path

    static = Path(__file__).resolve().parents[1] / "static" / "vendor" / "leaflet"
    for name in ("leaflet.js", "leaflet.css", "LICENSE"):
        assert (static / name).stat().st_size > 0


def test_status_layer_colours_each_state_by_its_status(table):
    features = maps.status_features(table, "en")["features"]
    assert len(features) == 32
    by_code = {f["properties"]["cve_ent"]: f["properties"] for f in features}
    assert by_code["18"]["status"] == "operating" and by_code["18"]["colour"] == maps.STATUS_COLOURS["operating"]
    assert by_code["14"]["status_label"] == "Declined"
    assert by_code["18"]["since"] == "1 April 2022"
    assert by_code["18"]["source"] == "reporterostvn.com"


def test_tooltip_text_is_escaped(table):
    hostile = table.copy()
    hostile.loc[hostile["cve_ent"] == "01", "state"] = '<img src=x onerror="alert(1)">'
    props = {f["properties"]["cve_ent"]: f["properties"] for f in maps.status_features(hostile, "en")["features"]}
    assert "<img" not in props["01"]["state"]
    assert html.unescape(props["01"]["state"]) == '<img src=x onerror="alert(1)">'


def test_the_base_map_does_not_change_with_the_date():
    """Same base → same streamlit-folium element key → no iframe re-mount when the date moves."""
    first = _get_map_string(maps.base_map("es"))
    second = _get_map_string(maps.base_map("es"))
    strip = lambda s: re.sub(r"_[a-z0-9]{32}", "", s)  # noqa: E731
    assert strip(first) == strip(second)


def test_status_layer_payload_is_small(table):
    fmap = maps.base_map("en")
    script = _get_feature_group_string(maps.status_layer(table, "en"), map=fmap)
    assert 100_000 < len(script) < 600_000
    assert "Nayarit" in script
    assert "tooltip" in script.lower()
