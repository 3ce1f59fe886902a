"""Health facilities from the official CLUES catalogue: points by institution, coverage metrics, transfers.

With no catalogue loaded, the embedded national network (``network.load_network``, cached in
``views._data``) drawn by ``views._network_view``."""

from __future__ import annotations

import json
import os
import sys
import time

import streamlit as st

from coverage import charts, clues, facility_display, facility_maps, labels
from coverage.i18n import format_int, t
from views._data import catalogue_metrics, catalogue_summary, embedded_network, encoded_points, load_tables
from views._facilities_shared import catalogue_loader, point_data
from views._frame import frame
from views._widgets import csv_download, data_table, table_with_sources, units_map

STARTED = time.perf_counter()
lang = frame().lang


def timing(part: str, started: float, **extra) -> None:
    """With $COVERAGE_TIMING set, one JSON line per run on stderr (read by bench/facilities_bench.py)."""
    if os.environ.get("COVERAGE_TIMING"):
        print(json.dumps({"timing": part, "seconds": round(time.perf_counter() - started, 4), **extra}),
              file=sys.stderr, flush=True)

data = load_tables()

st.title(t("nav.facilities", lang))
st.caption(t("facilities.intro", lang))

with st.expander(t("facilities.load.heading", lang), expanded=False):
    catalogue = catalogue_loader(lang)

if catalogue is None:  # nothing loaded: the embedded national network (views/_network_view.py)
    from views._network_view import page as network_page

    network_page(embedded_network(), lang, timing)
    timing("page", STARTED)


def catalogue_page(catalogue) -> None:
    """The loaded catalogue: its figures, map, validation, metrics and transfers.  (A function, not the
    rest of the script after ``st.stop()``: the app draws the sidebar after the page, ``views/_head_start.py``.)"""
    from views._network_view import onscreen_note

    st.info(onscreen_note(catalogue, lang), icon="🗂️")

    report = catalogue_summary(catalogue)
    st.caption(t("facilities.release", lang, release=catalogue.release or "—",
                 basis=t(f"facilities.basis.{catalogue.release_basis}", lang),
                 files=", ".join(s.name for s in catalogue.sources)))
    cols = st.columns(4)
    cols[0].metric(t("facilities.kpi.units", lang), format_int(report["units_operating"], lang))
    cols[0].caption(facility_display.units_split(catalogue.table, lang))
    cols[1].metric(t("facilities.kpi.imb", lang), format_int(report["by_group"]["imss_bienestar"], lang))
    cols[2].metric(t("facilities.kpi.hospitals", lang), format_int(report["by_type"]["hospital"], lang))
    cols[3].metric(t("facilities.kpi.transferred", lang), format_int(report["transfers"]["units_with_transfer_date"], lang),
                   help=t("facilities.kpi.transferred_help", lang))

    metrics = catalogue_metrics(catalogue)
    metric_options = [None, *clues.METRICS]
    metric = st.selectbox(t("facilities.colour_by", lang), metric_options, key="clues_metric",
                          placeholder=t("ui.choose_option", lang),
                          format_func=lambda m: t(f"facilities.metric.{m or 'none'}", lang))


    @st.fragment
    def facility_map() -> None:
        started = time.perf_counter()
        left, middle, right = st.columns([3, 2, 2])
        groups = left.multiselect(t("facilities.filter.groups", lang), list(clues.GROUPS), default=list(clues.GROUPS),
                                  format_func=lambda g: t(f"facilities.group.{g}", lang), key="clues_groups",
                                  placeholder=t("ui.choose_options", lang))
        levels = middle.multiselect(t("facilities.filter.levels", lang), list(clues.LEVELS), default=list(clues.LEVELS),
                                    format_func=lambda v: t(f"facilities.level.{v or 'none'}", lang), key="clues_levels",
                                    placeholder=t("ui.choose_options", lang))
        types = right.multiselect(t("facilities.filter.types", lang), list(clues.TYPES), default=list(clues.TYPES),
                                  format_func=lambda v: t(f"facilities.type.{v}", lang), key="clues_types",
                                   placeholder=t("ui.choose_options", lang))
        # on its own line: in a fourth narrow column its label was cut ('Unidades móv…')
        mobile = st.checkbox(t("facilities.filter.mobile", lang), value=False, key="clues_mobile",
                               help=t("facilities.filter.mobile_help", lang))
        # The points are encoded once per catalogue and language (cached) and sent once per catalogue
        # (point_data, outside this fragment); a filter sends only which of them are shown, as
        # feature_group_to_add so that the base map stays byte-identical (no re-mount).
        shown = clues.points_mask(catalogue.table, groups, levels, types, include_mobile=mobile).to_numpy()
        st.caption(t("facilities.points_shown", lang, shown=format_int(int(shown.sum()), lang),
                     total=format_int(report["units_operating"], lang)))
        if not shown.any():  # an empty map says nothing: name the filters and what to do
            st.warning(labels.empty_filter([
                (t("facilities.filter.groups", lang), [t(f"facilities.group.{g}", lang) for g in groups]),
                (t("facilities.filter.levels", lang), [t(f"facilities.level.{v or 'none'}", lang) for v in levels]),
                (t("facilities.filter.types", lang), [t(f"facilities.type.{v}", lang) for v in types])], lang), icon="🔎")
            timing("map", started, points=0)
            return
        units_map(facility_maps.base_map(lang, metrics, metric, facility_maps.legend_present(catalogue.table)),
                  f"facilities-map-{lang}", encoded_points(catalogue, lang).subsets(shown), lang,
                  layer_control=facility_maps.layer_control())
        timing("map", started, points=int(shown.sum()))
        st.caption(t("facilities.map.caption", lang))


    point_data(encoded_points(catalogue, lang))  # this upload's points, once (the map's filters send bitsets)
    facility_map()

    st.subheader(t("facilities.validation.heading", lang))
    counts = catalogue.issue_counts
    if sum(counts.values()) == 0:
        st.success(t("facilities.validation.none", lang, records=format_int(report["records"], lang)))
    else:
        st.warning(t("facilities.validation.some", lang, n=format_int(len(catalogue.issues), lang)))
        st.dataframe({t(f"facilities.issue.{k}", lang): [format_int(v, lang)] for k, v in counts.items()},
                     hide_index=True)
        shown_issues = facility_display.issues_display(catalogue.issues, lang)
        st.dataframe(shown_issues, hide_index=True, width="stretch")
        csv_download(t("facilities.validation.download", lang), catalogue.issues,
                     f"clues-problemas-{catalogue.release or 'catalogo'}.csv")

    st.subheader(t("facilities.metrics.heading", lang))
    st.caption(t("facilities.metrics.caption", lang))
    data_table(facility_display.metrics_display(metrics, data.states, lang), lang)
    csv_download(t("facilities.metrics.download", lang), metrics,
                 f"clues-indicadores-{catalogue.release or 'catalogo'}.csv")

    st.subheader(t("facilities.timeline.heading", lang))
    with_transfers = metrics.loc[metrics["transferred"] > 0, "cve_ent"].tolist()
    if not with_transfers:
        st.info(t("facilities.timeline.none", lang))
    else:
        names = labels.state_names(data.states, lang)
        state = st.selectbox(t("facilities.timeline.state", lang), with_transfers, format_func=lambda c: names[c],
                             placeholder=t("ui.choose_option", lang),
                             key="clues_timeline_state")
        timeline = clues.state_timeline(catalogue, data.events, state)
        st.altair_chart(charts.transfer_chart(clues.transfer_timeline(catalogue, state), data.events, state, lang),
                        width="stretch")
        table_with_sources(facility_display.timeline_display(timeline, lang), lang,
                           column=t("facilities.timeline.col.source_url", lang))
        st.caption(t("facilities.timeline.caption", lang))

    timing("page", STARTED)


if catalogue is not None:
    catalogue_page(catalogue)
