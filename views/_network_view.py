"""The facilities page when no catalogue is loaded: the embedded national network (CLUES 2023 cut),
with the 2026-04 counts beside it.  Widgets only; everything computed comes from ``coverage``."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from coverage import clues, facility_display, facility_maps, facility_points, labels, network, network_maps, urlstate
from coverage.i18n import format_int, format_pct, t
from coverage.labels import state_names
from views._data import encoded_points, load_tables, network_metrics
from views._facilities_shared import point_data, point_file
from views._url import bind_param, param_widget
from views._widgets import csv_download, data_table, static_map, units_map


def names(lang: str) -> dict:
    return state_names(load_tables().states, lang)


def onscreen_note(catalogue, lang: str) -> str:
    """The sentence that says which catalogue is on screen."""
    if network.is_embedded(catalogue):
        figures = network.network_figures(catalogue.table)
        return t("network.onscreen.embedded", lang, units=format_int(figures["units"], lang),
                 drawn=format_int(figures["drawn"], lang), flagged=format_int(figures["flagged"], lang),
                 imb=format_int(figures["imb_2026"], lang), states=format_int(figures["imb_states_2026"], lang))
    return t("network.onscreen.user", lang, release=catalogue.release or "—",
             files=", ".join(s.name for s in catalogue.sources))


def page(catalogue, lang: str, timing) -> None:
    """The embedded network's page: headline figures, the filtered map, then the tables beneath it."""
    state_names = names(lang)
    _headline(catalogue, lang)
    metrics = network_metrics()
    metric = st.selectbox(t("facilities.colour_by", lang), [None, *network.NETWORK_METRICS], key="network_metric",
                          placeholder=t("ui.choose_option", lang),
                          format_func=lambda m: t(f"facilities.metric.{m or 'none'}", lang))
    point_data(encoded_points(catalogue, lang))  # every point once, outside the map's fragment
    _facility_map(catalogue, state_names, metrics, metric, lang, timing)
    _counts_section(state_names, lang)
    _metrics_section(metrics, state_names, lang)
    _rule_section(catalogue, lang)
    _validation_section(catalogue, lang)


def _headline(catalogue, lang: str) -> None:
    st.info(onscreen_note(catalogue, lang) + " " + t("network.load_hint", lang), icon="🗂️")
    figures = network.network_figures(catalogue.table)
    cols = st.columns(4)
    cols[0].metric(t("network.kpi.units", lang), format_int(figures["units"], lang))
    cols[1].metric(t("network.kpi.drawn", lang), format_int(figures["drawn"], lang))
    cols[2].metric(t("network.kpi.hospitals", lang), format_int(figures["hospitals"], lang))
    cols[3].metric(t("network.kpi.imb_2026", lang), format_int(figures["imb_2026"], lang),
                   help=t("network.kpi.imb_2026_help", lang))


def _filters(state_names: dict, lang: str) -> tuple[list, list, str, bool]:
    """The map's filters: groups, inferred types, state ('' for all) and whether mobile units are drawn."""
    left, middle, right = st.columns([3, 3, 2])
    groups = left.multiselect(t("network.filter.groups", lang), list(clues.GROUPS), default=list(clues.GROUPS),
                              format_func=lambda g: t(f"facilities.group.{g}", lang), key="clues_groups",
                              placeholder=t("ui.choose_options", lang))
    types = middle.multiselect(t("network.filter.types", lang), list(network.UNIT_TYPES),
                               default=list(network.UNIT_TYPES),
                               format_func=lambda v: t(f"network.type.{v}", lang), key="network_types",
                               placeholder=t("ui.choose_options", lang))
    state = right.selectbox(t("network.filter.state", lang), ["", *state_names], key="network_state",
                            placeholder=t("ui.choose_option", lang),
                            format_func=lambda c: state_names[c] if c else t("network.filter.state_all", lang))
    # on its own line, as on the upload view: in a fourth narrow column its label was cut ('Unidades …')
    mobile = st.checkbox(t("network.filter.mobile", lang), value=False, key="clues_mobile",
                         help=t("network.filter.mobile_help", lang))
    return groups, types, state, mobile


def _empty_filter(groups: list, types: list, state: str, state_names: dict, lang: str) -> None:
    """An empty map says nothing: name the filters and what to do (as the upload view)."""
    chosen = [(t("network.filter.groups", lang), [t(f"facilities.group.{g}", lang) for g in groups]),
              (t("network.filter.types", lang), [t(f"network.type.{v}", lang) for v in types])]
    if state:
        chosen.append((t("network.filter.state", lang), [state_names[state]]))
    st.warning(labels.empty_filter(chosen, lang), icon="🔎")


@st.fragment
def _facility_map(catalogue, state_names: dict, metrics: pd.DataFrame, metric: str | None, lang: str,
                  timing) -> None:
    """Filters and map, rerun alone on a filter change; the map gets only which points are shown."""
    started = time.perf_counter()
    table = catalogue.table
    groups, types, state, mobile = _filters(state_names, lang)
    mask = network.points_mask(table, groups, types, cve_ent=state or None, include_mobile=mobile).to_numpy()
    st.caption(t("network.points_shown", lang, shown=format_int(int(mask.sum()), lang),
                 total=format_int(len(table), lang)))
    if not mask.any():
        _empty_filter(groups, types, state, state_names, lang)
        timing("map", started, points=0)
        return
    layers = encoded_points(catalogue, lang).subsets(mask)
    # the legend names only the groups and types the network has (per catalogue, not per filter: no re-mount)
    legend = facility_maps.legend_present(table)
    units_map(facility_maps.base_map(lang, metrics, metric, legend), f"facilities-map-{lang}",
              network_maps.with_fit(layers, network_maps.bounds_of(table[mask])), lang,
              layer_control=facility_maps.layer_control())
    timing("map", started, points=int(mask.sum()))
    st.caption(t("facilities.map.caption", lang))


def _counts_section(state_names: dict, lang: str) -> None:
    st.subheader(t("network.counts.heading", lang))
    st.caption(t("network.counts.caption", lang))
    counts = network.state_counts()
    shown = counts.copy()
    shown.insert(1, "state", shown["cve_ent"].map(state_names))
    columns = {"cve_ent": t("network.col.cve_ent", lang), "state": t("network.col.state", lang),
               "units_2023": t("network.counts.col.units_2023", lang),
               **{f"{g}_2023": f"{t(f'facilities.group.{g}', lang)} 2023" for g in clues.GROUPS if g != "imss_bienestar"},
               "ssa_2023": t("network.counts.col.ssa_2023", lang), "imb_2026": t("network.counts.col.imb_2026", lang),
               "ssa_2026": t("network.counts.col.ssa_2026", lang), "codes_2026": t("network.counts.col.codes_2026", lang)}
    data_table(shown[list(columns)].rename(columns=columns), lang)
    csv_download(t("network.counts.download", lang), counts, "clues-2023-2026-04-por-entidad.csv")


def _metrics_section(metrics: pd.DataFrame, state_names: dict, lang: str) -> None:
    st.subheader(t("network.metrics.heading", lang))
    st.caption(t("network.metrics.caption", lang))
    display = network.metrics_shown(metrics, state_names)
    data_table(display.rename(columns={c: t(f"network.col.{c}", lang) for c in display.columns}), lang)
    csv_download(t("network.metrics.download", lang), metrics, "indicadores-red-2023-2026-04.csv",
                 key="network_metrics_download")


def _rule_section(catalogue, lang: str) -> None:
    st.subheader(t("network.rule.heading", lang))
    match = catalogue.build.get("imss_bienestar_match", {})
    st.caption(t("network.rule.caption", lang, matched=format_int(match.get("matched", 0), lang),
                 directory=format_int(match.get("directory_units", 0), lang),
                 rate=format_pct(match.get("match_rate", 0.0), lang)))
    rules = pd.DataFrame(catalogue.build.get("type_rules", []))
    if not rules.empty:
        rules["type"] = rules["type"].map(lambda v: t(f"network.type.{v}", lang))
        st.dataframe(rules[["type", "pattern", "meaning", "names"]].rename(
            columns={c: t(f"network.rule.col.{c}", lang) for c in ("type", "pattern", "meaning", "names")}),
            hide_index=True, width="stretch")


def _validation_section(catalogue, lang: str) -> None:
    st.subheader(t("facilities.validation.heading", lang))
    issues = catalogue.issues
    st.warning(t("network.validation.some", lang, n=format_int(len(issues), lang)))
    st.dataframe({t(f"facilities.issue.{k}", lang): [format_int(v, lang)] for k, v in catalogue.issue_counts.items()
                  if v}, hide_index=True)
    st.dataframe(facility_display.issues_display(issues, lang), hide_index=True, width="stretch")
    csv_download(t("facilities.validation.download", lang), issues, "red-2023-coordenadas-marcadas.csv",
                 key="network_issues_download")


def state_section(code: str, catalogue, shown: pd.DataFrame, filters: dict, state_name: str, lang: str) -> None:
    """State page: one map of the municipalities (share without social security) and the facilities
    shown, fitted to the state; the 2023 → 2026-04 counts; the municipal figures with their bounds."""
    from coverage import municipalities

    counts = network.state_counts().set_index("cve_ent").loc[code]
    st.caption(t("network.state.counts", lang, state=state_name, ssa_2023=format_int(int(counts["ssa_2023"]), lang),
                 imb_2026=format_int(int(counts["imb_2026"]), lang), ssa_2026=format_int(int(counts["ssa_2026"]), lang)))
    points = clues.points(catalogue, cve_ent=code, groups=filters["groups"], types=filters["types"])
    layers = [network_maps.municipal_layer(lang, code), *facility_points.facility_groups(points, lang)]
    state_municipal = municipalities.features(cve_ent=code)
    bounds = _feature_bounds(state_municipal) or network_maps.bounds_of(points)
    static_map(network_maps.state_map(lang), f"state-facilities-{lang}", network_maps.with_fit(layers, bounds), 520)
    st.subheader(t("network.state.municipal_heading", lang))
    st.caption(t("network.state.municipal_caption", lang))
    frame = municipalities.census(cve_ent=code)[["name", "POBTOT", "no_ss", "no_ss_low", "no_ss_high", "share"]].copy()
    frame["share"] = (100 * frame["share"]).round(1)
    data_table(frame.rename(columns={c: t(f"network.municipal.col.{c}", lang) for c in frame.columns}), lang,
               height=260)


def _feature_bounds(features: list[dict]) -> list | None:
    import shapely
    from shapely.geometry import shape

    if not features:
        return None
    x0, y0, x1, y1 = shapely.total_bounds([shape(f["geometry"]) for f in features])
    return [[float(y0), float(x0)], [float(y1), float(x1)]]


LEVEL_KEY = "national_uninsured_level"
UNITS_KEY = "national_units"


def municipal_chosen() -> bool:
    """What ``municipal_choice`` will show, before it is drawn (the map is drawn first)."""
    level, _bad = urlstate.url_level(st.query_params.get(urlstate.LEVEL))
    return bind_param(LEVEL_KEY, urlstate.LEVEL, level) == "municipality"


def units_chosen() -> bool:
    """What ``units_toggle`` will show, before it is drawn (the map is drawn first)."""
    on, _bad = urlstate.url_switch(st.query_params.get(urlstate.UNITS))
    return bool(bind_param(UNITS_KEY, urlstate.UNITS, on))


def municipal_choice(lang: str) -> bool:
    """Under the "share without social security" colouring: by state (default) or by municipality, bound
    to ``?nivel=municipality`` so a copied link opens the same map."""
    level, bad = urlstate.url_level(st.query_params.get(urlstate.LEVEL))
    if bad:
        st.warning(t("map.notice.bad_level", lang, value=str(st.query_params.get(urlstate.LEVEL))[:30],
                     default=t("network.national.level.state", lang)), icon="⚠️")
    chosen = param_widget(st.segmented_control, t("network.national.level", lang), list(urlstate.LEVELS),
                          key=LEVEL_KEY, param=urlstate.LEVEL, value=level,
                          encode=lambda v: v if v == "municipality" else None,
                          format_func=lambda v: t(f"network.national.level.{v}", lang))
    return chosen == "municipality"


def units_toggle(lang: str) -> bool:
    """The national map's facility layer, off unless turned on; ``?unidades=1`` in the link turns it on."""
    on, bad = urlstate.url_switch(st.query_params.get(urlstate.UNITS))
    if bad:
        st.warning(t("map.notice.bad_units", lang, value=str(st.query_params.get(urlstate.UNITS))[:30]), icon="⚠️")
    return param_widget(st.toggle, t("network.national.layer", lang), key=UNITS_KEY, param=urlstate.UNITS,
                        value=on, encode=lambda v: "1" if v else None, help=t("network.national.layer_help", lang))


def national_unit_layers(lang: str) -> tuple[list, str, str | None]:
    """The clustered facility layers for the national map (loaded catalogue, else the embedded network),
    their caption, and the address of the embedded network's points as a static script for the base map
    (``point_file``); an uploaded catalogue's points go into the page instead (``point_data``), so call
    this before the map."""
    from views._facilities_shared import catalogue_or_network

    catalogue = catalogue_or_network()
    table = catalogue.table
    if network.is_embedded(catalogue):
        mask = network.points_mask(table).to_numpy()
        label = t("network.release_label", lang)
    else:
        mask = clues.points_mask(table).to_numpy()
        label = t("facilities.release", lang, release=catalogue.release or "—",
                  basis=t(f"facilities.basis.{catalogue.release_basis}", lang),
                  files=", ".join(s.name for s in catalogue.sources))
    caption = t("network.national.layer_caption", lang, label=label, shown=format_int(int(mask.sum()), lang))
    encoded = encoded_points(catalogue, lang)
    # the points once (only while the layer is on: its toggle re-mounts the map anyway); a date, colouring
    # or language change then re-sends only which are shown.  The embedded network's are a static file the
    # map's frame loads; an upload's (one file per upload would pile up in the static folder) go into the page.
    link = point_file(encoded) if network.is_embedded(catalogue) else None
    if link is None:
        point_data(encoded, shapes=False)
    return encoded.subsets(mask), caption, link
