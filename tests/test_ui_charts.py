"""Charts follow the page's language: Vega locale from CLDR, named tooltip fields, legends under the plot;
targets are written out in words."""

import datetime as dt

import pytest

from coverage import charts, gaps, target_text


@pytest.mark.parametrize("lang, june, date_title", [("es", "jun", "Fecha"), ("en", "Jun", "Date")])
def test_progress_chart_speaks_the_language(data, lang, june, date_title):
    import altair as alt

    with alt.data_transformers.disable_max_rows():  # Streamlit sends the daily series as Arrow, unlimited
        spec = charts.progress_states_chart(gaps.progress(data, "2022-08"), dt.date(2023, 6, 30), lang).to_dict()
    locale = spec["config"]["locale"]
    assert locale["time"]["shortMonths"][5] == june
    assert locale["number"]["thousands"] == ("\u202f" if lang == "es" else ",")
    assert spec["config"]["legend"]["orient"] == "bottom"
    tooltips = [tip for layer in spec["layer"] for tip in layer["encoding"].get("tooltip", [])]
    assert tooltips and all("title" in tip for tip in tooltips)  # no raw field names such as "series"
    assert any(tip["title"] == date_title for tip in tooltips)
    line = spec["layer"][0]["encoding"]
    assert "legend" in line["color"] and line["color"]["legend"] is not None


def test_targets_read_as_words(data):
    assert target_text.target_label(data, "2022-08", "es", longest=1) == \
        "AMLO, 12 ago 2022: todos los estados para 30 de junio de 2023"
    assert target_text.target_label(data, "2022-08", "en", longest=1) == "AMLO, 12 Aug 2022: all states by 30 June 2023"
    assert target_text.final_deadline(data, "2022-08") == dt.date(2023, 6, 30)
    for target_id in gaps.target_ids(data):  # every announcement gets a label in both languages
        for lang in ("es", "en"):
            assert target_id not in target_text.target_label(data, target_id, lang)


def test_numbers_and_dates_come_from_cldr_one_way_per_language():
    from coverage import i18n

    assert i18n.format_int(126014024, "es") == "126\u202f014\u202f024"
    assert i18n.format_int(126014024, "en") == "126,014,024"
    assert i18n.format_decimal(5.3, "es", 2) == "5.30" and i18n.format_decimal(5.3, "en", 1) == "5.3"
    assert i18n.format_pct(0.27083948, "es") == "27.1\u202f%" and i18n.format_pct(0.27083948, "en") == "27.1%"
    assert i18n.format_date(dt.date(2023, 6, 2), "es") == "2 de junio de 2023"
    assert i18n.format_date(dt.date(2023, 6, 2), "en") == "2 June 2023"
    assert i18n.format_short_date(dt.date(2022, 8, 12), "es") == "12 ago 2022"
    assert i18n.format_partial("2022-07", "es") == "julio de 2022"


def test_legends_take_as_many_columns_as_the_plot_is_wide(data):
    """Issue 12 (phone): three fixed legend columns ran off a 390-px screen ("Prometido (estados)" cut after
    its "P"), and the per-state timeline's two legends side by side ran off a desktop's too."""
    import altair as alt

    with alt.data_transformers.disable_max_rows():
        progress = charts.progress_states_chart(gaps.progress(data, "2022-08"), dt.date(2023, 6, 30), "es").to_dict()
    columns = progress["config"]["legend"]["columns"]
    assert isinstance(columns, dict) and "width" in columns["expr"]  # Vega's plot width, which follows the page
    for width, expected in ((230, 1), (300, 1), (450, 2), (760, 3), (1200, 3)):
        assert eval(columns["expr"].replace("width", str(width)), {"max": max, "min": min, "floor": int}) == expected
    gap_table = gaps.state_gaps(data, "2022-08", dt.date(2024, 6, 30), "implementation", "es")
    timeline = charts.state_timeline_chart(data, gap_table, dt.date(2024, 6, 30), "es").to_dict()
    orients = {layer["encoding"]["color"]["title"]: layer["encoding"]["color"].get("legend", {}).get("orient")
               for layer in timeline["layer"] if "color" in layer["encoding"]}
    assert orients["Evento"] == "top"  # one legend above the rows, the delays' under them: never side by side
