import datetime as dt
import html
import json
import re

import folium
import pytest

from coverage import gaps, maps, rollout, tables
from helpers import ROOT
from helpers.paint import paint_payload
from streamlit_folium import _get_feature_group_string, _get_map_string

STATIC = ROOT / "static"


@pytest.fixture(scope="module")
def table(data):
    return rollout.status_table(data, dt.date(2023, 12, 31), "en")


@pytest.fixture(scope="module")
def gap_table(data):
    return gaps.state_gaps(data, "2022-08", dt.date(2023, 12, 31), lang="en")


@pytest.fixture(scope="module")
def paint(table, gap_table):
    return maps.colouring("status", table, gap_table, "en")


def rendered(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def test_base_map_loads_nothing_from_the_internet():
    page = rendered(maps.base_map())
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert external == []
    assert "/app/static/vendor/leaflet/leaflet.js" in page
    assert "openstreetmap" not in page and "tile" not in page.lower().replace("tiles=none", "")


def test_vendored_leaflet_files_exist():
    from pathlib import Path

    static = Path(__file__).resolve().parents[1] / "static" / "vendor" / "leaflet"
    for name in ("leaflet.js", "leaflet.css", "LICENSE"):
        assert (static / name).stat().st_size > 0


def test_every_vendored_file_is_the_one_its_manifest_names():
    """static/vendor/VERSIONS.json (written by build_vendor.sh) lists each package's files with their
    sha256; every folder has its licence, and every script a map loads is listed."""
    import hashlib
    import json
    from pathlib import Path

    from coverage import facility_maps

    root = Path(__file__).resolve().parents[1]
    manifest = json.loads((root / "static" / "vendor" / "VERSIONS.json").read_text(encoding="utf-8"))
    listed = set()
    for package in manifest["packages"]:
        folder = root / package["directory"]
        assert any(name.upper().startswith(("LICENSE", "MIT-LICEN")) for name in package["files"]), package["package"]
        for name, digest in package["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (package["package"], name)
            listed.add(f"{package['served_at']}{name}")
    for _, link in maps.LEAFLET_JS + facility_maps.MARKER_JS:
        assert link in listed, link


def test_status_layer_colours_each_state_by_its_status(table, gap_table, paint):
    features = maps.state_features(table, gap_table, paint, "en")["features"]
    assert len(features) == 32
    by_code = {f["properties"]["cve_ent"]: f["properties"] for f in features}
    assert by_code["18"]["status"] == "operating" and by_code["18"]["colour"] == maps.STATUS_COLOURS["operating"]
    assert by_code["14"]["status_label"] == "Declined"
    assert by_code["18"]["since"] == "1 April 2022"
    assert by_code["18"]["source"] == "reporterostvn.com"


def test_tooltip_text_is_escaped(table, gap_table, paint):
    hostile = table.copy()
    hostile.loc[hostile["cve_ent"] == "01", "state"] = '<img src=x onerror="alert(1)">'
    props = {f["properties"]["cve_ent"]: f["properties"]
             for f in maps.state_features(hostile, gap_table, paint, "en")["features"]}
    assert "<img" not in props["01"]["state"]
    assert html.unescape(props["01"]["state"]) == '<img src=x onerror="alert(1)">'


def test_the_base_map_does_not_change_with_the_date():
    """Same base → same streamlit-folium element key → no iframe re-mount when the date moves."""
    data = tables.load()
    def base_on(day):
        status = rollout.status_table(data, day)
        return maps.base_map()
    first = _get_map_string(base_on(dt.date(2022, 1, 1)))
    second = _get_map_string(base_on(dt.date(2024, 6, 1)))
    strip = lambda s: re.sub(r"_[a-z0-9]{32}", "", s)  # noqa: E731
    assert strip(first) == strip(second)


def test_state_paint_is_small_and_carries_no_geometry(table, gap_table, paint):
    """A rerun sends fills and tooltip texts only; the shapes are in the base map (issue 14)."""
    fmap = maps.national_base_map(STATIC)
    script = _get_feature_group_string(maps.add_legend(maps.states_paint(table, gap_table, paint, "en"), paint, "en"),
                                       map=fmap)
    assert len(script) < 12_000, len(script)
    assert "coordinates" not in script and "Nayarit" in script and "imss-legend" in script
    payload = paint_payload(script)
    assert payload["fill"] == paint.colours and payload["tip"]["className"] == "imss-tip"


@pytest.mark.parametrize("mode", ["status", "delay", "uninsured"])
def test_state_paint_tooltips_are_the_three_compact_lines(table, gap_table, mode):
    paint = maps.colouring(mode, table, gap_table, "en")
    tips = paint_payload(_get_feature_group_string(maps.states_paint(table, gap_table, paint, "en"),
                                                   map=maps.national_base_map(STATIC)))["tips"]
    features = maps.state_features(table, gap_table, paint, "en")["features"]  # what the embed shows
    assert tips == {f["properties"]["cve_ent"]: [f["properties"][k] for k in maps.TOOLTIP_FIELDS] for f in features}


def test_state_paint_texts_are_escaped_and_cannot_end_the_script(table, gap_table, paint):
    hostile = table.copy()
    hostile.loc[hostile["cve_ent"] == "01", "state"] = '</script><img src=x onerror="alert(1)">'
    script = _get_feature_group_string(maps.states_paint(hostile, gap_table, paint, "en"), map=maps.national_base_map())
    assert "</script" not in script and "<img" not in script
    assert html.unescape(paint_payload(script)["tips"]["01"][0]) == '</script><img src=x onerror="alert(1)">'


def test_the_national_base_map_is_one_and_the_same_and_loads_the_shapes_once():
    first, second = (_get_map_string(maps.national_base_map(STATIC)) for _ in range(2))
    strip = lambda s: re.sub(r"_[a-z0-9]{32}", "", s)  # noqa: E731
    assert strip(first) == strip(second)
    assert len(first) < 10_000 and "coordinates" not in first  # the geometry is the static file
    fmap = maps.national_base_map(STATIC)
    assert fmap.default_js[-1][1].startswith("/app/static/geo/national.js?v=")


def test_the_static_geometry_file_is_current():
    """static/geo/national.js is what the embedded boundaries give; rewrite it: python -m coverage.maps"""
    assert (STATIC / maps.GEO_FILE).read_text(encoding="utf-8") == maps.national_geo_js()
    geo = json.loads(maps.national_geo_js()[len("window.imssGeo="):-2])
    assert [code for code, _ in geo["states"]] == [f["properties"]["cve_ent"] for f in maps.boundaries()["features"]]
    assert len(geo["labels"]) == 32 and geo["neighbours"]["type"] == "FeatureCollection"


def test_a_missing_or_stale_geometry_file_is_inlined(tmp_path):
    assert maps.geo_link(str(tmp_path)) is None
    (tmp_path / "geo").mkdir()
    (tmp_path / maps.GEO_FILE).write_text("window.imssGeo={};", encoding="utf-8")
    maps.geo_link.cache_clear()
    assert maps.geo_link(str(tmp_path)) is None
    inline = _get_map_string(maps.national_base_map(tmp_path))
    assert "window.imssGeo={" in inline and '"coordinates"' in inline
    assert all("geo/national" not in link for _, link in maps.national_base_map(tmp_path).default_js)


def test_delay_colouring_uses_the_delay_classes(table, gap_table):
    paint = maps.colouring("delay", table, gap_table, "en")
    assert paint.colours["18"] == maps.DELAY_COLOURS["ahead"]  # Nayarit, 2022-04-01 vs 2023-06-30
    assert paint.colours["14"] == maps.DELAY_COLOURS["declined"]
    assert paint.colours["13"] == maps.DELAY_COLOURS["overdue"]  # Hidalgo operates only from 2024-03-21
    assert paint.title.endswith("AMLO, 12 Aug 2022") and len(paint.legend) == len(maps.DELAY_COLOURS)


def test_uninsured_colouring_is_classed(table, gap_table):
    paint = maps.colouring("uninsured", table, gap_table, "en")
    assert paint.colours["16"] == "#253494"  # Michoacán 37.6 %: top class
    assert paint.colours["08"] == "#ffffcc"  # Chihuahua 15.3 %: bottom class
    assert [label for _, label in paint.legend][0] == "under 18%"


def test_tooltip_shows_target_actual_and_delay(table, gap_table, paint):
    props = {f["properties"]["cve_ent"]: f["properties"]
             for f in maps.state_features(table, gap_table, paint, "en")["features"]}
    nayarit = props["18"]
    assert nayarit["target"] == "30 June 2023 (AMLO, 12 Aug 2022)" and nayarit["actual"] == "1 April 2022"
    assert nayarit["delay"] == "455 days early"
    assert props["29"]["delay"] == "426 to 455 days early (imprecise date)"  # Tlaxcala, April 2022
    assert props["08"]["delay"] == "Declined"


def test_unknown_colouring_is_an_error(table, gap_table):
    with pytest.raises(ValueError, match="unknown colouring"):
        maps.colouring("rainbow", table, gap_table, "en")


def test_clicked_state_reads_only_a_valid_code():
    assert maps.clicked_state({"last_active_drawing": {"properties": {"cve_ent": "13"}}}) == "13"
    assert maps.clicked_state({"last_active_drawing": {"properties": {"cve_ent": "99"}}}) is None
    assert maps.clicked_state({"last_active_drawing": None}) is None
    assert maps.clicked_state(None) is None
