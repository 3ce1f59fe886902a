"""A data frame as a plain, accessible HTML table: what a page shows where a data grid would cost the
browser 1.2 MB of code (Streamlit's dataframe element; issue 14).

Every cell is escaped (text from data files never becomes markup), numbers are written in the reader's
convention and right-aligned (a float column with the decimals its values need, at most three, the same
in every row), a link column shows the host and opens the source, a missing value reads
as a dash.  The table sits in a labelled, focusable region that scrolls (both ways, header kept in view),
so a keyboard or screen-reader user can reach and read every cell.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlparse

import pandas as pd

from coverage.i18n import format_decimal

BLANK = "—"
MAX_DIGITS = 3  # decimals a float column shows at most (a share 0.271; 0.27149 reads 0.271)
STYLE = ("<style>.imss-table{overflow:auto;max-height:28rem;border:1px solid rgba(49,51,63,.2);border-radius:.5rem}"
         ".imss-table:focus{outline:2px solid #4477AA}"
         ".imss-table table{border-collapse:separate;border-spacing:0;width:100%;margin:0;font-size:.875rem}"
         ".imss-table th,.imss-table td{padding:.25rem .5rem;border-bottom:1px solid rgba(49,51,63,.1);"
         "vertical-align:top;text-align:left;min-width:7.5rem}"
         ".imss-table thead th{position:sticky;top:0;background:#f0f2f6;font-weight:600;z-index:1}"
         ".imss-table tbody th{position:sticky;left:0;background:#fff;font-weight:600}"
         ".imss-table thead th:first-child{left:0;z-index:2}"
         ".imss-table td.num,.imss-table th.num{text-align:right;white-space:nowrap}</style>")


def host(url: str) -> str:
    """A source address as a link shows it: its host name without 'www.' (no port, no user)."""
    name = urlparse(url).hostname or ""
    return name[4:] if name.startswith("www.") else name


def digits(column: pd.Series) -> int | None:
    """Decimals a numeric column is written with: none for integers (or floats that are all whole, as an
    integer column with a missing value becomes), else the fewest that write every value exactly, at most
    ``MAX_DIGITS``; None for a column that is not numeric."""
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return None
    if pd.api.types.is_integer_dtype(column):
        return 0
    values = column.dropna().astype(float)
    values = values[values.abs() != float("inf")]
    for places in range(MAX_DIGITS):
        if ((values.round(places) - values).abs() <= 1e-9 * values.abs().clip(lower=1)).all():
            return places
    return MAX_DIGITS


def _cell(value, lang: str, places: int | None, link: bool) -> str:
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return BLANK
    if places is not None:
        return escape(format_decimal(value, lang, places))
    text = str(value)
    if link and text.startswith(("http://", "https://")):
        return f'<a href="{escape(text, quote=True)}" target="_blank" rel="noopener">{escape(host(text) or text)}</a>'
    return escape(text)


def html_table(frame: pd.DataFrame, label: str, lang: str, links: tuple[str, ...] = ()) -> str:
    """``frame`` as a ``<table>`` in its rows' order, one header per column (``scope="col"``), the first
    column as row headers; ``label`` names the scrolling region; ``links`` are the URL columns."""
    places = {c: digits(frame[c]) for c in frame.columns}
    numeric = {c: places[c] is not None for c in frame.columns}
    head = "".join(f'<th scope="col"{" class=num" if numeric[c] else ""}>{escape(str(c))}</th>'
                   for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for index, (column, value) in enumerate(zip(frame.columns, values)):
            tag = ' scope="row"' if index == 0 else ""
            kind = "th" if index == 0 else "td"
            css = " class=num" if numeric[column] else ""
            cells.append(f"<{kind}{tag}{css}>{_cell(value, lang, places[column], column in links)}</{kind}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    # one line, in a <div> block: Markdown passes it through untouched (no paragraph, no inline parsing)
    return (f'<div class="imss-table" role="region" aria-label="{escape(label, quote=True)}" tabindex="0">'
            f"{STYLE}<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
