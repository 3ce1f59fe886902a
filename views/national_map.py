"""National map: every state coloured by its status on the chosen date, headline figures, table."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from coverage import exports, gaps, maps, rollout
from coverage.i18n import format_date, format_int, format_pct, t
from views._map_panel import selected_state, state_card, state_search
from views._shared import colouring_control, frame_state, load_tables

MAP_HEIGHT = 600
lang, as_of, target, basis = frame_state()
data = load_tables()
names = dict(zip(data.states["cve_ent"], data.states["name_en" if lang == "en" else "name_es"]))
table = rollout.status_table(data, as_of, lang)
gap_table = gaps.state_gaps(data, target, as_of, basis, lang)
summary = rollout.headline(table, as_of)

st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
st.subheader(t("map.heading", lang, date=format_date(as_of, lang)))

mode = colouring_control(lang)
paint = maps.colouring(mode, table, gap_table, lang)
# Map left, figures and the chosen state's card right: at 1400×1000 the whole map and its legend are
# above the fold, and on a phone the columns stack (map first, then the card).
map_column, side = st.columns([2.5, 1], gap="medium")
with map_column:
    clicked = st_folium(
        maps.base_map(),
        key="national-map",  # the base never changes: colouring, language and date only swap the layer
        feature_group_to_add=maps.states_layer(table, gap_table, paint, lang),
        returned_objects=["last_active_drawing"],  # a click selects the state; pan and zoom never rerun
        use_container_width=True,
        height=MAP_HEIGHT,
    )
with side:
    side.metric(t("metric.operating", lang), summary.counts["operating"])
    side.metric(t("metric.signed", lang), summary.counts["signed"])
    side.metric(t("metric.in_process", lang), summary.counts["in_process"])
    side.metric(t("metric.outside", lang), summary.counts["outside"] + summary.counts["declined"])
    side.metric(
        t("metric.uninsured_operating", lang),
        format_int(summary.uninsured_operating, lang),
        help=t("metric.uninsured_operating_help", lang),
    )
    side.caption(t("metric.share_of_total", lang, share=format_pct(summary.uninsured_operating_share, lang)))
selected = selected_state(maps.clicked_state(clicked), names)
with side:
    state_search(selected, names, lang)
    if selected is not None:
        state_card(selected, table, gap_table, names, lang)
    else:
        st.caption(t("ui.map.pick_hint", lang))
st.caption(f"{t('map.alt', lang)} {t('map.caption', lang)}")

st.subheader(t("table.heading", lang, date=format_date(as_of, lang)))
shown = exports.status_display_table(table, lang)
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_config={
        t("table.source", lang): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)"),
        t("table.population", lang): st.column_config.NumberColumn(format="localized"),
        t("table.uninsured", lang): st.column_config.NumberColumn(format="localized"),
    },
)
st.download_button(
    t("table.download", lang),
    data=lambda: exports.csv_bytes(table),
    file_name=f"imss-bienestar-estado-{as_of.isoformat()}.csv",
    mime="text/csv",
    on_click="ignore",
)
