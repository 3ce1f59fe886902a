"""The access-gap widgets: locality catalogue (upload / $COVERAGE_LOCALITIES / embedded), the scope
and distance controls bound to the URL (``?alcance=hospital&km=30``), the cached nearest-unit
search, the national and state views, the ranking tables and the method section of ``/fuentes``.

Each piece is one function so the pages only call it; everything computed comes from
``coverage.access``.
"""

from __future__ import annotations

import json
import os

import pandas as pd
import streamlit as st

from coverage import access, access_maps, exports
from coverage import localities as L
from coverage.i18n import format_int, format_partial, format_pct, t
from views._data import embedded_localities, embedded_network, env_localities, load_tables, nearest, uploaded_localities
from views._url import ACCESS_CONTROLS_KEY, bind_param, param_widget
from views._widgets import data_table

SCOPE_PARAM, KM_PARAM = "alcance", "km"
SCOPE_KEY, KM_KEY = "_access_scope", "_access_km"
UPLOAD_KEY = "access_localities_upload"
SESSION_KEY = "_access_localities"
MAX_POINTS = 3000  # the layer stays light; tables and CSV keep every locality


# ------------------------------------------------------------------------------------ data in use

def current_localities() -> L.Localities:
    """This session's upload, else $COVERAGE_LOCALITIES, else the embedded 1,000+ table."""
    uploaded = st.session_state.get(SESSION_KEY)
    if uploaded is not None:
        return uploaded
    spec = os.environ.get(L.ENV_VAR)
    if spec:
        places, _ = env_localities(spec)
        if places is not None:
            return places
    return embedded_localities()


def current_units():
    """The CLUES catalogue loaded on the facilities page, else the embedded national network."""
    from views._facilities_shared import catalogue_or_network

    return catalogue_or_network()


def catalogue_label(units, lang: str) -> str:
    if getattr(units, "embedded", False):
        return t("access.catalogue.embedded", lang)
    return t("access.catalogue.loaded", lang, release=getattr(units, "release", None) or "—")


# ------------------------------------------------------------------------------------ controls

def error_text(exc: L.LocalitiesError, lang: str) -> str:
    values = {"name": "", "columns": "", **{k: str(v) for k, v in exc.values.items()}}
    return t(f"access.error.{exc.code}", lang, **values)


def localities_loader(lang: str) -> L.Localities:
    """Upload widget for a full INEGI catalogue, its validation report, and the table in use."""
    limit = int(st.get_option("server.maxUploadSize"))
    upload = st.file_uploader(t("access.loader.label", lang, mb=limit), type=["csv", "txt", "parquet"],
                              help=t("access.loader.help", lang), key=UPLOAD_KEY)
    if upload is not None:
        data = upload.getvalue()
        try:
            import hashlib

            st.session_state[SESSION_KEY] = uploaded_localities(hashlib.sha256(data).hexdigest(), upload.name, data)
        except L.LocalitiesError as exc:
            st.session_state[SESSION_KEY] = None
            st.error(error_text(exc, lang), icon="🚫")
    else:
        st.session_state[SESSION_KEY] = None
    spec = os.environ.get(L.ENV_VAR)
    if spec and st.session_state.get(SESSION_KEY) is None:
        _, error = env_localities(spec)
        if error is not None:
            st.error(t("access.loader.env_error", lang, reason=error_text(error, lang)), icon="🚫")
    places = current_localities()
    if places.embedded:
        st.caption(t("access.loader.using_embedded", lang))
    else:
        summary = places.summary()
        st.caption(t("access.loader.using", lang, source=places.source, localities=format_int(summary["localities"], lang),
                     people=format_int(summary["population_known"], lang)))
        st.caption(report_text(places, lang))
        if len(places.issues):
            st.download_button(t("access.loader.download_issues", lang), data=lambda: exports.csv_bytes(places.issues),
                               file_name="localidades-revision.csv", mime="text/csv", on_click="ignore",
                               key="access-issues-download")
    return places


def report_text(places: L.Localities, lang: str) -> str:
    parts = [f"{format_int(n, lang)} {t(f'access.issue.{kind}', lang)}" for kind, n in places.issue_counts.items() if n]
    return t("access.loader.report", lang, report="; ".join(parts)) if parts else t("access.loader.report_clean", lang)


def _url_scope_km(lang: str) -> tuple[str, float]:
    """The scope and distance in the URL, with a notice for a value that cannot be used."""
    raw_scope, raw_km = st.query_params.get(SCOPE_PARAM), st.query_params.get(KM_PARAM)
    scope = "first_level"
    if raw_scope is not None:
        if raw_scope in access.SCOPES:
            scope = raw_scope
        else:
            st.warning(t("access.notice.bad_scope", lang, value=str(raw_scope)[:30],
                         default=access_maps.scope_label(scope, lang)), icon="⚠️")
    km = float(access.DEFAULT_KM[scope])
    if raw_km is not None:
        try:
            km = access.check_km(raw_km)
        except access.AccessError:
            st.warning(t("access.notice.bad_km", lang, value=str(raw_km)[:20], default=f"{km:g}"), icon="⚠️")
    return scope, km


def controls(lang: str, default_km: float | None = None, narrow: bool = False) -> tuple[str, float]:
    """Scope select, preset buttons and the 1–100 km slider; both values live in the URL.

    ``narrow``: stacked for a side column (the national map's), instead of scope and presets side by side."""
    scope, km = _url_scope_km(lang)
    if default_km is not None and KM_PARAM not in st.query_params and KM_KEY not in st.session_state:
        km = default_km
    km = int(round(km)) if float(km).is_integer() else km

    def scope_changed() -> None:  # after the scope is in the URL: its default distance
        chosen = st.session_state[SCOPE_KEY]
        st.session_state[KM_KEY] = access.DEFAULT_KM[chosen]
        st.query_params[KM_PARAM] = str(access.DEFAULT_KM[chosen])

    def preset(value: int) -> None:
        st.session_state[KM_KEY] = value
        st.query_params[KM_PARAM] = str(value)
        st.query_params[SCOPE_PARAM] = st.session_state[SCOPE_KEY]

    shown_km = bind_param(KM_KEY, KM_PARAM, km)  # the preset buttons, drawn first, show it
    left, right = (st.container(), st.container()) if narrow else st.columns([2, 3])
    with left:
        scope = param_widget(st.selectbox, t("access.control.scope", lang), list(access.SCOPES), key=SCOPE_KEY,
                             param=SCOPE_PARAM, value=scope, encode=str, on_change=scope_changed,
                             format_func=lambda s: access_maps.scope_label(s, lang))
    with right:
        presets = access.PRESETS[scope]
        st.caption(t("access.control.presets", lang))
        buttons = st.columns(len(presets))
        for column, value in zip(buttons, presets):
            column.button(f"{value} km", key=f"access-preset-{value}", on_click=preset, args=(value,),
                          type="primary" if shown_km == value else "secondary", width="stretch")
    km = param_widget(st.slider, t("access.control.km", lang), key=KM_KEY, param=KM_PARAM,
                      value=km, encode=lambda v: f"{v:g}",
                      min_value=access.KM_MIN, max_value=access.KM_MAX, step=1, help=t("access.control.km_help", lang))
    return scope, float(km)


# ------------------------------------------------------------------------------------ views

def headline(result: access.Nearest, km: float, lang: str, cve_ent: str | None = None, narrow: bool = False) -> dict:
    """The sentence and four figures (in one row, or two by two when ``narrow``)."""
    summary = access.summary(result, km, cve_ent)
    if summary["units"] == 0 or summary["localities_measured"] == 0:
        st.warning(t("access.headline_none", lang), icon="⚠️")
        return summary
    share = summary["share_beyond"]
    st.markdown(t("access.headline", lang, people=format_int(summary["people_beyond"], lang),
                  share=format_pct(share, lang) if share is not None else "—", km=f"{km:g}",
                  scope=access_maps.scope_label(result.scope, lang).lower()))
    columns = [*st.columns(2), *st.columns(2)] if narrow else st.columns(4)
    columns[0].metric(t("access.metric.people_beyond", lang, km=f"{km:g}"), format_int(summary["people_beyond"], lang))
    columns[1].metric(t("access.metric.share_beyond", lang), format_pct(share, lang) if share is not None else "—")
    columns[2].metric(t("access.metric.localities_beyond", lang, km=f"{km:g}"),
                      format_int(summary["localities_beyond"], lang))
    columns[3].metric(t("access.metric.max_km", lang), f"{summary['max_km']:.1f} km" if summary["max_km"] else "—")
    return summary


def caveats(result: access.Nearest, places: L.Localities, units, lang: str) -> None:
    if places.embedded:
        people = int(places.table["population"].sum())
        total = int(load_tables().census["POBTOT"].sum())
        st.info(t("access.caption.embedded", lang, people=format_int(people, lang), share=format_pct(people / total, lang)),
                icon="ℹ️")
    else:
        st.caption(t("access.caption.full", lang, source=places.source, localities=format_int(len(places.table), lang),
                     masked=format_int(int(places.table["masked"].sum()), lang)))
    st.caption(t("access.caption.units", lang, units=format_int(result.units, lang),
                 scope=access_maps.scope_label(result.scope, lang), catalogue=catalogue_label(units, lang)))
    if result.partial:
        st.caption(t("access.caption.partial", lang))


def _display(frame: pd.DataFrame, lang: str, km: float) -> pd.DataFrame:
    names = {"state": "access.col.state", "status": "access.col.status", "since": "access.col.since",
             "municipality": "access.col.municipality", "population": "access.col.population",
             "people_beyond": "access.col.people_beyond", "share_beyond": "access.col.share_beyond",
             "localities_beyond": "access.col.localities_beyond",
             "localities_beyond_unknown_population": "access.col.unknown", "max_km": "access.col.max_km",
             "farthest_locality": "access.col.farthest", "units": "access.col.units"}
    shown = frame[[c for c in names if c in frame.columns]].copy()
    if "status" in shown:
        shown["status"] = shown["status"].map(lambda s: t(f"status.{s}", lang) if isinstance(s, str) else "")
    if "since" in shown:
        shown["since"] = shown["since"].map(lambda v: format_partial(v, lang) if isinstance(v, str) and v else "")
    shown["share_beyond"] = (100 * shown["share_beyond"]).round(2)
    shown["max_km"] = shown["max_km"].round(1)
    # A municipality with no locality in the table has no share, distance or farthest locality: the
    # cells stay missing and the grid writes "—" (views._widgets.data_table), so the share and the
    # distance still sort as numbers (they were text, and "9,5" came after "12,3")
    return shown.rename(columns={c: t(k, lang).replace("X", f"{km:g}") for c, k in names.items()})


def ranking(frame: pd.DataFrame, title: str, file_name: str, lang: str, km: float, key: str) -> None:
    """The table sorted by share beyond X km, and its CSV download (every column, unrounded)."""
    st.subheader(title)
    ordered = frame.sort_values(["share_beyond", "people_beyond"], ascending=False, na_position="last")
    data_table(_display(ordered, lang, km), lang, height=360)
    st.download_button(t("access.ranking.download", lang), data=lambda: exports.csv_bytes(ordered),
                       file_name=file_name, mime="text/csv", on_click="ignore", key=key)


def national_view(status_table: pd.DataFrame, lang: str):
    """Controls and headline for the national map in access mode; returns (colouring, layer, state rows)."""
    with st.container(key=ACCESS_CONTROLS_KEY):  # (in the column beside the map; above it on a phone)
        scope, km = controls(lang, default_km=10, narrow=True)
    places, units = current_localities(), current_units()
    result = nearest(places, units, scope)
    gap = access.with_status(access.state_gap(result, km), status_table)
    headline(result, km, lang, narrow=True)
    paint = access_maps.colouring(gap, "cve_ent", km, scope, lang)
    # The base map carries the legend: a title without X keeps it identical when X changes (no re-mount).
    paint = access_maps.Colouring(paint.mode, t("access.legend_generic", lang), paint.colours, paint.legend)
    return paint, access_maps.states_paint(gap, paint, km, lang), gap, (result, places, units, km)


def national_tables(context, gap: pd.DataFrame, lang: str) -> None:
    """Below the national map: the caveats and the ranking of states with its CSV."""
    result, places, units, km = context
    caveats(result, places, units, lang)
    ranking(gap, t("access.ranking.states", lang, km=f"{km:g}"), f"acceso-estados-{result.scope}-{km:g}km.csv",
            lang, km, "access-states-download")


def municipal_geojson(cve_ent: str) -> dict | None:
    """The state's embedded municipal polygons (``properties.cvegeo``, ``name``)."""
    try:
        from coverage import municipalities
    except ImportError:
        return None
    return {"type": "FeatureCollection", "features": municipalities.features(cve_ent=cve_ent)}


def state_view(cve_ent: str, status_table: pd.DataFrame, lang: str) -> dict | None:
    """The access section of a state page: controls, headline, map, rankings, downloads, loader.

    Returns the figures for the snapshot manifest (None when nothing was measured)."""
    import folium
    from streamlit_folium import st_folium

    st.subheader(t("access.heading", lang))
    with st.expander(t("access.loader.heading", lang), expanded=not current_localities().embedded):
        places = localities_loader(lang)
    scope, km = controls(lang)
    units = current_units()
    result = nearest(places, units, scope)
    summary = headline(result, km, lang, cve_ent)
    caveats(result, places, units, lang)
    municipal = access.municipal_gap(result, km, cve_ent)
    municipal["municipality"] = access.census_names(municipal["cvegeo"], municipal["municipality"])
    points = access.underserved(result, km, cve_ent)
    points["municipality"] = access.census_names(points["cve_ent"] + points["cve_mun"], points["municipality"])
    state_rows = result.table[(result.table["cve_ent"] == cve_ent) & result.table["measured"]]
    if len(state_rows):
        group = folium.FeatureGroup(name=t("access.layer.localities", lang, km=f"{km:g}"), control=False)
        shapes = municipal_geojson(cve_ent)
        if shapes is not None:
            paint = access_maps.colouring(municipal, "cvegeo", km, scope, lang)
            access_maps.municipal_layer(municipal, paint, km, lang, shapes, group)
        else:
            st.caption(t("access.map.no_boundaries", lang))
        access_maps.localities_layer(points.head(MAX_POINTS), km, lang, group)
        st_folium(
            access_maps.state_base_map(lang, shares=shapes is not None),
            key=f"state-access-{lang}",
            feature_group_to_add=group,
            center=(float(state_rows["lat"].mean()), float(state_rows["lon"].mean())),
            zoom=8,
            returned_objects=[],
            use_container_width=True,
            height=520,
        )
        st.caption(t("access.map.caption" if shapes is not None else "access.map.caption_points", lang, km=f"{km:g}"))
        if len(points) > MAX_POINTS:
            st.caption(t("access.underserved.capped", lang, shown=format_int(MAX_POINTS, lang),
                         total=format_int(len(points), lang)))
    every = access.with_every_municipality(municipal, cve_ent)  # incl. those with no locality in the table
    with_status = status_table[["cve_ent", "state", "status", "since"]].merge(every, on="cve_ent", how="right")
    ranking(with_status, t("access.ranking.municipalities", lang, km=f"{km:g}"),
            f"acceso-municipios-{cve_ent}-{scope}-{km:g}km.csv", lang, km, "access-municipal-download")
    st.subheader(t("access.underserved.heading", lang, km=f"{km:g}"))
    if points.empty:
        st.caption(t("access.underserved.none", lang, km=f"{km:g}"))
    else:
        data_table(points[["name", "municipality", "population", "dist_km", "unit_name", "unit_inst"]].rename(columns={
            "name": t("access.col.locality", lang), "municipality": t("access.col.municipality", lang),
            "population": t("access.col.loc_population", lang), "dist_km": t("access.col.distance", lang),
            "unit_name": t("access.col.unit", lang), "unit_inst": t("access.col.unit_inst", lang)}).round(
            {t("access.col.distance", lang): 1}), lang, height=320)
        st.download_button(t("access.underserved.download", lang), data=lambda: exports.csv_bytes(points),
                           file_name=f"acceso-localidades-{cve_ent}-{scope}-{km:g}km.csv", mime="text/csv",
                           on_click="ignore", key="access-localities-download")
    return access.snapshot_figures(result, km, cve_ent, municipal) if summary["localities_measured"] else None


# ------------------------------------------------------------------------------------ /fuentes

def _finding() -> dict | None:
    path = load_tables().root / "access" / "hidalgo_finding.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def method_section(lang: str) -> None:
    """Every component of the measure, its caveats, and the Hidalgo full-vs-1,000+ finding."""
    places = embedded_localities()
    people = int(places.table["population"].sum())
    total = int(load_tables().census["POBTOT"].sum())
    units = embedded_network()
    result = nearest(places, units, "first_level")
    planar = access.summary(result, 5)["planar_vs_geodesic_max_pct"]
    st.subheader(t("access.method.heading", lang))
    st.write(t("access.method.intro", lang))
    st.markdown(t("access.method.steps", lang, localities=format_int(len(places.table), lang),
                  people=format_int(people, lang), share=format_pct(people / total, lang),
                  planar=f"{planar:.2f}" if planar is not None else "—"))
    counts = pd.DataFrame([{t("access.control.scope", lang): access_maps.scope_label(s, lang),
                            "n": format_int(len(access.scope_units(units, s)), lang)} for s in access.SCOPES])
    st.caption(t("access.method.units_table", lang))
    st.dataframe(counts.rename(columns={"n": t("access.method.units_count", lang)}), hide_index=True)
    st.markdown(t("access.method.caveats", lang))
    finding = _finding()
    if finding is None:
        return
    st.markdown(f"**{t('access.method.finding_heading', lang)}**")
    first = next(r for r in finding["scopes"]["first_level"] if r["km"] == access.DEFAULT_KM["first_level"])
    hosp = next(r for r in finding["scopes"]["hospital"] if r["km"] == access.DEFAULT_KM["hospital"])
    hosp10 = next(r for r in finding["scopes"]["hospital"] if r["km"] == 10)
    pct = lambda v: format_pct(v, lang) if v is not None else "—"  # noqa: E731
    st.markdown(t("access.method.finding", lang,
                  full_localities=format_int(finding["full"]["localities"], lang),
                  full_people=format_int(finding["full"]["people"], lang),
                  sub_localities=format_int(finding["subset"]["localities"], lang),
                  km_fl=first["km"], full_beyond_fl=format_int(first["full"]["people_beyond"], lang),
                  full_loc_fl=format_int(first["full"]["localities_beyond"], lang),
                  sub_beyond_fl=format_int(first["subset"]["people_beyond"], lang),
                  sub_loc_fl=format_int(first["subset"]["localities_beyond"], lang),
                  missed_fl=format_int(first["missed_people"], lang), missed_share_fl=pct(first["missed_share"]),
                  km_h=hosp["km"], full_beyond_h=format_int(hosp["full"]["people_beyond"], lang),
                  sub_beyond_h=format_int(hosp["subset"]["people_beyond"], lang),
                  missed_h=format_int(hosp["missed_people"], lang), missed_share_h=pct(hosp["missed_share"]),
                  sub_beyond_h10=format_int(hosp10["subset"]["people_beyond"], lang),
                  sub_share_h10=pct(hosp10["subset"]["people_beyond"] / finding["subset"]["people"])))
    rows = []
    for scope, entries in finding["scopes"].items():
        for row in entries:
            rows.append({t("access.control.scope", lang): access_maps.scope_label(scope, lang), "km": row["km"],
                         t("access.method.col_full", lang): row["full"]["people_beyond"],
                         t("access.method.col_subset", lang): row["subset"]["people_beyond"],
                         t("access.method.col_missed", lang): row["missed_people"]})
    data_table(pd.DataFrame(rows), lang)
    st.caption(t("access.method.finding_inputs", lang, ageeml=finding["ageeml"]["file"],
                 ageeml_sha=finding["ageeml"]["sha256"][:12],
                 localities_masked=format_int(finding["full"]["localities_masked"], lang)))
