"""State page: status and sourced timeline, targets and delays, census, facilities, and the snapshot
exports (PNG, PDF, CSV, GeoJSON, manifest, zip), generated only when asked for.

The state travels in the URL as its INEGI code (``?estado=13``); facility filters as
``?grupos=imss_bienestar,state&tipos=hospital``.  Unknown values fall back with a visible notice.
"""

from __future__ import annotations

import html

import streamlit as st

from coverage import exports, rollout, snapshot
from coverage.i18n import format_date, format_int, format_partial, format_pct, t
from coverage.labels import (EVENT_COLUMNS, TARGET_COLUMNS, column_names, milestone_label, possible_sentence,
                             state_names)
from coverage.maps import LEGEND_ORDER
from coverage.tables import STATE_CODES
from coverage.target_text import target_source
from views._data import load_tables
from views._frame import frame
from views._url import param_widget
from views._widgets import data_table, table_with_sources

STATE_PARAM = "estado"
CHOICE_KEY = "_estado_choice"
FILTER_PARAMS = {"groups": "grupos", "types": "tipos"}

lang, as_of, target, basis = frame()
data = load_tables()
names = state_names(data.states, lang)


def _choose_state() -> str | None:
    raw = st.query_params.get(STATE_PARAM)
    code, bad = snapshot.url_state(raw)
    if bad:
        st.warning(t("state.bad_code", lang, value=str(raw)[:20]), icon="⚠️")
    chosen = param_widget(st.selectbox, t("state.choose", lang), ["", *STATE_CODES], key=CHOICE_KEY,
                          param=STATE_PARAM, value=code or "", encode=lambda c: c or None,
                          format_func=lambda c: f"{names[c]} ({c})" if c else t("state.national_option", lang),
                          help=t("state.choose_help", lang), placeholder=t("ui.choose_option", lang))
    return chosen or None


def _catalogue():
    """The loaded catalogue, else the embedded national network (CLUES 2023 cut)."""
    from views._facilities_shared import catalogue_or_network

    return catalogue_or_network()


def _url_filter(name: str, allowed: list[str], label: str, fmt) -> list[str]:
    """A multiselect whose value lives in the URL as comma-separated codes (labels stay translated)."""
    param = FILTER_PARAMS[name]
    raw = st.query_params.get(param)
    values, bad = snapshot.url_choices(raw, allowed)
    if bad:
        st.warning(t("state.bad_filter", lang, param=param, value=str(raw)[:40]), icon="⚠️")
    return param_widget(st.multiselect, label, allowed, key=f"_state_filter_{name}", param=param,
                        value=allowed if values is None else values, format_func=fmt,
                        placeholder=t("ui.choose_options", lang),
                        encode=lambda chosen: None if list(chosen) == list(allowed) else ",".join(chosen))


def _figure(column, label: str, value: str, note: str) -> None:
    """A key figure that wraps instead of being cut off (st.metric truncates long dates; style in app.py)."""
    column.caption(label)
    column.markdown(f'<div class="key-figure">{html.escape(value)}</div>', unsafe_allow_html=True)
    column.caption(note)


code = _choose_state()
catalogue = _catalogue()
filters: dict = {}

if code is None:
    st.title(t("state.heading_national", lang, date=format_date(as_of, lang)))
else:
    st.title(f"{names[code]}")
st.caption(snapshot.Snapshot(data, snapshot.View(code, as_of, target, basis, lang)).target_line())

if code is None:
    status = rollout.status_table(data, as_of, lang)
    counts = rollout.headline(status, as_of).counts
    st.subheader(t("state.national_figures", lang))
    columns = st.columns(len(LEGEND_ORDER))
    for column, status_name in zip(columns, LEGEND_ORDER):
        column.metric(t(f"status.{status_name}", lang), counts[status_name])
else:
    view = snapshot.View(code, as_of, target, basis, lang)
    row = snapshot.state_rows(data, view).iloc[0]
    st.subheader(t("state.status_heading", lang, date=format_date(as_of, lang)))
    columns = st.columns(3)
    _figure(columns[0], t("snapshot.fig.status", lang), row["status_label"],
            format_partial(row["since"], lang) if row["since"] else t("map.no_event", lang))
    _figure(columns[1], t("snapshot.fig.target_date", lang),
            format_partial(row["target_date"], lang) if row["target_date"] else "—",
            f"{target} · {milestone_label(row['milestone'], lang)}" if row["milestone"] else target)
    _figure(columns[2], t("snapshot.fig.delay", lang), snapshot.delay_text(row, lang), row["delay_label"])
    if row["possible_status"]:
        st.info(possible_sentence(row, lang), icon="ℹ️")

    st.subheader(t("state.events_heading", lang))
    events = snapshot.state_events(data, code, as_of, lang)
    later = rollout.later_events(data, code, as_of)
    if events.empty:
        st.caption(t("state.events_none", lang))
    else:
        table_with_sources(events.rename(columns=column_names(EVENT_COLUMNS, lang)), lang,
                           column=t("state.event.source", lang))
    if later > 0:
        st.caption(t("state.events_later", lang, n=later))

    st.subheader(t("state.targets_heading", lang))
    targets = snapshot.targets_for_state(data, code, as_of, basis, lang)
    targets.insert(0, "chosen", targets["target_id"] == target)
    table_with_sources(exports.shown(targets.drop(columns=["delay_class"]).rename(
        columns=column_names(TARGET_COLUMNS, lang)), lang), lang, column=t("state.event.source", lang))
    st.caption(t("state.targets_caption", lang, basis=t(f"basis.{basis}", lang),
                 target=target_source(data, target, lang)))

    st.subheader(t("state.census_heading", lang))
    columns = st.columns(3)
    columns[0].metric(t("state.census.population", lang), format_int(row["pop_2020"], lang))
    columns[1].metric(t("state.census.uninsured", lang), format_int(row["uninsured_2020"], lang),
                      help="INEGI PSINDER")
    columns[1].caption(format_pct(row["uninsured_2020"] / row["pop_2020"], lang))
    columns[2].metric(t("state.census.no_social_security", lang), format_int(row["no_social_security_2020"], lang),
                      help=t("state.census.no_social_security_help", lang))

st.subheader(t("state.facilities_heading", lang))
if catalogue is None:
    st.info(t("state.facilities_none", lang), icon="ℹ️")
else:
    from coverage import clues

    left, right = st.columns(2)
    with left:
        filters["groups"] = _url_filter("groups", list(clues.GROUPS), t("facilities.filter.groups", lang),
                                        lambda g: t(f"snapshot.group.{g}", lang))
    with right:
        filters["types"] = _url_filter("types", list(clues.TYPES), t("facilities.filter.types", lang),
                                       lambda v: t(f"snapshot.type.{v}", lang))
    shown = snapshot.facility_rows(catalogue, snapshot.View(code, as_of, target, basis, lang, filters))
    counts = snapshot.facility_counts(shown)
    columns = st.columns(3)
    columns[0].metric(t("state.facilities_units", lang), format_int(counts["units"], lang))
    from coverage import facility_display

    # the split counts the state's operating units; the figure above counts what the map and the table
    # show (fixed units at a checked position, under the filters): say so when they differ (1,281 against
    # "1,290 with a fixed place + 238 mobile units" in Hidalgo's embedded network read as a contradiction)
    split = facility_display.units_split(catalogue.table, lang, code)
    in_state = catalogue.table["status"] == "operating"
    if code is not None:
        in_state &= catalogue.table["cve_ent"] == code
    fixed = int((in_state & ~catalogue.table["mobile"].astype(bool)).sum())
    if counts["units"] != fixed:
        split += " · " + t("state.facilities_drawn", lang, shown=format_int(counts["units"], lang))
    columns[0].caption(split)
    columns[1].metric(t("state.facilities_hospitals", lang), format_int(counts["hospitals"], lang))
    columns[2].metric(t("state.facilities_imb", lang), format_int(counts["by_group"]["imss_bienestar"], lang))
    from coverage import network

    if network.is_embedded(catalogue):
        st.caption(t("network.state.release", lang, units=format_int(len(shown), lang)))
    else:
        st.caption(t("state.facilities_caption", lang, units=format_int(len(shown), lang),
                     release=catalogue.release or "—"))
    if code is not None:  # the state's municipalities by share without social security, its facilities on top
        from views._network_view import state_section

        state_section(code, catalogue, shown, filters, names[code], lang)
    if code is not None:
        st.caption(t("state.facilities_table", lang))
        data_table(facility_display.facility_table_display(shown, lang), lang, height=320)

access_figures = None
if code is not None:  # distance to the nearest unit (views/_access_shared.py)
    from views._access_shared import state_view

    access_figures = state_view(code, rollout.status_table(data, as_of, lang), lang)

# --- exports: nothing is drawn until a button is clicked; clicking does not rerun the page ----------
st.subheader(t("state.exports_heading", lang))
snap = snapshot.Snapshot(data, snapshot.View(code, as_of, target, basis, lang, filters), catalogue,
                         access=access_figures)
stem = snap.name
buttons = [
    ("png", "image/png", lambda: snap.png, f"{stem}.png"),
    ("png_screen", "image/png", lambda: snap.png_screen, f"{stem}-pantalla.png"),
    ("pdf", "application/pdf", lambda: snap.pdf, f"{stem}.pdf"),
    ("svg", "image/svg+xml", lambda: snap.svg, f"{stem}.svg"),
    ("csv", "text/csv", lambda: snap.csv, f"{stem}.csv"),
    ("geojson", "application/geo+json", lambda: snap.geojson, f"{stem}.geojson"),
    ("manifest", "application/json", lambda: snap.manifest, f"{stem}-manifest.json"),
    ("zip", "application/zip", lambda: snap.zip, f"{stem}.zip"),
]
data_at = [kind for kind, *_ in buttons].index("csv") + 1  # extra tables go with the data, not the pictures
if access_figures is not None:
    buttons.insert(data_at, ("access_csv", "text/csv", lambda: snap.access_csv, f"{stem}-acceso.csv"))
if catalogue is not None:
    buttons.insert(data_at, ("facilities_csv", "text/csv", lambda: snap.facilities_csv, f"{stem}-unidades.csv"))
if code is not None:
    from coverage import embed

    buttons.append(("html", "text/html", lambda: embed.state_html(snap), embed.file_name(snap)))
# the four pictures, then the data three a row: seven in a row cut their labels ("PNG (imprent…",
# "Mapa interact…"), and the embed's label needs a third of the width
rows = [buttons[:4]] + [buttons[start:start + 3] for start in range(4, len(buttons), 3)]
for row in rows:
    for column, (kind, mime, make, file_name) in zip(st.columns(len(rows[0]) if row is rows[0] else 3), row):
        column.download_button(t(f"exports.button.{kind}", lang), data=make, file_name=file_name, mime=mime,
                               on_click="ignore", key=f"download-{kind}", width="stretch",
                               type="primary" if kind in ("png", "zip") else "secondary")
st.caption(t("state.exports_caption", lang))
if code is not None:
    from views._exports_shared import state_embed

    state_embed(snap, lang)
st.caption(t("state.link", lang))
