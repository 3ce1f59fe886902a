"""Small widgets the pages repeat: a CSV download, a table whose source column is a link, a folium map
that never reruns the page."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from coverage import exports
from coverage.i18n import t

SOURCE_HOST = r"https?://(?:www\.)?([^/]+)"  # a source link shows its host name
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"  # the app's static folder: Streamlit serves it at /app/static


def csv_download(label: str, frame, file_name: str, key: str | None = None) -> None:
    """A CSV of ``frame`` (every column, unrounded), written only when clicked; no rerun."""
    st.download_button(label, data=lambda: exports.csv_bytes(frame), file_name=file_name, mime="text/csv",
                       on_click="ignore", key=key)


def source_column(lang: str, host_only: bool = True, column: str | None = None) -> dict:
    """The ``column_config`` that makes the (translated) source column a link."""
    name = column or t("table.source", lang)
    return {name: st.column_config.LinkColumn(display_text=SOURCE_HOST if host_only else None)}


GRID_ROW_PX = 35  # Streamlit's data grid: one row, and the header, are 35 px; its border 3 px in all


def data_table(frame, lang: str, **kwargs) -> None:
    """``st.dataframe`` of ``frame`` without index, full width unless told, numbers written for ``lang``.

    A ``height`` is the most the grid takes: a short table gets only its rows (a 320-px grid of two
    rows showed a column of empty ones)."""
    from coverage.table_numbers import MISSING, localised

    if isinstance(kwargs.get("height"), int):
        kwargs["height"] = min(kwargs["height"], (max(len(frame), 1) + 1) * GRID_ROW_PX + 3)
    kwargs.setdefault("width", "stretch")
    # a missing value reads "—" in the grid (its own default is "None"; a Styler's text does not reach
    # a null cell), so a number column with gaps stays a number column and sorts as numbers
    st.dataframe(localised(frame, lang), hide_index=True, placeholder=MISSING, **kwargs)


def table_with_sources(frame, lang: str, host_only: bool = True, column: str | None = None, **config) -> None:
    """``st.dataframe`` of ``frame`` at full width, without index, its source column a link."""
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={**source_column(lang, host_only, column), **config})


def units_map(base, key: str, layers, lang: str, **kwargs):
    """The facilities page's map (600 px), named for screen readers in the reader's language."""
    from coverage.map_names import named

    return static_map(named(base, t("facilities.map.name", lang), lang), key, layers, 600, **kwargs)


def static_map(base, key: str, layers, height: int, **kwargs):
    """A folium map whose layers travel as ``feature_group_to_add`` (the base map stays byte-identical, so
    a new filter does not re-mount it) and that returns nothing (pan and zoom never rerun the page)."""
    return st_folium(base, key=key, feature_group_to_add=layers, returned_objects=[], use_container_width=True,
                     height=height, **kwargs)
