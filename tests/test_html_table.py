"""coverage.html_table: numbers in the reader's convention, floats with the decimals they need."""

from __future__ import annotations

import pandas as pd

from coverage.html_table import digits, html_table

THIN = "\u202f"


def cells(out: str, column: int) -> list[str]:
    """The text of column ``column`` (0 = the row headers) in each body row."""
    rows = out.split("<tbody>")[1].split("<tr>")[1:]
    return [row.split("</t")[column].rsplit(">", 1)[-1] for row in rows]


def test_a_float_column_keeps_its_decimals_in_the_readers_convention():
    frame = pd.DataFrame({"State": ["Hidalgo", "Oaxaca", "Sonora"], "Share": [0.271, 0.5, None],
                          "People": [1234567, 89, 3], "Ratio": [1234.56789, 2.0, 0.1]})
    spanish, english = html_table(frame, "x", "es"), html_table(frame, "x", "en")
    assert cells(english, 1) == ["0.271", "0.500", "—"]  # was "0", "0" (every number went through format_int)
    assert cells(english, 3) == ["1,234.568", "2.000", "0.100"]
    assert cells(spanish, 3) == [f"1{THIN}234.568", "2.000", "0.100"]
    assert cells(spanish, 2) == [f"1{THIN}234{THIN}567", "89", "3"]
    assert english.count("<td class=num>") == 9


def test_whole_floats_read_as_integers_and_decimals_are_the_fewest_that_are_exact():
    # an integer column with a missing value is float64 in pandas: still written as integers
    assert digits(pd.Series([1234567, None])) == 0 and digits(pd.Series([1, 2])) == 0
    assert digits(pd.Series([0.5, 0.25])) == 2 and digits(pd.Series([0.27149])) == 3
    assert digits(pd.Series([float("inf"), 1.5])) == 1
    assert digits(pd.Series(["a"])) is None and digits(pd.Series([True, False])) is None
    frame = pd.DataFrame({"State": ["Hidalgo", "Oaxaca"], "People": [1234567, None]})
    assert cells(html_table(frame, "x", "en"), 1) == ["1,234,567", "—"]
