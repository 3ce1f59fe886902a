"""National map: every state coloured by its status on the chosen date, headline figures, table."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from coverage import exports, gaps, maps, rollout
from coverage.i18n import format_date, format_int, format_pct, t
from views._shared import colouring_control, frame_state, load_tables

lang, as_of, target, basis = frame_state()
data = load_tables()
table = rollout.status_table(data, as_of, lang)
gap_table = gaps.state_gaps(data, target, as_of, basis, lang)
summary = rollout.headline(table, as_of)

st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
st.subheader(t("map.heading", lang, date=format_date(as_of, lang)))

# One metric per status, in the legend's order: "outside" and "declined" are different facts.
columns = st.columns(len(maps.LEGEND_ORDER))
METRIC_KEYS = {"operating": "metric.operating", "signed": "metric.signed", "in_process": "metric.in_process"}
for column, status_name in zip(columns, maps.LEGEND_ORDER):
    column.metric(t(METRIC_KEYS.get(status_name, f"status.{status_name}"), lang), summary.counts[status_name],
                  help=t(f"status.help.{status_name}", lang))
headline, secondary = st.columns([3, 2])
headline.metric(t("truth.covered.label", lang), format_int(summary.covered, lang),
                help=t("truth.covered.help", lang))
headline.caption(t("truth.covered.share", lang, share=format_pct(summary.covered_share, lang),
                   universe=format_int(summary.universe, lang)))
secondary.metric(t("truth.psinder.label", lang), format_int(summary.uninsured_operating, lang),
                 help=t("truth.psinder.help", lang))
secondary.caption(t("metric.share_of_total", lang, share=format_pct(summary.uninsured_operating_share, lang)))

mode = colouring_control(lang)
access_view = None
if mode == "access":  # share of people beyond X km of a unit (pages/_access_shared.py)
    from views._access_shared import national_view

    paint, layer, *access_view = national_view(table, lang)
else:
    paint = maps.colouring(mode, table, gap_table, lang)
    layer = maps.states_layer(table, gap_table, paint, lang)
clicked = st_folium(
    maps.base_map(lang, paint, t("truth.reviewed", lang, date=format_date(data.reviewed, lang))),
    key=f"national-map-{lang}-{mode}",
    feature_group_to_add=layer,
    returned_objects=["last_active_drawing"],  # a click opens the state's page; pan and zoom never rerun
    use_container_width=True,
    height=560,
)
if (code := maps.clicked_state(clicked)) is not None:
    st.switch_page("views/state.py", query_params={"estado": code})  # app.py writes the view back into the URL
st.caption(f"{t('map.alt', lang)} {t('map.click_hint', lang)} {t('map.caption', lang)}")
if access_view:
    from views._access_shared import national_tables

    national_tables(access_view[1], access_view[0], lang)

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
