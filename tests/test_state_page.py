"""The state page headless (AppTest) in both languages: URL state, notices, sections, lazy exports."""

from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from coverage import gaps, tables
from helpers import SHARED_DATA, require
from helpers.apptest import open_app


def open_state_page(**params) -> AppTest:
    return open_app("views/state.py", **params)


def texts(app: AppTest) -> str:
    parts = [e.value for e in (*app.title, *app.subheader, *app.caption, *app.markdown, *app.info, *app.warning)]
    parts += [m.label + " " + str(m.value) for m in app.metric]
    return "\n".join(str(p) for p in parts)


def download_labels(app: AppTest) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]


@pytest.mark.parametrize("lang, title, status, delay, events_heading, exports", [
    ("es", "Hidalgo", "En operación", "356 días de retraso", "Cronología de eventos con sus fuentes",
     ["PNG (imprenta, 300 ppp)", "PNG (pantalla)", "PDF (1 página)", "Vectorial (SVG)",
      "Datos (CSV)", "Unidades (CSV)", "Acceso (CSV)", "GeoJSON", "manifest.json", "Todo (zip)",
      "Mapa interactivo para insertar (HTML)"]),
    ("en", "Hidalgo", "Operating", "356 days late", "Timeline of events with their sources",
     ["PNG (print, 300 dpi)", "PNG (screen)", "PDF (1 page)", "Vector (SVG)", "Data (CSV)", "Facilities (CSV)",
      "Access (CSV)", "GeoJSON", "manifest.json", "Everything (zip)", "Interactive map to embed (HTML)"]),
])
def test_state_page_in_both_languages(monkeypatch, lang, title, status, delay, events_heading, exports):
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    app = open_state_page(lang=lang, fecha="2024-06-30", meta="2023-01", estado="13")
    assert not app.exception, app.exception
    assert app.title[0].value == title
    assert app.selectbox(key="_estado_choice").value == "13"
    shown = texts(app)
    assert status in shown and delay in shown and events_heading in shown
    events, targets = app.dataframe[0].value, app.dataframe[1].value
    assert len(events) >= 3 and all(u.startswith("http") for u in events.iloc[:, 4])
    assert len(targets) == len(gaps.target_ids(tables.load()))  # one row per target announcement
    chosen = targets[targets.iloc[:, 0]]
    assert list(chosen.iloc[:, 1]) == ["2023-01"]
    assert download_labels(app)[-len(exports):] == exports  # before them: the access section's CSVs
    assert not app.warning
    # No catalogue loaded: the embedded national network is shown, and the page says so.
    assert ("CLUES, corte 2023" if lang == "es" else "CLUES, 2023 cut") in shown
    assert "549" in shown  # the 2023 → 2026-04 counts: 549 IMSS-BIENESTAR codes in Hidalgo
    maps = [e for e in app.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium"]
    import json

    layers = json.loads(maps[0].proto.json_args)["feature_group"]
    assert "_imssMunicipal" in layers and "imssClusterLayer(" in layers and "fitBounds" in layers


def test_the_page_follows_date_and_target(monkeypatch):
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    early = open_state_page(lang="en", fecha="2022-06-30", meta="2022-08", estado="13")
    shown = texts(early)
    assert "Status on 30 June 2022" in shown and "Operating" not in [m.value for m in early.metric][:1]
    assert "Target not due yet" in shown


@pytest.mark.parametrize("value", ["99", "<script>alert(1)</script>", "Hidalgo", "00"])
def test_a_tampered_state_falls_back_to_the_national_view_with_a_notice(monkeypatch, value):
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    app = open_state_page(lang="es", estado=value)
    assert not app.exception
    assert any("no existe" in w.value and "01 a 32" in w.value for w in app.warning), [w.value for w in app.warning]
    assert app.selectbox(key="_estado_choice").value == ""
    assert app.title[0].value.startswith("Vista nacional")
    assert "nacional" in download_labels(app)[0] or len(download_labels(app)) == 9  # with the embedded units' CSV


def test_choosing_a_state_in_the_list_opens_it(monkeypatch):
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    app = open_state_page(lang="en", fecha="2024-06-30")
    assert app.title[0].value.startswith("National view")
    app.selectbox(key="_estado_choice").set_value("18").run()
    assert not app.exception
    assert app.title[0].value == "Nayarit"


def test_with_a_catalogue_the_facilities_section_and_its_filters_appear(monkeypatch):
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES sample is missing")
    monkeypatch.setenv("COVERAGE_CLUES", str(SHARED_DATA / "clues"))
    app = open_state_page(lang="en", fecha="2024-06-30", estado="13", tipos="first_level,bogus")
    assert not app.exception, app.exception
    assert any("tipos=first_level,bogus" in w.value for w in app.warning)
    assert app.multiselect(key="_state_filter_types").value == ["first_level"]
    assert "Facilities (CSV)" in download_labels(app)
    facilities = next(d.value for d in app.dataframe if "Transferred" in " ".join(d.value.columns))
    assert len(facilities) > 400
    components = [e for e in app.get("component_instance") if e.proto.component_name == "streamlit_folium.st_folium"]
    assert len(components) == 2  # the facilities map and the access map


def test_state_facility_table_shows_words_and_the_unit_split(monkeypatch):
    """Issue 12: no raw columns or codes in the state's facility table; the count says fixed + mobile."""
    require((SHARED_DATA / "clues").is_dir(), "shared CLUES sample is missing")
    monkeypatch.setenv("COVERAGE_CLUES", str(SHARED_DATA / "clues"))
    app = open_state_page(lang="es", fecha="2024-06-30", estado="13")
    assert not app.exception, app.exception
    table = next(d.value for d in app.dataframe if "Clave CLUES" in d.value.columns)
    assert not {"clues", "inst_code", "group", "level", "type", "cve_ent"} & set(table.columns)
    values = set(table.astype(str).to_numpy().ravel())
    assert not {"imss_bienestar", "first_level", "hospital"} & values
    assert "492 con ubicación fija + 20 unidades móviles" in texts(app)


def test_the_facility_figure_and_the_unit_split_add_up(monkeypatch):
    """Issue 12: Hidalgo's embedded network showed "Establecimientos 1,281" over "1,290 with a fixed place +
    238 mobile units"; the caption now says what the figure counts (what the map and the table show)."""
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    app = open_state_page(lang="en", fecha="2024-06-30", estado="13")
    assert not app.exception, app.exception
    assert "1,290 with a fixed place + 238 mobile units · 1,281 on the map and in the table" in texts(app)
    table = next(d.value for d in app.dataframe if "CLUES code" in d.value.columns)
    assert "Institution" in table.columns and "Institution code" not in table.columns  # "CRO" beside "Cruz Roja"
    assert not {"CRO", "IMO", "SMP"} & set(table["Institution"])  # DIF is its own short name


def test_the_targets_caption_names_the_chosen_target_in_words(monkeypatch):
    """Issue 12: "La meta elegida en la barra lateral (2022-08)" named the target by its id."""
    monkeypatch.delenv("COVERAGE_CLUES", raising=False)
    app = open_state_page(lang="es", fecha="2024-06-30", estado="13", meta="2022-08")
    assert not app.exception, app.exception
    assert "La meta elegida en la barra lateral (AMLO, 12 ago 2022) aparece marcada." in texts(app)
    assert "(2022-08)" not in texts(app)
