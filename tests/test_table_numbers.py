"""On-screen tables write their numbers the language's way and keep sorting by value (issue 12)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coverage.table_numbers import decimals_needed, localised, number_formats


def shown(frame: pd.DataFrame, lang: str) -> list[list[str]]:
    """The display text of every cell, as Streamlit receives it from the Styler."""
    styler = localised(frame, lang)
    styler._compute()
    return [[cell["display_value"] for cell in row[1:]] for row in styler._translate(False, False)["body"]]


def test_counts_get_the_language_grouping_and_text_is_left_alone():
    frame = pd.DataFrame({"locality": ["Tepehuanes", "Mezquital"], "population": [23867, 512]})
    # (the narrow no-break space CLDR gives Mexican Spanish, as in every figure and caption)
    assert shown(frame, "es") == [["Tepehuanes", "23\u202f867"], ["Mezquital", "512"]]
    assert shown(frame, "en") == [["Tepehuanes", "23,867"], ["Mezquital", "512"]]


def test_a_float_column_gets_the_fewest_decimals_that_keep_its_values_and_a_dash_when_missing():
    frame = pd.DataFrame({"km": [12.5, 3.0, math.nan], "share": [33.33, 1.0, 2.5]})
    assert shown(frame, "en") == [["12.5", "33.33"], ["3.0", "1.00"], ["—", "2.50"]]
    assert decimals_needed(pd.Series([1.0, 2.0])) == 0
    assert decimals_needed(pd.Series([1 / 3])) == 3  # never more than three


def test_the_values_stay_numbers_so_the_table_still_sorts_by_them():
    frame = pd.DataFrame({"population": [23867, 512, 100000]})
    styler = localised(frame, "es")
    assert styler.data["population"].tolist() == [23867, 512, 100000]
    assert pd.api.types.is_integer_dtype(styler.data["population"])


def test_booleans_and_codes_kept_as_text_are_not_formatted():
    frame = pd.DataFrame({"cve_ent": ["09", "13"], "measured": [True, False], "year": ["2023", "2026"]})
    assert number_formats(frame, "es") == {}


def test_duplicate_column_names_are_refused_with_the_names():
    frame = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(ValueError, match=r"unique.*\['a', 'a'\]"):
        localised(frame, "es")


@pytest.mark.parametrize("rows, asked, given", [(2, 320, 108), (0, 320, 73), (100, 320, 320), (2, None, None)])
def test_a_short_table_gets_a_grid_only_as_tall_as_its_rows(monkeypatch, rows, asked, given):
    """A 320-px grid of two rows showed a column of empty rows under them (issue 12)."""
    import streamlit as st

    from views._widgets import data_table

    seen = {}
    monkeypatch.setattr(st, "dataframe", lambda data, **kwargs: seen.update(kwargs))
    data_table(pd.DataFrame({"n": range(rows)}), "es", **({"height": asked} if asked else {}))
    assert seen.get("height") == given and seen["hide_index"] and seen["width"] == "stretch"
