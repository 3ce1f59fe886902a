"""Every page runs headless in both languages (Streamlit AppTest); URL state and the map payload."""

import datetime as dt
import json

import pytest

from helpers.apptest import folium_args, html_tables, metrics
from helpers.apptest import open_app as run_app
from helpers.paint import paint_payload


@pytest.mark.parametrize("lang, title, operating_label", [
    ("es", "Cobertura IMSS-BIENESTAR", "Estados en operación"),
    ("en", "IMSS-BIENESTAR coverage", "States operating"),
])
def test_national_map_page_in_both_languages(lang, title, operating_label):
    app = run_app(lang=lang, fecha="2023-12-31")
    assert not app.exception
    assert app.title[0].value == title
    values = metrics(app)
    assert values[operating_label] == "13"
    assert not app.dataframe and len(html_tables(app)) == 1 and len(html_tables(app)[0]) == 1 + 32


@pytest.mark.parametrize("lang, population, link", [("es", "3\u202f769\u202f020", "expresorgv.online"),
                                                    ("en", "3,769,020", "expresorgv.online")])
def test_the_national_status_table_is_plain_html_with_every_row_and_column(lang, population, link):
    # issue 14: no Vega chart (the sidebar's time marks are inline SVG) and no data grid on the national
    # map, whose page code they would add (775 kB and 1.2 MB); the table keeps every column and row, in order
    from coverage import exports, rollout, tables
    from coverage.i18n import format_date, t

    app = run_app(lang=lang, fecha="2023-12-31")
    assert not app.exception
    assert not app.get("arrow_vega_lite_chart") and not app.get("vega_lite_chart") and not app.dataframe
    assert not app.get("arrow_data_frame") and not app.get("table")
    expected = exports.status_display_table(rollout.status_table(tables.load(), dt.date(2023, 12, 31), lang), lang)
    (shown,) = html_tables(app)
    assert shown[0] == list(expected.columns) and len(expected.columns) == 10
    assert [row[0] for row in shown[1:]] == expected.iloc[:, 0].tolist()  # the model's order, all 32 states
    baja = shown[2]
    assert baja[list(expected.columns).index(t("table.population", lang))] == population
    assert baja[list(expected.columns).index(t("table.source", lang))] == link
    texts = [c for c in expected.columns if c not in (t("table.source", lang),) and expected[c].dtype.kind not in "iuf"]
    for column in texts:  # every text cell as the model writes it
        index = list(expected.columns).index(column)
        assert [row[index] for row in shown[1:]] == [v or "—" for v in expected[column]], column
    assert "—" in {cell for row in shown[1:] for cell in row}  # an empty cell reads as a dash, never "None"
    strip = next(e.proto.body for e in app.sidebar.get("html") if "imss-time-marks" in e.proto.body)
    assert 'role="img"' in strip and t("map.time.strip", lang, events=40, deadlines=2,
                                      date=format_date(dt.date(2023, 12, 31), lang)) in strip
    assert strip.count(f": 2023-06-30 · {t('ui.time.deadline', lang)}") == 1  # each mark has its tooltip


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sources_page_in_both_languages(lang):
    app = run_app(lang=lang)
    app.switch_page("views/sources.py").run()
    assert not app.exception
    assert len(app.dataframe) == 5  # tables, events, targets; the access method: units per scope, Hidalgo finding
    events = app.dataframe[1].value
    assert len(events) > 100


def test_the_url_restores_date_and_language():
    app = run_app(lang="en", fecha="2022-04-01")
    assert app.slider(key="fecha").value == dt.date(2022, 4, 1)
    assert app.segmented_control(key="lang").value == "en"
    assert metrics(app)["States operating"] == "1"
    assert "1 April 2022" in app.subheader[0].value


@pytest.mark.parametrize("params, notice", [
    ({"fecha": "2099-01-01"}, "no es válida"),
    ({"fecha": "<script>alert(1)</script>"}, "no es válida"),
    ({"fecha": "2021-01-01"}, "anterior al 2021-12-01"),
    ({"fecha": "2023-02-30", "lang": "en"}, "not a calendar date"),
    ({"lang": "klingon"}, "no existe"),
])
def test_a_tampered_url_falls_back_with_a_visible_notice(params, notice):
    app = run_app(**params)
    assert not app.exception
    assert any(notice in w.value for w in app.warning), [w.value for w in app.warning]
    assert app.slider(key="fecha").value <= dt.date.today()


def test_moving_the_date_changes_status_and_headline():
    app = run_app(lang="en", fecha="2022-03-31")
    assert metrics(app)["States operating"] == "0"
    app.slider(key="fecha").set_value(dt.date(2024, 3, 21)).run()
    assert metrics(app)["States operating"] == "23"
    fills = paint_payload(folium_args(app)["feature_group"])["fill"]
    assert list(fills.values()).count("#117733") == 23  # operating


def test_switching_language_translates_the_page():
    app = run_app(fecha="2023-12-31")
    assert app.title[0].value == "Cobertura IMSS-BIENESTAR"
    app.segmented_control(key="lang").set_value("en").run()
    assert app.title[0].value == "IMSS-BIENESTAR coverage"
    assert app.slider(key="fecha").value == dt.date(2023, 12, 31)


def test_map_component_is_offline_quiet_and_small():
    args = folium_args(run_app(fecha="2023-12-31"))
    assert args["returned_objects"] == ["last_active_drawing"]  # only a click reruns (to open the state)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links), links
    assert "http://" not in args["script"] and "https://" not in args["script"]
    # the state shapes are the app's static file, loaded once per mount like Leaflet, not in every rerun
    assert any(link.startswith("/app/static/geo/national.js?v=") for link in args["js_links"]), args["js_links"]
    payload = len(json.dumps(args))
    assert payload < 30_000, payload
    assert '"coordinates"' not in args["script"] + args["feature_group"]
    assert len(paint_payload(args["feature_group"])["fill"]) == 32


def test_colouring_switch_changes_legend_and_fills():
    app = run_app(lang="en", fecha="2024-12-31")
    first = folium_args(app)
    assert "Status on the as-of date" in first["feature_group"]  # the legend travels with the layer
    app.segmented_control(key="color").set_value("delay").run()
    args = folium_args(app)
    assert "Delay against the target of AMLO, 12 Aug 2022" in args["feature_group"]
    fills = paint_payload(args["feature_group"])["fill"]
    assert fills["14"] == "#999933"  # Jalisco declined, in the delay palette
    # the base (and the component's key) did not change: the map stays on screen, only the layer moves
    assert args["script"] == first["script"] and args["html"] == first["html"]
    app.segmented_control(key="lang").set_value("es").run()
    assert folium_args(app)["script"] == first["script"]


def test_the_map_text_alternative_names_the_colouring_on_screen():
    # it said "coloured by status" whatever the map showed
    app = run_app(lang="es", fecha="2024-12-31", color="delay")
    captions = " ".join(c.value for c in app.caption)
    assert "El mapa colorea las 32 entidades según «Retraso frente a la meta»" in captions
    app.segmented_control(key="lang").set_value("en").run()
    assert "The map colours the 32 states by “Delay against target”" in " ".join(c.value for c in app.caption)


def test_target_choice_reaches_the_map_tooltips():
    app = run_app(lang="en", fecha="2024-12-31", meta="2023-01")
    tips = paint_payload(folium_args(app)["feature_group"])["tips"]
    assert tips["13"][2] == "356 days late"  # Hidalgo, against its Q1-2023 deadline
    card = run_app(lang="en", fecha="2024-12-31", meta="2023-01", estado="13")  # the deadline is on its card
    lines = " ".join(m.value for m in card.markdown)
    # the target named in words, not by its id (issue 12)
    assert "Target: 31 March 2023 (Zoé Robledo (IMSS), 17 Jan 2023)" in lines and "(2023-01)" not in lines


def test_bad_target_and_colouring_in_the_url_give_notices():
    app = run_app(lang="en", meta="2099-99", color="Rainbow")
    assert not app.exception
    warnings = " ".join(w.value for w in app.warning)
    assert "target in the link (2099-99) does not exist" in warnings
    assert "colouring in the link (Rainbow) does not exist" in warnings
