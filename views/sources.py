"""Data and sources: every embedded table with its provenance, and the cited events and targets."""

from __future__ import annotations

import streamlit as st

from coverage import provenance
from coverage.i18n import t
from views._access_shared import method_section
from views._data import load_tables
from views._frame import frame
from views._widgets import table_with_sources

lang = frame().lang
data = load_tables()

st.title(t("sources.heading", lang))
st.write(t("sources.intro", lang))

st.subheader(t("sources.tables", lang))
st.dataframe(provenance.resources_table(data.root, lang), hide_index=True, width="stretch")

st.subheader(t("sources.events", lang))
table_with_sources(provenance.events_table(data, lang), lang, host_only=False)

st.subheader(t("sources.targets", lang))
table_with_sources(provenance.targets_table(data, lang), lang, host_only=False)

method_section(lang)
