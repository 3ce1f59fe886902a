"""The facilities page headless (AppTest): without a catalogue, with the fixture, the Hidalgo extract and
a national-size synthetic catalogue; the map payload is offline, escaped and compact."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from helpers import ROOT, SHARED_DATA, require
from helpers.apptest import folium_args, open_app
from helpers.points import point_data, shown, shown_codes

FIXTURE = ROOT / "tests" / "fixtures" / "clues" / "ESTABLECIMIENTO_SALUD_202501.xlsx"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("COVERAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)


def facilities_page(lang: str = "es") -> AppTest:
    return open_app("views/facilities.py", timeout=120, lang=lang)


def test_without_a_catalogue_the_page_shows_the_embedded_network_and_how_to_load_one():
    app = facilities_page()
    assert not app.exception, [e.message for e in app.exception]
    note = next(i.value for i in app.info if "red nacional incorporada" in i.value)
    assert "CLUES, corte 2023, antes de las transferencias" in note and "10\u202f571 en 25 estados" in note
    # how to load another one, in a journalist's terms: the uploader, no command line (issue 12)
    assert "súbalo en «Catálogo CLUES: cargar o cambiar»" in note
    assert "COVERAGE_CLUES" not in note and "imss-coverage" not in note
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Establecimientos (corte 2023)"] == "44\u202f459"
    assert metrics["En el mapa (coordenadas utilizables)"] == "41\u202f978"
    assert metrics["Unidades IMSS-BIENESTAR (CLUES 2026-04)"] == "10\u202f571"
    args = folium_args(app)
    assert args["returned_objects"] == [] and "fitBounds" in args["feature_group"]
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    # by default: every drawable fixed unit (mobile units off), as the caption says
    from coverage import network

    table = network.load_network().table
    expected = int(network.points_mask(table).sum())
    assert expected == int((table["mappable"] & ~table["mobile"]).sum())  # mobile units are off by default
    assert any(f"{expected:,}".replace(",", "\u202f") + " de 44\u202f459" in c.value for c in app.caption)
    assert '"#009E73"' not in args["feature_group"]  # no IMSS-BIENESTAR layer: none in the 2023 cut


def test_embedded_network_filters_by_state_and_type_without_rebuilding_the_base_map():
    app = facilities_page("en")
    before = folium_args(app)
    app.selectbox(key="network_state").set_value("13").run()
    app.multiselect(key="network_types").set_value(["hospital"]).run()
    assert not app.exception
    after = folium_args(app)
    assert after["script"] == before["script"]  # same base map: no re-mount
    from coverage import network

    table = network.load_network().table
    expected = int(network.points_mask(table, unit_types=["hospital"], cve_ent="13").sum())
    assert any(f"{expected} of 44,459 establishments" in c.value for c in app.caption), [c.value for c in app.caption]
    codes = shown_codes(app, after["feature_group"])  # the points were sent once; the filter sent bitsets
    assert len(codes) == expected and all(c.startswith("HG") for c in codes) and any("SSA" in c for c in codes)
    # the 2023 → 2026-04 table and the 32-state metrics with their components
    counts = next(d.value for d in app.dataframe if "IMB 2026-04" in d.value.columns and len(d.value) == 32)
    assert int(counts.loc[counts["Code"] == "13", "IMB 2026-04"].iloc[0]) == 549
    metrics = next(d.value for d in app.dataframe if "Units per 10,000" in d.value.columns)
    assert len(metrics) == 32 and metrics["Units per 10,000"].notna().all()
    assert {"Without social security 2020", "Fixed public units 2023", "Public codes 2026-04"} <= set(metrics.columns)


def test_fixture_catalogue_counts_validation_and_escaped_map(monkeypatch):
    monkeypatch.setenv("COVERAGE_CLUES", str(FIXTURE))
    app = facilities_page("en")
    assert not app.exception, [e.message for e in app.exception]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Units in operation"] == "13" and metrics["Run by IMSS-BIENESTAR"] == "3"
    # the page says which catalogue is on screen: the loaded one replaces the embedded network
    assert any("On screen: your CLUES catalogue, release 2025-01" in i.value for i in app.info)
    assert any("10 of 13 units in operation on the map" in c.value for c in app.caption)
    assert any("have a problem" in w.value for w in app.warning)
    args = folium_args(app)
    assert args["returned_objects"] == []
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    assert "supercluster" in " ".join(args["js_links"])
    layers = args["feature_group"]
    data = next(h.proto.body for h in app.html if "imssNet" in h.proto.body)  # the points, sent once
    assert "<script>alert" not in data and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in data
    assert "https://" not in args["script"] + layers + data
    # one switchable layer per institution group present
    assert args["layer_control"].count("feature_group_feature_group_") >= 6


def test_a_filter_updates_the_points_without_rebuilding_the_base_map(monkeypatch):
    monkeypatch.setenv("COVERAGE_CLUES", str(FIXTURE))
    app = facilities_page()
    before = folium_args(app)
    app.multiselect(key="clues_groups").set_value(["imss_bienestar"]).run()
    after = folium_args(app)
    assert after["script"] == before["script"]  # same base map: the iframe is not re-mounted
    assert set(shown(app, after["feature_group"])) == {"imss_bienestar"}  # one layer, the group chosen
    codes = shown_codes(app, after["feature_group"])
    assert "HGIMB000011" in codes and "JCIMS000123" not in codes and len(codes) == 2
    assert any("2 de 13" in c.value for c in app.caption)


def test_metric_colouring_and_bad_env_file(monkeypatch):
    monkeypatch.setenv("COVERAGE_CLUES", str(FIXTURE))
    app = facilities_page()
    app.selectbox(key="clues_metric").set_value("imb_share_first_level").run()
    assert not app.exception
    script = folium_args(app)["script"]
    assert "IMSS-BIENESTAR de las unidades p" in script and "#d9d9d9" in script
    monkeypatch.setenv("COVERAGE_CLUES", str(ROOT / "tests" / "fixtures" / "clues" / "not_a_catalogue.csv"))
    bad = facilities_page()
    assert not bad.exception
    assert any("no es un catálogo CLUES" in e.value for e in bad.error)
    assert any("COVERAGE_CLUES" in e.value for e in bad.error)  # the operator who set it learns which setting failed


def test_hidalgo_extract_in_the_app(monkeypatch):
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES extracts are missing")
    monkeypatch.setenv("COVERAGE_CLUES", str(SHARED_DATA / "clues"))
    app = facilities_page()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Unidades en operación"] == "512" and metrics["Transferidas a IMSS-BIENESTAR"] == "512"
    assert any("492 de 512" in c.value for c in app.caption)  # 20 mobile units not drawn by default
    # the same split, in words, as on the state page (issue 12)
    assert any(c.value == "492 con ubicación fija + 20 unidades móviles" for c in app.caption)
    app.checkbox(key="clues_mobile").check().run()
    assert any("512 de 512" in c.value for c in app.caption)
    timeline = app.dataframe[-1].value
    assert len(timeline) >= 3 and "Transferencia de unidades" in set(timeline["Qué"])


def first_run_and_filter_rerun(groups: list[str], label: str) -> None:
    """The real page's first run and one group filter: payload under the cap, the filter rerun keeps the
    map's script (no re-mount) and stays under 20 s."""
    started = time.perf_counter()
    app = facilities_page()
    first = time.perf_counter() - started
    assert not app.exception
    args = folium_args(app)
    payload = len(json.dumps(args))
    # ~70 bytes per point; was 4.3 MB before the compact encoding, ~13 MB for one folium.Marker per unit
    assert payload < 3_300_000, payload
    data = point_data(app)
    started = time.perf_counter()
    app.multiselect(key="clues_groups").set_value(groups).run()
    rerun = time.perf_counter() - started
    after = folium_args(app)
    assert not app.exception and after["script"] == args["script"]
    # the points went once into the page (outside the map's fragment); a filter sends only which are shown
    assert point_data(app) == data
    points = len(data[1]["g"])
    assert len(after["feature_group"]) < 30_000 + points / 8 * 1.4, len(after["feature_group"])
    print(f"\n{label}: first run {first:.1f}s, filter rerun {rerun:.1f}s, payload {payload:,} bytes, "
          f"per filter {len(after['feature_group']):,} bytes of layers for {points:,} points")
    assert rerun < 20


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """The synthetic national catalogue (35,000 public + 5,000 private units), normalised once."""
    import make_synthetic_clues

    from coverage import clues

    folder = tmp_path_factory.mktemp("national")
    path = make_synthetic_clues.write(make_synthetic_clues.make(public=35_000, private=5_000), folder / "cat",
                                      "parquet")
    return path, clues.load(path, cache=folder / "cache")


def test_national_size_synthetic_catalogue_stays_within_budget(national, monkeypatch):
    """~35,000 fixed public units (+ private) in the official layout, through the real page."""
    path, _ = national
    monkeypatch.setenv("COVERAGE_CLUES", str(path))
    first_run_and_filter_rerun(["imss_bienestar"], "national synthetic")


def test_national_encoding_is_linear_compact_and_reused_across_filters(national):
    """The server-side map path at national size, called directly: encoding grows linearly with the
    points (no per-point Python work that could go quadratic), a filter only slices the encoded points,
    and a group whose points did not change keeps its key, so the browser reuses its clusters."""
    from coverage import clues, facility_points, map_elements

    _, catalogue = national
    table = catalogue.table
    drawable = table[(table["status"] == "operating") & table["mappable"]]
    seconds = {}
    for n in (len(drawable) // 8, len(drawable)):
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            facility_points.encode_points(drawable.iloc[:n], "es")
            best = min(best, time.perf_counter() - started)
        seconds[n] = best
    small, large = sorted(seconds)
    print(f"\nencode: {small:,} points {seconds[small]:.3f}s, {large:,} points {seconds[large]:.3f}s")
    assert seconds[large] < 2 + 8 * 4 * seconds[small]  # 8× the points; quadratic would be 64×

    encoded = facility_points.encode_catalogue(table, "en")
    everything = clues.points_mask(table).to_numpy()
    assert len(encoded) == len(drawable)
    started = time.perf_counter()
    layers = encoded.layers(everything)
    slicing = time.perf_counter() - started
    layer_of = {g: c for g in layers for c in g._children.values() if isinstance(c, map_elements.FacilityLayer)}
    total_points = sum(c.names.count("|") + 1 for c in layer_of.values())
    assert total_points == int(everything.sum()) == len(clues.points(catalogue))
    size = sum(len(c.nums) + len(c.names) + len(c.codes) for c in layer_of.values())
    assert size / total_points < 75, size / total_points  # bytes per point: coordinates, type, codes, text
    print(f"layers for {total_points:,} points: {slicing:.3f}s, {size:,} bytes")
    assert slicing < 2

    public = clues.points_mask(table, groups=clues.PUBLIC_GROUPS).to_numpy()
    before = {c.group: c.key for c in layer_of.values()}
    after = {c.group: c.key for g in encoded.layers(public) for c in g._children.values()
             if isinstance(c, map_elements.FacilityLayer)}
    assert set(after) == set(clues.PUBLIC_GROUPS) and all(after[g] == before[g] for g in after)
    assert len(layers) == len(clues.GROUPS)  # one switchable FeatureGroup per group present


@pytest.mark.parametrize("metric", ["units_per_10k", "hospitals_per_10k", "imb_share_public_2026"])
def test_embedded_network_colours_the_states_by_each_metric(metric):
    app = facilities_page()
    app.selectbox(key="network_metric").set_value(metric).run()
    assert not app.exception, [e.message for e in app.exception]
    script = folium_args(app)["script"]
    assert "#d9d9d9" in script or "#bdbdbd" in script  # the states are filled by class
    if metric == "imb_share_public_2026":
        assert "\u202f%" in script or " %" in script  # shown as a share, not a raw fraction


def test_embedded_network_stays_within_the_national_synthetic_budget():
    """The 2023 network (~39,500 drawable fixed units) through the real page, measured like the
    43,000-unit synthetic catalogue above: payload under the same cap, a filter rerun without re-mount."""
    first_run_and_filter_rerun(["state"], "embedded network")


def test_legend_names_only_what_the_catalogue_has_and_an_empty_filter_says_so(monkeypatch):
    """Issue 12: Hidalgo's extract is IMSS-BIENESTAR first-level only, so no 'Hospital' or other groups
    in the legend; filtering everything out gives a message naming the filters, not an empty map."""
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES extracts are missing")
    monkeypatch.setenv("COVERAGE_CLUES", str(SHARED_DATA / "clues"))
    app = facilities_page()
    args = folium_args(app)
    page = args.get("html", "") + args["script"]
    legend = page.split('class="imss-legend"', 1)[1].split("</div></div>", 1)[0]
    assert "IMSS-BIENESTAR" in legend
    assert "Hospital" not in legend and "Privad" not in legend and "ISSSTE" not in legend
    app.multiselect(key="clues_types").set_value(["hospital"]).run()
    assert not app.exception
    assert not [e for e in app.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium"]
    message = " ".join(w.value for w in app.warning)
    assert "Ninguna unidad coincide con estos filtros" in message and "Hospital" in message
    assert "Amplíe los filtros" in message


def test_the_embedded_network_view_names_only_its_groups_and_says_when_a_filter_is_empty():
    """Issue 12 on the embedded network (as the upload view does): the 2023 cut predates the transfers, so
    the legend has no IMSS-BIENESTAR entry; emptying a filter gives a message naming the filters, no map;
    the multiselects' placeholder and the map's accessible name are in the page's language."""
    app = facilities_page("es")
    args = folium_args(app)
    page = args.get("html", "") + args["script"]
    legend = page.split('class="imss-legend"', 1)[1].split("</div></div>", 1)[0]
    assert "Servicios estatales (SSA)" in legend and "IMSS-BIENESTAR" not in legend
    assert "Mapa de las unidades de salud por instituci" in args["script"] and '"Acercar"' in args["script"]
    assert app.multiselect(key="network_types").proto.placeholder == "Elija opciones"
    app.multiselect(key="network_types").set_value([]).run()
    assert not app.exception
    assert not [e for e in app.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium"]
    message = " ".join(w.value for w in app.warning)
    assert "Ninguna unidad coincide con estos filtros" in message and "ninguno seleccionado" in message
    english = facilities_page("en")
    assert english.multiselect(key="network_types").proto.placeholder == "Choose options"
    assert "Map of health facilities by institution" in folium_args(english)["script"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_embedded_network_views_choice_boxes_have_placeholders_in_the_pages_language(lang):
    """Issue 12: Streamlit's own "Choose an option" stood in the Spanish page's boxes (screen readers read it)."""
    app = facilities_page(lang)
    assert not app.exception, [e.message for e in app.exception]
    one, many = {"es": ("Elija una opción", "Elija opciones"), "en": ("Choose an option", "Choose options")}[lang]
    from views._url import TARGET_KEY  # the sidebar's target box, on every page

    keys = ("network_metric", "network_state", TARGET_KEY)
    assert [app.selectbox(key=k).proto.placeholder for k in keys] == [one, one, one]
    assert len(app.multiselect) >= 2 and {m.proto.placeholder for m in app.multiselect} == {many}


def test_points_are_sent_once_and_a_filter_sends_only_a_bitset_per_group(national):
    """Issue 14: the map's layers carry no point, only which points of the page's data are shown: each
    group's bitset decodes to exactly the filter's units; the data is the same bytes in either language."""
    import base64

    from coverage import clues, facility_points

    _, catalogue = national
    table = catalogue.table
    es, en = facility_points.encode_catalogue(table, "es"), facility_points.encode_catalogue(table, "en")
    assert es.data == en.data  # language-free: switching language sends the same element (a reference)
    key, script = es.data
    assert f"s['{key}'] = " in script and script.count("|") >= len(es) - 1
    mask = clues.points_mask(table, groups=["state", "imss", "private"], types=["hospital"]).to_numpy()
    layers = es.subsets(mask)
    subsets = [c for g in layers for c in g._children.values() if isinstance(c, facility_points.FacilitySubset)]
    assert [s.group for s in subsets] == [g for g in clues.GROUPS if g in ("state", "imss", "private")]
    positions = es.positions
    for subset in subsets:
        members = positions[es.group == subset.group]
        bits = np.unpackbits(np.frombuffer(base64.b64decode(subset.bits), dtype=np.uint8))[:len(members)]
        assert np.array_equal(members[bits.astype(bool)], np.flatnonzero(mask & (table["group"] == subset.group)))
        assert subset.key == key
    assert sum(len(s.bits) for s in subsets) < len(es) / 8 * 1.4 + 16  # ~1 bit per point, base64


def test_the_state_shapes_travel_once_with_the_points_not_in_the_map():
    """Issue 14: a filter rerun re-sends the whole map element, so the map holds only the states' fills
    and texts; their 32 shapes go into the page once, beside the points."""
    app = facilities_page()
    args = folium_args(app)
    body = next(h.proto.body for h in app.html if "imssNet" in h.proto.body)
    assert '"coordinates"' not in args["script"] and len(args["script"]) < 40_000, len(args["script"])
    assert "imssShapes" in body and body.count('"type":"MultiPolygon"') + body.count('"type":"Polygon"') == 32
    assert "Aguascalientes" in args["script"]  # the tooltip texts stay in the map, in the page's language


def test_a_units_transfer_date_is_written_the_pages_way_and_the_points_stay_language_free(tmp_path):
    """Issue 12: the facility tooltip wrote "18/07/2024" in both languages; every other date goes through
    Babel.  The points refer to a date by number (the same in either language); the words travel with
    the language's labels."""
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES extracts are missing")
    from coverage import clues, facility_points

    table = clues.load(SHARED_DATA / "clues", cache=tmp_path / "cache").table
    es, en = facility_points.encode_catalogue(table, "es"), facility_points.encode_catalogue(table, "en")
    assert es.data == en.data and "2024" not in es.data[1].split(',"d":[')[0]  # no date text in the points
    lookups = {lang: next(c.lookups for g in encoded.subsets() for c in g._children.values()
                          if isinstance(c, facility_points.FacilityLookups))
               for lang, encoded in (("es", es), ("en", en))}
    assert '"18 jul 2024"' in lookups["es"] and '"18 Jul 2024"' in lookups["en"]
    assert "18/07/2024" not in lookups["es"] + lookups["en"]
