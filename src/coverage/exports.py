"""Tables as people read and download them."""

from __future__ import annotations

import numbers

import pandas as pd

from coverage.i18n import format_int, format_partial, t
from coverage.labels import possible_change

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def status_display_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The status table with translated headers and statuses, dates written as the source gives them."""
    return pd.DataFrame({
        t("table.state", lang): table["state"],
        t("table.status", lang): table["status"].map(lambda s: t(f"status.{s}", lang)),
        t("table.since", lang): table["since"].map(lambda since: format_partial(since, lang)),
        t("table.possible", lang): table.apply(lambda row: possible_change(row, lang), axis=1),
        t("table.instrument", lang): table["instrument"],
        t("table.source", lang): table["source_url"],
        t("table.population", lang): table["pop_2020"],
        t("truth.no_social_security.label", lang): table["no_social_security_2020"],
        t("table.uninsured", lang): table["uninsured_2020"],
        t("truth.col.basis", lang): table["status_basis"].map(lambda b: t(f"truth.basis.{b}", lang) if b else ""),
    })


def shown(frame: pd.DataFrame, lang: str, blank: str = "—") -> pd.DataFrame:
    """The frame as a table shows it: a missing value reads as a dash, never 'None' or 'nan'.

    Streamlit draws every null cell as "None" whatever the format, so the columns with gaps become
    text (numbers written in the reader's convention); downloads keep the numbers."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if not values.isna().any():
            continue
        # an object column of numbers and gaps (a delay that some rows lack) is numeric too: left as it is,
        # its numbers and dashes in one column make Streamlit's Arrow conversion fail and fall back
        numeric = pd.api.types.is_numeric_dtype(values) or all(
            isinstance(v, numbers.Number) and not isinstance(v, bool) for v in values.dropna())
        out[column] = [blank if pd.isna(v) else (format_int(v, lang) if numeric else v) for v in values]
    return out


def _defuse(value: object) -> object:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel shows accents; cells that look like formulas are defused."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse)
    return safe.to_csv(index=False).encode("utf-8-sig")
