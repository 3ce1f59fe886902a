"""National map: every state coloured by its status on the chosen date, headline figures, table."""

from __future__ import annotations


import streamlit as st
from streamlit_folium import st_folium

from coverage import exports, gaps, maps, rollout
from coverage.html_table import html_table
from coverage.i18n import format_date, format_int, format_pct, t
from coverage.labels import state_names
from views._data import load_tables
from views import _head_start as head_start
from views._frame import frame
from views._map_panel import selected_state, state_card, state_search
from views._url import COLOURING_KEY, current_view, view_widget, write_url
from views._widgets import STATIC_DIR, csv_download

MAP_HEIGHT = 600
lang, as_of, target, basis = frame()
data = load_tables()
names = state_names(data.states, lang)
table = rollout.status_table(data, as_of, lang)  # cached per (date, language) in coverage.rollout
gap_table = gaps.state_gaps(data, target, as_of, basis, lang)
summary = rollout.headline(table, as_of)

st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
st.subheader(t("map.heading", lang, date=format_date(as_of, lang)))

# How the map is coloured; the URL carries the code (?color=delay).
view_widget(st.segmented_control, t("map.colouring", lang), "colour", COLOURING_KEY,
            options=list(maps.COLOURINGS), format_func=lambda m: t(f"colouring.{m}", lang))
write_url(current_view(), (COLOURING_KEY,))
mode = current_view().colour
from views._network_view import (municipal_choice, municipal_chosen, national_unit_layers,  # noqa: E402
                                units_chosen, units_toggle)

# Map left; right of it the colouring's own controls, the figures and the chosen state's card.  At
# 1400×1000 nothing but the colouring buttons is above the map, so the whole map and its legend are
# above the fold in every colouring (issue 12); on a phone the columns stack (map first).  Controls that
# come and go are in the side column: an element appearing above the map would shift the map's place
# in the page and make Streamlit re-mount it (a blank map for ~2 s).
map_column, side = st.columns([2.5, 1], gap="medium")
access_view = None
if mode == "access":  # share of people beyond X km of a unit (views/_access_shared.py); its controls first
    from views._access_shared import national_view

    with side:
        paint, layer, *access_view = national_view(table, lang)
# what the side column's switches will show (the link's, else the session's): read now, drawn after the map
by_municipality = mode == "uninsured" and municipal_chosen()  # loaded only when chosen
show_units = units_chosen()
if by_municipality:  # the municipalities' own layer (2,469 shapes) over the state shapes, taken off meanwhile
    from coverage import network_maps

    paint, layer = network_maps.municipal_legend(lang), maps.hide_states(network_maps.municipal_layer(lang))
elif mode != "access":  # (access: painted by national_view, with its controls)
    paint = maps.colouring(mode, table, gap_table, lang)
    layer = maps.states_paint(table, gap_table, paint, lang)  # fills and tooltip texts only (a few kB)
maps.add_legend(layer, paint, lang, t("truth.reviewed", lang, date=format_date(data.reviewed, lang)))
# The state shapes are in the base map, drawn once per mount; their geometry is the app's static file.
base, layers, units_caption = maps.national_base_map(STATIC_DIR), [layer], None
if show_units:  # the facility layer the reader turned on (clusters need their script in the base map)
    from coverage import network_maps

    unit_layers, units_caption, points_link = national_unit_layers(lang)
    base = network_maps.with_clusters(base, points_link)
    layers += unit_layers
with map_column:
    clicked = st_folium(
        base,
        # colouring, language and date only swap the layers; only the facility toggle changes the base
        key="national-map-units" if show_units else "national-map",
        feature_group_to_add=layers,
        returned_objects=["last_active_drawing"],  # a click selects the state; pan and zoom never rerun
        use_container_width=True,
        height=MAP_HEIGHT,
    )
head_start.give()  # a reader's first visit: the map reaches the browser alone (views/_head_start.py)
with side:  # the switches read above (bind_param gives them the same values)
    if mode == "uninsured":
        municipal_choice(lang)
    units_toggle(lang)
with side:
    # One metric per status, in the legend's order: "outside" and "declined" are different facts.
    METRIC_KEYS = {"operating": "metric.operating", "signed": "metric.signed", "in_process": "metric.in_process"}
    pair = st.columns(2)
    for index, status_name in enumerate(maps.LEGEND_ORDER):
        pair[index % 2].metric(t(METRIC_KEYS.get(status_name, f"status.{status_name}"), lang),
                               summary.counts[status_name], help=t(f"status.help.{status_name}", lang))
    st.metric(t("truth.covered.label", lang), format_int(summary.covered, lang), help=t("truth.covered.help", lang))
    st.caption(t("truth.covered.share", lang, share=format_pct(summary.covered_share, lang),
                 universe=format_int(summary.universe, lang)))
    st.metric(t("truth.psinder.label", lang), format_int(summary.uninsured_operating, lang),
              help=t("truth.psinder.help", lang))
    st.caption(t("metric.share_of_total", lang, share=format_pct(summary.uninsured_operating_share, lang)))
selected = selected_state(maps.clicked_state(clicked), names, lang)
with side:
    state_search(selected, names, lang)
    if selected is not None:
        state_card(selected, table, gap_table, names, lang)
    else:
        st.caption(t("ui.map.pick_hint", lang))
# the map's text alternative (what it shows, and where the same data is as a table)
if by_municipality:
    from coverage import municipalities

    count = format_int(municipalities.EXPECTED, lang)
    areas, colouring_name = t("map.alt.municipalities", lang, n=count), t("colouring.municipal", lang)
    notes = [t("network.national.municipal_caption", lang, n=count)]
else:
    areas, colouring_name, notes = t("map.alt.states", lang), t(f"colouring.{mode}", lang), []
st.caption(f"{t('map.alt', lang, areas=areas, colouring=colouring_name)} {t('map.caption', lang)}")
for note in notes:
    st.caption(note)
if units_caption:
    st.caption(units_caption)
if access_view:
    from views._access_shared import national_tables

    national_tables(access_view[1], access_view[0], lang)

heading = t("table.heading", lang, date=format_date(as_of, lang))
st.subheader(heading)
# the map's text alternative, as a plain HTML table: st.dataframe would cost 1.2 MB of page code (issue 14)
st.html(html_table(exports.status_display_table(table, lang), heading, lang, links=(t("table.source", lang),)))
csv_download(t("table.download", lang), table, f"imss-bienestar-estado-{as_of.isoformat()}.csv")

from views._exports_shared import national_exports

# The export panel opens on demand: a popover's content is drawn only when opened, so its ten buttons and
# the embed snippet (whose highlighter is 1.5 MB of page code) no longer delay the map's first draw
# (later visit 5.9/5.5 → 4.3/4.8 s median in an A/B of 5 visits a round, issue 14).  An expander did not
# help: its closed content is drawn all the same.
with st.popover(t("exports.open", lang), icon=":material/download:", width="stretch"):
    national_exports(data, as_of, target, basis, lang, "municipal" if by_municipality else mode, access_view)
