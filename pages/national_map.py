"""National map: every state coloured by its status on the chosen date, headline figures, table."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from coverage import exports, gaps, maps, rollout
from coverage.i18n import format_date, format_int, format_pct, t
from pages._shared import colouring_control, frame_state, load_tables

lang, as_of, target, basis = frame_state()
data = load_tables()
table = rollout.status_table(data, as_of, lang)
gap_table = gaps.state_gaps(data, target, as_of, basis, lang)
summary = rollout.headline(table, as_of)

st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
st.subheader(t("map.heading", lang, date=format_date(as_of, lang)))

columns = st.columns([1, 1, 1, 1, 2])
columns[0].metric(t("metric.operating", lang), summary.counts["operating"])
columns[1].metric(t("metric.signed", lang), summary.counts["signed"])
columns[2].metric(t("metric.in_process", lang), summary.counts["in_process"])
columns[3].metric(t("metric.outside", lang), summary.counts["outside"] + summary.counts["declined"])
columns[4].metric(
    t("metric.uninsured_operating", lang),
    format_int(summary.uninsured_operating, lang),
    help=t("metric.uninsured_operating_help", lang),
)
st.caption(t("metric.share_of_total", lang, share=format_pct(summary.uninsured_operating_share, lang)))

mode = colouring_control(lang)
paint = maps.colouring(mode, table, gap_table, lang)
clicked = st_folium(
    maps.base_map(lang, paint),
    key=f"national-map-{lang}-{mode}",
    feature_group_to_add=maps.states_layer(table, gap_table, paint, lang),
    returned_objects=["last_active_drawing"],  # a click opens the state's page; pan and zoom never rerun
    use_container_width=True,
    height=560,
)
if (code := maps.clicked_state(clicked)) is not None:
    st.switch_page("pages/state.py", query_params={"estado": code})  # bound params follow by themselves
st.caption(f"{t('map.alt', lang)} {t('map.click_hint', lang)} {t('map.caption', lang)}")

from pages._exports_shared import national_exports  # noqa: E402  (kept apart from the map's imports)

national_exports(data, as_of, target, basis, lang, mode)

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
