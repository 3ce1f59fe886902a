"""The rollout page in both languages (AppTest): it says which target it measures and answers the
journalist's question for 2023-06-30 against the promise of all states by that day."""


import pytest
from streamlit.testing.v1 import AppTest

from helpers.apptest import open_app


def rollout_page(**params) -> AppTest:
    return open_app("views/rollout.py", **params)


@pytest.mark.parametrize("lang, fragment", [
    ("es", "**12** estados con IMSS-BIENESTAR en operación (14 firmados u operando) frente a **32** prometidos"),
    ("en", "**12** states with IMSS-BIENESTAR operating (14 signed or operating) against **32** promised"),
])
def test_rollout_page_answers_the_2023_06_30_question(lang, fragment):
    app = rollout_page(lang=lang, fecha="2023-06-30", meta="2022-08")
    assert not app.exception
    deadline, answer = app.info[0].value, app.info[1].value
    # first the question a reader brings: how far short at the promise's deadline
    assert ("12 de 32 estados prometidos" if lang == "es" else "12 of 32 promised states") in deadline
    assert ("27.1\u202f%" if lang == "es" else "27.1%") in deadline
    assert fragment in answer
    assert "ninguna cobertura" not in answer and "no coverage" not in answer
    assert ("18\u202f092\u202f420" if lang == "es" else "18,092,420") in answer
    assert "2022-08" in app.markdown[0].value and "mexicobusiness.news" in app.markdown[0].value


def test_rollout_page_shows_charts_ranking_and_download():
    app = rollout_page(lang="en", fecha="2024-06-30", meta="2023-01")
    assert not app.exception
    charts = app.main.get("vega_lite_chart")  # the sidebar has its own time-marks chart
    assert len(charts) == 3
    ranking = app.dataframe[0].value
    assert len(ranking) == 32
    assert ranking.iloc[0]["Delay (days)"] == "356"  # Q1-2023 wave states operating from 2024-03-21 (text: no "None" cells)
    assert app.get("download_button")


def test_rollout_page_with_coverage_targets():
    app = rollout_page(lang="en", fecha="2023-06-30", meta="2023-03")
    values = {m.label: m.value for m in app.metric}
    assert values["Coverage promised by this date"] == "56.5%"
    assert values["States promised by this date"] == "18"  # Morelos now operates by 2023-03-28 (Cursor en la Noticia), so it counts as already in


@pytest.mark.parametrize("lang, heading", [
    ("es", "Cada estado contra la meta «AMLO, 12 ago 2022: todos los estados para 30 de junio de 2023»"),
    ("en", "Each state against the target “AMLO, 12 Aug 2022: all states by 30 June 2023”"),
])
def test_rollout_headings_name_the_promise_in_words(lang, heading):
    """Issue 12: targets appeared as bare ids in the headings ("Cada estado contra la meta 2022-08")."""
    app = rollout_page(lang=lang, fecha="2024-06-30", meta="2022-08")
    assert not app.exception
    headings = [h.value for h in app.subheader]
    assert heading in headings, headings
    assert not any(h.endswith("2022-08") or "2022-08 " in h for h in headings), headings
