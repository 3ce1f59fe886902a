"""The facilities page headless (AppTest): without a catalogue, with the fixture, the Hidalgo extract and
a national-size synthetic catalogue; the map payload is offline, escaped and compact."""

from __future__ import annotations

import json
import sys
import time

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SHARED_DATA, require

APP = str(ROOT / "app.py")
FIXTURE = ROOT / "tests" / "fixtures" / "clues" / "ESTABLECIMIENTO_SALUD_202501.xlsx"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("COVERAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)


def facilities_page(lang: str = "es") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["lang"] = lang
    app.run()
    return app.switch_page("pages/facilities.py").run()


def folium_args(app: AppTest) -> dict:
    components = [e for e in app.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium"]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def test_without_a_catalogue_the_page_says_how_to_load_one():
    app = facilities_page()
    assert not app.exception
    assert any("COVERAGE_CLUES" in i.value and "imss-coverage clues fetch" in i.value for i in app.info)
    assert not [e for e in app.get("component_instance")]


def test_fixture_catalogue_counts_validation_and_escaped_map(monkeypatch):
    monkeypatch.setenv("COVERAGE_CLUES", str(FIXTURE))
    app = facilities_page("en")
    assert not app.exception, [e.message for e in app.exception]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Units in operation"] == "13" and metrics["Run by IMSS-BIENESTAR"] == "3"
    assert any("10 of 13 units in operation on the map" in c.value for c in app.caption)
    assert any("have a problem" in w.value for w in app.warning)
    args = folium_args(app)
    assert args["returned_objects"] == []
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    assert "markercluster" in " ".join(args["js_links"])
    layers = args["feature_group"]
    assert "<script>alert" not in layers and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in layers
    assert "https://" not in args["script"] + layers
    # one switchable layer per institution group present
    assert args["layer_control"].count("feature_group_feature_group_") >= 6


def test_a_filter_updates_the_points_without_rebuilding_the_base_map(monkeypatch):
    monkeypatch.setenv("COVERAGE_CLUES", str(FIXTURE))
    app = facilities_page()
    before = folium_args(app)
    app.multiselect(key="clues_groups").set_value(["imss_bienestar"]).run()
    after = folium_args(app)
    assert after["script"] == before["script"]  # same base map: the iframe is not re-mounted
    assert after["feature_group"].count("L.circleMarker") == 1 and "HGIMB000011" in after["feature_group"]
    assert "JCIMS000123" not in after["feature_group"]
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
    assert any("COVERAGE_CLUES" in i.value for i in bad.info)


def test_hidalgo_extract_in_the_app(monkeypatch):
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES extracts are missing")
    monkeypatch.setenv("COVERAGE_CLUES", str(SHARED_DATA / "clues"))
    app = facilities_page()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Unidades en operación"] == "512" and metrics["Transferidas a IMSS-BIENESTAR"] == "512"
    assert any("492 de 512" in c.value for c in app.caption)  # 20 mobile units not drawn by default
    app.checkbox(key="clues_mobile").check().run()
    assert any("512 de 512" in c.value for c in app.caption)
    timeline = app.dataframe[-1].value
    assert len(timeline) >= 3 and "Transferencia de unidades" in set(timeline["Qué"])


def test_national_size_synthetic_catalogue_stays_within_budget(tmp_path, monkeypatch):
    """~35,000 fixed public units (+ private) in the official layout, through the real page."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_synthetic_clues

    path = make_synthetic_clues.write(make_synthetic_clues.make(public=35_000, private=5_000), tmp_path / "cat",
                                      "parquet")
    monkeypatch.setenv("COVERAGE_CLUES", str(path))
    started = time.perf_counter()
    app = facilities_page()
    first = time.perf_counter() - started
    assert not app.exception
    args = folium_args(app)
    payload = len(json.dumps(args))
    assert payload < 4_500_000, payload  # vs ~13 MB for one folium.Marker per unit (engineering.md §2.4)
    started = time.perf_counter()
    app.multiselect(key="clues_groups").set_value(["imss_bienestar"]).run()
    rerun = time.perf_counter() - started
    assert not app.exception and folium_args(app)["script"] == args["script"]
    print(f"\nnational synthetic: first run {first:.1f}s (incl. normalising), filter rerun {rerun:.1f}s, "
          f"payload {payload:,} bytes")
    assert rerun < 20
