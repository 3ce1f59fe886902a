"""Links carry codes: reading old and new links, and (AppTest) switches that keep every other choice."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from coverage import gaps, tables, urlstate
from helpers.apptest import open_app as run_app
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def targets():
    return gaps.target_ids(tables.load())


def test_a_link_of_codes_is_read_exactly(targets):
    view, notices = urlstate.read({"lang": "en", "color": "delay", "base": "signature", "fecha": "2023-06-30",
                                   "meta": "2023-01"}, targets, TODAY)
    assert notices == []
    assert view == urlstate.View("en", dt.date(2023, 6, 30), "2023-01", "decision", "delay")
    assert view.params() == {"lang": "en", "fecha": "2023-06-30", "meta": "2023-01", "base": "signature",
                             "color": "delay"}


@pytest.mark.parametrize("params, expected", [
    ({"color": "Retraso frente a la meta"}, {"colour": "delay"}),
    ({"color": "Delay against target"}, {"colour": "delay"}),
    ({"color": "población sin afiliación"}, {"colour": "uninsured"}),
    ({"base": "Firma"}, {"basis": "decision"}),
    ({"base": "decision"}, {"basis": "decision"}),
    ({"base": "operation"}, {"basis": "implementation"}),
    ({"base": "Signature"}, {"basis": "decision"}),
    ({"fecha": "1717286400000000"}, {"as_of": dt.date(2024, 6, 2)}),  # what a bound slider wrote
    ({"lang": ["es", "en"]}, {"lang": "en"}),  # a repeated parameter counts by its last value
    ({"lang": "", "color": "", "fecha": ""}, {}),  # cleared values are the defaults, silently
])
def test_old_links_with_labels_or_microseconds_still_open(targets, params, expected):
    view, notices = urlstate.read(params, targets, TODAY)
    assert notices == []
    assert view == urlstate.default_view(TODAY).with_(**expected)


def test_bad_values_become_notices_in_either_language(targets):
    view, notices = urlstate.read({"lang": "xx", "color": "Rainbow", "base": "x", "meta": "2099-99",
                                   "fecha": "2023-02-30"}, targets, TODAY)
    assert view == urlstate.default_view(TODAY)
    assert [key for key, _ in notices] == ["notice.bad_language", "notice.bad_date", "notice.bad_target",
                                           "notice.bad_basis", "notice.bad_colouring"]
    date_notice = notices[1]
    assert "not a calendar date" in urlstate.notice_text(date_notice, "en")
    assert "no es una fecha del calendario" in urlstate.notice_text(date_notice, "es")


def url(app: AppTest) -> dict:
    return {k: app.query_params[k] for k in app.query_params}


def test_switching_language_keeps_colouring_basis_date_and_target_with_no_warning():
    app = run_app(fecha="2023-06-30", meta="2023-01")
    app.segmented_control(key="color").set_value("delay").run()
    app.radio(key="base").set_value("decision").run()
    assert not app.warning
    app.segmented_control(key="lang").set_value("en").run()
    assert not app.exception and not app.warning, [w.value for w in app.warning]
    assert app.title[0].value == "IMSS-BIENESTAR coverage"
    assert app.segmented_control(key="color").value == "delay"
    assert app.radio(key="base").value == "decision"
    assert app.slider(key="fecha").value == dt.date(2023, 6, 30)
    assert app.selectbox(key="meta").value == "2023-01"
    assert url(app) == {"lang": "en", "fecha": "2023-06-30", "meta": "2023-01", "base": "signature",
                        "color": "delay"}


def test_a_link_reopens_exactly_and_the_url_keeps_codes():
    app = run_app(lang="en", color="delay", base="signature", fecha="2023-06-30")
    assert not app.warning, [w.value for w in app.warning]
    assert app.segmented_control(key="color").value == "delay"
    assert app.radio(key="base").value == "decision"
    assert url(app) == {"lang": "en", "fecha": "2023-06-30", "meta": gaps.DEFAULT_TARGET, "base": "signature",
                        "color": "delay"}


def test_the_choices_survive_a_visit_to_another_page():
    app = run_app(lang="en", color="uninsured", fecha="2022-05-01")
    app.switch_page("views/rollout.py").run()
    assert not app.exception and not app.warning
    app.switch_page("views/national_map.py").run()
    assert app.segmented_control(key="color").value == "uninsured"
    assert app.slider(key="fecha").value == dt.date(2022, 5, 1)


def test_time_steps_and_play_frames():
    from coverage import timeline

    data = tables.load()
    dates = timeline.key_dates(data, "2022-08", dt.date(2021, 12, 1), dt.date(2025, 1, 1))
    assert set(dates["kind"]) == {"event", "deadline"}
    assert dt.date(2023, 6, 30) in set(dates.loc[dates["kind"] == "deadline", "date"])  # "all states by June 2023"
    after = timeline.step(dates, dt.date(2023, 6, 29), +1)
    before = timeline.step(dates, dt.date(2023, 6, 29), -1)
    assert before < dt.date(2023, 6, 29) < after <= dt.date(2023, 6, 30)
    assert timeline.step(dates, dates["date"].min(), -1) is None
    assert timeline.next_month(dt.date(2023, 1, 15), dt.date(2024, 1, 1)) == dt.date(2023, 2, 28)
    assert timeline.next_month(dt.date(2023, 12, 31), dt.date(2024, 1, 10)) == dt.date(2024, 1, 10)
    assert timeline.next_month(dt.date(2024, 1, 10), dt.date(2024, 1, 10)) is None
    assert timeline.play_start(dt.date(2024, 1, 10), dt.date(2021, 12, 1), dt.date(2024, 1, 10)) == dt.date(2021, 12, 1)


def test_step_buttons_and_the_date_box_move_the_view():
    app = run_app(fecha="2023-06-29", lang="en")
    app.button(key="_time_next").click().run()
    moved = app.slider(key="fecha").value
    assert dt.date(2023, 6, 29) < moved <= dt.date(2023, 6, 30)
    assert url(app)["fecha"] == moved.isoformat()
    app.date_input(key="_as_of_box").set_value(dt.date(2022, 4, 1)).run()
    assert app.slider(key="fecha").value == dt.date(2022, 4, 1)
    assert "1 April 2022" in app.subheader[0].value
    app.button(key="_time_prev").click().run()
    assert app.slider(key="fecha").value < dt.date(2022, 4, 1)


@pytest.mark.parametrize("raw, expected", [
    (None, (False, False)), ("1", (True, False)), ("true", (True, False)), ("sí", (True, False)),
    ("0", (False, False)), ("", (False, False)), ("no", (False, False)), ("maybe", (False, True)),
])
def test_the_facility_layer_in_a_link(raw, expected):
    assert urlstate.url_switch(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    (None, ("state", False)), ("municipality", ("municipality", False)), ("Municipio", ("municipality", False)),
    ("estado", ("state", False)), (" ", ("state", False)), ("barrio", ("state", True)),
])
def test_the_uninsured_level_in_a_link(raw, expected):
    assert urlstate.url_level(raw) == expected
