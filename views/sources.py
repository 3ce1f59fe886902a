"""Data and sources: every embedded table with its provenance, and the cited events and targets."""

from __future__ import annotations

import streamlit as st

from coverage import provenance
from coverage.i18n import t
from views._access_shared import method_section
from views._shared import frame_state, load_tables

lang, as_of, target, basis = frame_state()
data = load_tables()

st.title(t("sources.heading", lang))
st.write(t("sources.intro", lang))

st.subheader(t("sources.tables", lang))
st.dataframe(provenance.resources_table(data.root, lang), hide_index=True, width="stretch")

st.subheader(t("sources.events", lang))
st.dataframe(
    provenance.events_table(data, lang),
    hide_index=True,
    width="stretch",
    column_config={t("table.source", lang): st.column_config.LinkColumn()},
)

st.subheader(t("sources.targets", lang))
st.dataframe(
    provenance.targets_table(data, lang),
    hide_index=True,
    width="stretch",
    column_config={t("table.source", lang): st.column_config.LinkColumn()},
)

method_section(lang)
