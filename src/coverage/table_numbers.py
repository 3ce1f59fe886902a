"""Numbers in on-screen tables written the language's way ("23 867" / "23,867"), still sorted as numbers.

``st.dataframe`` writes a frame's numbers as JavaScript does ("23867", "5.30"), unlike every figure,
caption and export, which go through Babel (issue 12).  A pandas ``Styler`` carries the display text
beside the values: Streamlit shows the text and sorts a column by its values.
"""

from __future__ import annotations

import math

import pandas as pd
from pandas.io.formats.style import Styler

from coverage.i18n import format_decimal

MISSING = "—"
MAX_DIGITS = 3


def decimals_needed(values: pd.Series, most: int = MAX_DIGITS) -> int:
    """The fewest decimals (up to ``most``) that write every value of a float column as it is."""
    finite = values[values.map(lambda v: isinstance(v, (int, float)) and math.isfinite(v))]
    for digits in range(most + 1):
        if (finite.round(digits) - finite).abs().max(skipna=True) < 1e-9 or finite.empty:
            return digits
    return most


def number_formats(frame: pd.DataFrame, lang: str) -> dict:
    """Per numeric column, the function that writes one of its values (missing ones as "—")."""
    formats = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        digits = 0 if pd.api.types.is_integer_dtype(series) else decimals_needed(series)

        def write(value, digits=digits):
            return MISSING if pd.isna(value) else format_decimal(value, lang, digits)

        formats[column] = write
    return formats


def localised(frame: pd.DataFrame, lang: str) -> Styler:
    """``frame`` with its numbers written for ``lang`` (give it to ``st.dataframe``)."""
    if not frame.columns.is_unique:
        raise ValueError(f"a table's columns must be unique to be formatted: {list(frame.columns)}")
    return frame.style.format(number_formats(frame, lang))
