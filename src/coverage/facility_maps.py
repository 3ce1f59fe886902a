"""Folium layers for health facilities: one clustered layer per institution group, offline.

Follows engineering.md §2.4: no folium object per point and no per-point style function.  Each
institution group is one ``MacroElement`` that ships its points as compact arrays and builds canvas
circle markers in a loop, inside a ``L.markerClusterGroup`` (vendored, served from /app/static).
The groups travel as ``feature_group_to_add`` so that a filter change redraws the points without
re-mounting the map (§2.3); the base map (state colouring, legend) depends only on language and metric.
Every string from the catalogue is HTML-escaped in Python before it reaches the page.
"""

from __future__ import annotations

import html
import json
import math

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from coverage import clues, maps
from coverage.i18n import format_int, format_pct, t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
GROUP_COLOURS = {
    "imss_bienestar": "#009E73",
    "state": "#E69F00",
    "imss": "#0072B2",
    "issste": "#CC79A7",
    "other_public": "#56B4E9",
    "private": "#7F7F7F",
}
# Light greys for the state colouring, so the coloured points stay readable on top.
METRIC_RAMP = ["#f2f2f2", "#d9d9d9", "#bdbdbd", "#969696", "#737373"]
NO_DATA = "#ffffff"
MARKERCLUSTER = f"{maps.STATIC_PREFIX}/markercluster"
MARKER_JS = [("markercluster", f"{MARKERCLUSTER}/leaflet.markercluster.js")]
MARKER_CSS = [("markercluster_css", f"{MARKERCLUSTER}/MarkerCluster.css"),
              ("markercluster_default_css", f"{MARKERCLUSTER}/MarkerCluster.Default.css")]
TYPE_CODES = {"hospital": 0, "first_level": 1, "other": 2}
DISABLE_CLUSTERING_AT_ZOOM = 11


class FacilityLayer(MacroElement):
    """One institution group's points, clustered; hospitals drawn larger with a dark ring."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var pts = {{ this.points }}, lk = {{ this.lookups }}, colour = {{ this.colour|tojson }};
  var styles = [
    {radius: 7, color: "#000000", weight: 2, fillColor: colour, fillOpacity: 0.95},
    {radius: 4, color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.9},
    {radius: 3, color: colour, weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}
  ];
  var cluster = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
    disableClusteringAtZoom: {{ this.disable_at }}, spiderfyOnMaxZoom: false,
    iconCreateFunction: function(c) {
      var n = c.getChildCount(), size = n < 100 ? 30 : (n < 1000 ? 36 : 44);
      return L.divIcon({html: '<div style="background:' + colour + '"><span>' + n + '</span></div>',
                        className: 'imss-cluster', iconSize: L.point(size, size)});
    }
  });
  cluster._imssGroup = {{ this.group|tojson }};
  var markers = new Array(pts.length);
  for (var i = 0; i < pts.length; i++) {
    var p = pts[i], m = L.circleMarker([p[0], p[1]], styles[p[2]]);
    m._p = p;
    markers[i] = m;
  }
  cluster.addLayers(markers);
  cluster.on('mouseover', function(e) {
    var p = e.layer._p;
    if (!p || e.layer.getTooltip()) { return; }
    e.layer.bindTooltip('<b>' + p[3] + '</b><br>' + lk.labels[0] + ': ' + p[4] + '<br>' + lk.labels[1] + ': '
      + lk.inst[p[5]] + '<br>' + lk.labels[2] + ': ' + lk.types[p[2]] + '<br>' + lk.labels[3] + ': '
      + lk.muni[p[6]] + (p[7] ? '<br>' + lk.labels[4] + ': ' + p[7] : ''), {sticky: true}).openTooltip(e.latlng);
  });
  {{ this._parent.get_name() }}.addLayer(cluster);
})();
{% endmacro %}
""")

    def __init__(self, group: str, frame: pd.DataFrame, lang: str):
        super().__init__()
        self._name = "FacilityLayer"
        self.group = group
        self.colour = GROUP_COLOURS[group]
        self.disable_at = DISABLE_CLUSTERING_AT_ZOOM
        self.points, self.lookups = _encode(frame, lang)


def _encode(frame: pd.DataFrame, lang: str) -> tuple[str, str]:
    """Points as [lat, lon, type, name, clues, inst#, municipality#, transfer date] with escaped text."""
    esc = html.escape
    insts = list(dict.fromkeys(frame["inst_short"].astype(str)))
    place = (frame["municipality"].fillna("—").astype(str) + ", " + frame["cve_ent"].astype(str))
    munis = list(dict.fromkeys(place))
    inst_index = {name: i for i, name in enumerate(insts)}
    muni_index = {name: i for i, name in enumerate(munis)}
    transfer = frame["transfer_date"].dt.strftime("%d/%m/%Y").fillna("")
    rows = [
        [round(lat, 5), round(lon, 5), TYPE_CODES[kind], esc(name), esc(code), inst_index[inst], muni_index[mun], tr]
        for lat, lon, kind, name, code, inst, mun, tr in zip(
            frame["lat"], frame["lon"], frame["type"].astype(str), frame["name"].astype(str),
            frame["clues"].astype(str), frame["inst_short"].astype(str), place, transfer)
    ]
    lookups = {
        "inst": [esc(v) for v in insts],
        "muni": [esc(v) for v in munis],
        "types": [esc(t(f"facilities.type.{k}", lang)) for k in TYPE_CODES],
        "labels": [esc(t(f"facilities.tooltip.{k}", lang)) for k in ("clues", "institution", "type", "municipality",
                                                                   "transfer")],
    }
    dump = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    return dump(rows), dump(lookups)


def facility_groups(points: pd.DataFrame, lang: str) -> list[folium.FeatureGroup]:
    """One switchable FeatureGroup per institution group present in ``points`` (fixed map order)."""
    out = []
    for group in clues.GROUPS:
        frame = points[points["group"] == group]
        if frame.empty:
            continue
        label = f"{t(f'facilities.group.{group}', lang)} ({format_int(len(frame), lang)})"
        feature_group = folium.FeatureGroup(name=html.escape(label), show=True)
        FacilityLayer(group, frame, lang).add_to(feature_group)
        out.append(feature_group)
    return out


def layer_control() -> folium.LayerControl:
    return folium.LayerControl(collapsed=False, position="topright")


def _breaks(values: pd.Series) -> list[float]:
    known = values.dropna()
    if known.empty:
        return []
    qs = sorted(set(known.quantile([0.2, 0.4, 0.6, 0.8]).round(6)))
    return qs


def _class(value: float, breaks: list[float]) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    index = sum(value > b for b in breaks)
    return METRIC_RAMP[min(index, len(METRIC_RAMP) - 1)] if breaks else METRIC_RAMP[2]


def format_metric(metric: str, value: float, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("facilities.metric.no_data", lang)
    if metric == "imb_share_first_level":
        return format_pct(value, lang)
    if metric == "transferred":
        return format_int(value, lang)
    text = f"{value:.2f}"
    return text if lang == "en" else text  # decimal point in both (INEGI convention, see i18n)


def base_map(lang: str, metrics: pd.DataFrame | None, metric: str | None) -> folium.Map:
    """States (coloured by ``metric`` when given), local Leaflet + markercluster, legend; no points."""
    fmap = folium.Map(location=maps.MEXICO_CENTER, zoom_start=5, tiles=None, min_zoom=4, maxZoom=18,
                      prefer_canvas=True)
    fmap.default_js = maps.LEAFLET_JS + MARKER_JS
    fmap.default_css = maps.LEAFLET_CSS + MARKER_CSS
    maps.MetricScale().add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(
        f"<style>.leaflet-container{{background:{maps.SEA_COLOUR}}}"
        ".imss-cluster div{width:100%;height:100%;border-radius:50%;display:flex;align-items:center;"
        "justify-content:center;color:#fff;font:bold 12px sans-serif;border:2px solid #fff;"
        "box-shadow:0 0 3px rgba(0,0,0,.5);text-shadow:0 0 2px #000}"
        ".imss-legend{position:absolute;bottom:24px;left:10px;z-index:1000;background:#fff;"
        "padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}"
        ".imss-legend i{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-2px}"
        "</style>"
    ))
    rows = metrics.set_index("cve_ent") if metrics is not None else None
    breaks = _breaks(rows[metric]) if rows is not None and metric else []
    features = []
    for feature in maps.boundaries()["features"]:
        code = feature["properties"]["cve_ent"]
        name = feature["properties"]["name_es" if lang == "es" else "name_en"]
        value = rows.loc[code, metric] if rows is not None and metric else None
        props = {"state": html.escape(name),
                 "value": html.escape(format_metric(metric, value, lang)) if metric else "",
                 "fill": _class(value, breaks) if metric else METRIC_RAMP[0]}
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    fields, aliases = ["state"], [t("map.tooltip.state", lang)]
    if metric:
        fields.append("value")
        aliases.append(t(f"facilities.metric.{metric}", lang))
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="states", control=False,
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#555555", "weight": 0.7,
                                  "fillOpacity": 0.9},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    ).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(legend_html(lang, metric, breaks)))
    return fmap


def legend_html(lang: str, metric: str | None, breaks: list[float]) -> str:
    esc = html.escape
    groups = "".join(f'<div><i style="background:{GROUP_COLOURS[g]};border-radius:50%"></i>'
                     f'{esc(t(f"facilities.group.{g}", lang))}</div>' for g in clues.GROUPS)
    shapes = (f'<div><i style="background:#fff;border:2px solid #000;border-radius:50%;width:10px;height:10px">'
              f'</i>{esc(t("facilities.type.hospital", lang))}</div>'
              f'<div><i style="background:#999;border:1px solid #fff;border-radius:50%;width:7px;height:7px">'
              f'</i>{esc(t("facilities.type.first_level", lang))}</div>')
    ramp = ""
    if metric and breaks:
        edges = [None, *breaks]
        labels = []
        for i, low in enumerate(edges):
            label = ("≤ " + format_metric(metric, breaks[0], lang)) if low is None else (
                "> " + format_metric(metric, low, lang))
            labels.append(f'<div><i style="background:{METRIC_RAMP[i]};border:1px solid #555"></i>{esc(label)}</div>')
        ramp = f'<b>{esc(t(f"facilities.metric.{metric}", lang))}</b>{"".join(labels)}' \
               f'<div><i style="background:{NO_DATA};border:1px solid #555"></i>' \
               f'{esc(t("facilities.metric.no_data", lang))}</div>'
    title = esc(t("facilities.legend", lang))
    return f'<div class="imss-legend" role="list" aria-label="{title}"><b>{title}</b>{groups}{shapes}{ramp}</div>'


def metrics_display(metrics: pd.DataFrame, states: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The per-state metric table with every component, labelled in ``lang``, states in the file only."""
    names = states.set_index("cve_ent")["name_en" if lang == "en" else "name_es"]
    shown = metrics[metrics["in_catalogue"]].copy()
    shown.insert(1, "state", shown["cve_ent"].map(names))
    shown["first_transfer"] = shown["first_transfer"].dt.date
    shown["last_transfer"] = shown["last_transfer"].dt.date
    shown["imb_share_first_level"] = (100 * shown["imb_share_first_level"]).round(1)
    shown["units_per_10k"] = shown["units_per_10k"].round(2)
    shown["hospitals_per_10k"] = shown["hospitals_per_10k"].round(3)
    columns = ["cve_ent", "state", "uninsured", "public_units", "public_hospitals", "units_per_10k",
               "hospitals_per_10k", "first_level_public", "first_level_imb", "imb_share_first_level", "transferred",
               "first_transfer", "last_transfer"]
    return shown[columns].rename(columns={c: t(f"facilities.col.{c}", lang) for c in columns})


def issues_display(issues: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = issues.copy()
    shown["kind"] = shown["kind"].map(lambda k: t(f"facilities.issue.{k}", lang))
    return shown.rename(columns={c: t(f"facilities.issuecol.{c}", lang) for c in shown.columns})


def timeline_display(timeline: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = timeline.copy()
    shown["kind"] = shown["kind"].map(lambda k: t("facilities.timeline.transfer", lang) if k == "transfer"
                                      else t(f"status.{k}", lang))
    columns = ["date", "kind", "units", "cumulative", "source_url"]
    return shown[columns].rename(columns={c: t(f"facilities.timeline.col.{c}", lang) for c in columns})
