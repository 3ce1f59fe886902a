"""Folium layers for health facilities: one clustered layer per institution group, offline.

Follows engineering.md §2.4: no folium object per point and no per-point style function.  Each
institution group is one ``MacroElement`` that ships its points as compact arrays and builds canvas
circle markers in a loop, inside a ``L.markerClusterGroup`` (vendored, served from /app/static).
The groups travel as ``feature_group_to_add`` so that a filter change redraws the points without
re-mounting the map (§2.3); the base map (state colouring, legend) depends only on language and metric.
Every string from the catalogue is HTML-escaped in Python before it reaches the page.

Speed at national size (~43,000 points): ``encode_catalogue`` encodes every drawable unit once,
vectorised (~0.2 s; the page caches it per catalogue content and language), and ``layers(mask)``
only joins the pre-encoded pieces of the selected rows (~0.03 s).  Big scripts are added as text, not
compiled as Jinja templates (``_BigScript``); the states layer's script is cached (``_states_js``).
In the browser the clusters are built with the group already on the map (markercluster otherwise
queues the markers with a linear duplicate check each), and a group whose points did not change is
reused from ``window.imssClusters`` instead of re-clustered.  bench/facilities_bench.py measures it.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from functools import lru_cache
import dataclasses
from dataclasses import dataclass

import folium
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from branca.element import Element, MacroElement
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


class _Raw(Element):
    """Already-rendered script text (branca would compile it as a Jinja template: ~0.1 s per MB)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _BigScript(MacroElement):
    """A MacroElement with only a ``script`` macro whose output is added to the page as is."""

    def render(self, **kwargs):
        figure = self.get_root()
        script = self._template.module.__dict__["script"](self, kwargs)
        figure.script.add_child(_Raw(script), name=self.get_name())


class FacilityLayer(_BigScript):
    """One institution group's points, clustered; hospitals drawn larger with a dark ring.

    Clusters are kept in ``window.imssClusters`` by content key, so a filter change that leaves a
    group's points as they were reuses its clusters instead of rebuilding them (entries not used by
    the previous or current update are dropped).

    The points travel column-wise: one flat number array (``POINT_FIELDS`` per point, coordinates
    as integers in 1e-4 degrees ≈ 11 m), and the names and CLUES codes as one ``|``-joined string
    each (already HTML-escaped, so ``|`` only appears as a separator).  Text shared by many points
    (institution, municipality, transfer date, labels) is looked up in ``window.imssLk``, set once by
    ``FacilityLookups`` in the first group.  Markers are built in one loop; tooltips on first hover.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var parent = {{ this._parent.get_name() }}, cache = window.imssClusters = window.imssClusters || {};
  {% if this._parent._parent %}if (!parent._map) { parent.addTo({{ this._parent._parent.get_name() }}); }{% endif %}
  var hit = cache[{{ this.key|tojson }}];
  if (hit) { hit.gen = window.imssGen; parent.addLayer(hit.cluster); return; }
  var data = (function() { return [{{ this.nums }}, {{ this.names }}, {{ this.codes }}]; })();
  var d = data[0], names = data[1].split('|'), codes = data[2].split('|');
  var colour = {{ this.colour|tojson }}, n = names.length, k = {{ this.width }};
  var styles = [
    {radius: 7, color: "#000000", weight: 2, fillColor: colour, fillOpacity: 0.95},
    {radius: 4, color: "#ffffff", weight: 1, fillColor: colour, fillOpacity: 0.9},
    {radius: 3, color: colour, weight: 1, fillColor: "#ffffff", fillOpacity: 0.9}
  ];
  var cluster = L.markerClusterGroup({
    chunkedLoading: false, showCoverageOnHover: false, maxClusterRadius: 45,
    disableClusteringAtZoom: {{ this.disable_at }}, spiderfyOnMaxZoom: false,
    iconCreateFunction: function(c) {
      var m = c.getChildCount(), size = m < 100 ? 30 : (m < 1000 ? 36 : 44);
      return L.divIcon({html: '<div style="background:' + colour + '"><span>' + m + '</span></div>',
                        className: 'imss-cluster', iconSize: L.point(size, size)});
    }
  });
  cluster._imssGroup = {{ this.group|tojson }};
  cluster.on('mouseover', function(e) {
    var i = e.layer._i, lk = window.imssLk, j = i * k;
    if (i === undefined || !lk || e.layer.getTooltip()) { return; }
    var tr = lk.dates[d[j + 5]];
    e.layer.bindTooltip('<b>' + names[i] + '</b><br>' + lk.labels[0] + ': ' + codes[i] + '<br>' + lk.labels[1]
      + ': ' + lk.inst[d[j + 3]] + '<br>' + lk.labels[2] + ': ' + lk.types[d[j + 2]] + '<br>' + lk.labels[3]
      + ': ' + lk.muni[d[j + 4]] + (tr ? '<br>' + lk.labels[4] + ': ' + tr : ''), {sticky: true})
      .openTooltip(e.latlng);
  });
  var markers = new Array(n);
  for (var i = 0, j = 0; i < n; i++, j += k) {
    var m = L.circleMarker([d[j] / 1e4, d[j + 1] / 1e4], styles[d[j + 2]]);
    m._i = i;
    markers[i] = m;
  }
  cache[{{ this.key|tojson }}] = {cluster: cluster, gen: window.imssGen};
  // On the map before the markers go in: markercluster then clusters them directly, instead of
  // queueing them with a linear duplicate check per marker (quadratic) and clustering on add.
  parent.addLayer(cluster);
  cluster.addLayers(markers);
})();
{% endmacro %}
""")

    def __init__(self, group: str, nums: str, names: str, codes: str, lookups_key: str = ""):
        super().__init__()
        self._name = "FacilityLayer"
        self.group = group
        self.colour = GROUP_COLOURS[group]
        self.disable_at = DISABLE_CLUSTERING_AT_ZOOM
        self.width = len(POINT_FIELDS)
        self.nums, self.names, self.codes = f"[{nums}]", _dump(names), _dump(codes)
        # Same key = same points, text and language: the browser reuses the clusters it already built.
        digest = hashlib.blake2b(digest_size=12)
        for part in (lookups_key, group, self.nums, self.names, self.codes):
            digest.update(part.encode("utf-8") + b"\0")
        self.key = digest.hexdigest()


class FacilityLookups(_BigScript):
    """The text that the points refer to by number, once for all groups (``window.imssLk``)."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.imssGen = (window.imssGen || 0) + 1;
window.imssLk = {{ this.lookups }};
(function(c) { for (var k in c) { if (c[k].gen < window.imssGen - 1) { delete c[k]; } } })(window.imssClusters || {});
{% endmacro %}
""")

    def __init__(self, lookups: str):
        super().__init__()
        self._name = "FacilityLookups"
        self.lookups = lookups


POINT_FIELDS = ("lat", "lon", "type", "inst", "muni", "transfer")


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _escape_all(values: pd.Series) -> np.ndarray:
    """``html.escape`` of every value (vectorised); ``|`` (our separator) and line breaks neutralised."""
    text = pa.array(values.astype("string").fillna(""), type=pa.large_string())
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"),
                     ("|", "&#124;"), ("\n", " "), ("\r", " ")):
        text = pc.replace_substring(text, old, new)
    return text.to_numpy(zero_copy_only=False).astype(object)


def _joined_ints(*columns: np.ndarray) -> np.ndarray:
    """Per row, the integers of ``columns`` joined by commas (vectorised)."""
    parts = [pc.cast(pa.array(c, type=pa.int64()), pa.string()) for c in columns]
    return pc.binary_join_element_wise(*parts, ",").to_numpy(zero_copy_only=False).astype(object)


@dataclass(frozen=True)
class EncodedPoints:
    """Map-ready text for every row of a point table, computed once (vectorised) and then only sliced.

    ``layers(mask)`` joins the pre-encoded pieces of the selected rows, so a filter change costs a
    few string joins instead of a pass over the points.  Treat as read-only: it is shared between
    sessions by the page's cache.
    """

    group: np.ndarray
    nums: np.ndarray  # one "lat,lon,type,inst,muni,transfer" token per point
    names: np.ndarray
    codes: np.ndarray
    lookups: str  # JSON, language-specific labels included
    lang: str
    positions: np.ndarray | None = None  # rows of the source table encoded here (None: all of them)

    @property
    def lookups_key(self) -> str:
        return hashlib.blake2b(self.lookups.encode("utf-8"), digest_size=12).hexdigest()

    def __len__(self) -> int:
        return len(self.nums)

    def layers(self, mask=None) -> list[folium.FeatureGroup]:
        """One switchable FeatureGroup per institution group among the selected rows (fixed map order)."""
        if mask is None:
            mask = np.ones(len(self), dtype=bool)
        else:
            mask = np.asarray(mask, dtype=bool)
            if self.positions is not None:  # a mask over the whole table: keep the encoded rows
                mask = mask[self.positions]
        out: list[folium.FeatureGroup] = []
        for group in clues.GROUPS:
            chosen = mask & (self.group == group)
            count = int(chosen.sum())
            if not count:
                continue
            label = f"{t(f'facilities.group.{group}', self.lang)} ({format_int(count, self.lang)})"
            feature_group = folium.FeatureGroup(name=html.escape(label), show=True)
            if not out:
                FacilityLookups(self.lookups).add_to(feature_group)
            FacilityLayer(group, ",".join(self.nums[chosen]), "|".join(self.names[chosen]),
                          "|".join(self.codes[chosen]), self.lookups_key).add_to(feature_group)
            out.append(feature_group)
        return out


def _index(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    codes, uniques = pd.factorize(values, sort=False)
    return codes, [str(v) for v in np.asarray(uniques, dtype=object)]


def encode_points(frame: pd.DataFrame, lang: str) -> EncodedPoints:
    """Encode a point table (``clues.points`` rows, or the whole normalised table) for ``layers``.

    Vectorised (pandas/pyarrow): ~0.1 s for 50,000 rows.  Coordinates are rounded to 1e-4 degrees.
    """
    esc = html.escape
    lat = np.nan_to_num(np.round(frame["lat"].to_numpy(dtype="float64", na_value=np.nan) * 1e4)).astype("int64")
    lon = np.nan_to_num(np.round(frame["lon"].to_numpy(dtype="float64", na_value=np.nan) * 1e4)).astype("int64")
    kind = frame["type"].astype(str).map(TYPE_CODES).fillna(TYPE_CODES["other"]).to_numpy(dtype="int64")
    inst, insts = _index(frame["inst_short"].astype("string").fillna(""))
    place = frame["municipality"].astype("string").fillna("—") + ", " + frame["cve_ent"].astype("string").fillna("")
    muni, munis = _index(place)
    transfer = frame["transfer_date"].dt.strftime("%d/%m/%Y").astype("string").fillna("")
    date, dates = _index(pd.concat([pd.Series([""], dtype="string"), transfer], ignore_index=True))
    lookups = {
        "inst": [esc(v) for v in insts],
        "muni": [esc(v) for v in munis],
        "dates": [esc(v) for v in dates],
        "types": [esc(t(f"facilities.type.{k}", lang)) for k in TYPE_CODES],
        "labels": [esc(t(f"facilities.tooltip.{k}", lang)) for k in ("clues", "institution", "type", "municipality",
                                                                   "transfer")],
    }
    return EncodedPoints(group=frame["group"].astype(str).to_numpy(dtype=object),
                         nums=_joined_ints(lat, lon, kind, inst, muni, date[1:]),
                         names=_escape_all(frame["name"]), codes=_escape_all(frame["clues"]),
                         lookups=_dump(lookups), lang=lang)


def encode_catalogue(table: pd.DataFrame, lang: str) -> EncodedPoints:
    """``encode_points`` of the rows that can ever be drawn (operating, with usable coordinates);
    ``layers`` then takes a mask over the whole ``table``, e.g. ``clues.points_mask(table, ...)``."""
    positions = np.flatnonzero(((table["status"] == "operating") & table["mappable"]).to_numpy(dtype=bool))
    encoded = encode_points(table.iloc[positions], lang)
    return dataclasses.replace(encoded, positions=positions)


def facility_groups(points: pd.DataFrame, lang: str) -> list[folium.FeatureGroup]:
    """One switchable FeatureGroup per institution group present in ``points`` (fixed map order)."""
    return encode_points(points, lang).layers()


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
    if metric.startswith("imb_share"):
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
    breaks = _breaks(metrics[metric]) if metrics is not None and metric else []
    StatesLayer(_states_js(lang, metric, _metric_values(metrics, metric))).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(legend_html(lang, metric, breaks)))
    return fmap


class StatesLayer(_BigScript):
    """The 32 states, filled by class, with a tooltip table (state, metric value).

    Its data and code are built once per language, metric and values (``_states_js``, cached) and
    added as they are: rebuilding a folium.GeoJson and compiling its script as a template on every
    rerun cost ~0.2 s.  Every text is escaped in Python; fill colours are from our fixed palette.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.body }};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, body: str):
        super().__init__()
        self._name = "StatesLayer"
        self.body = body


def _metric_values(metrics: pd.DataFrame | None, metric: str | None) -> tuple:
    if metrics is None or not metric:
        return ()
    return tuple((str(code), None if pd.isna(value) else float(value))
                 for code, value in zip(metrics["cve_ent"], metrics[metric]))


@lru_cache(maxsize=32)
def _states_js(lang: str, metric: str | None, values: tuple) -> str:
    """The states layer's constructor expression (L.geoJson with style and tooltip)."""
    esc = html.escape
    by_code = dict(values)
    breaks = _breaks(pd.Series([v for v in by_code.values()], dtype="float64")) if metric else []
    features = []
    for feature in maps.boundaries()["features"]:
        code = feature["properties"]["cve_ent"]
        name = feature["properties"]["name_es" if lang == "es" else "name_en"]
        value = by_code.get(code) if metric else None
        props = {"state": esc(name),
                 "value": esc(format_metric(metric, value, lang)) if metric else "",
                 "fill": _class(value, breaks) if metric else METRIC_RAMP[0]}
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    fields, aliases = ["state"], [t("map.tooltip.state", lang)]
    if metric:
        fields.append("value")
        aliases.append(t(f"facilities.metric.{metric}", lang))
    data = _dump({"type": "FeatureCollection", "features": features})
    return ("L.geoJson(" + data + ", {style: function(f) { return {fillColor: f.properties.fill, color: '#555555', "
            "weight: 0.7, fillOpacity: 0.9}; }}).bindTooltip(function(layer) { var p = layer.feature.properties, "
            "f = " + _dump(fields) + ", a = " + _dump([esc(x) for x in aliases]) + "; return '<table>' + "
            "f.map(function(k, i) { return '<tr><th>' + a[i] + '</th><td>' + p[k] + '</td></tr>'; }).join('') "
            "+ '</table>'; }, {sticky: true, className: 'foliumtooltip'})")


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
