"""Map pieces for the embedded data: the municipal share layer, fitting the view, clusters on other maps.

The municipal layer ships the compact, delta-coded polygons of ``geodata/municipalities`` as they are
and rebuilds the rings in the browser (one loop), drawn on a canvas with one style function reading
each feature's fill: no folium object per municipality and no per-feature style in Python (§2.4).
Every text (names, formatted figures, labels) is HTML-escaped in Python.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

import folium
import pandas as pd
from branca.element import Element
from jinja2 import Template

from coverage import facility_maps, maps, municipalities
from coverage.i18n import format_int, format_pct, t


class FitBounds(facility_maps._BigScript):
    """Fits the map to the shown points each time the layers are (re)drawn; no re-mount needed."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var parent = {{ this._parent.get_name() }};
  {% if this._parent._parent %}if (!parent._map) { parent.addTo({{ this._parent._parent.get_name() }}); }{% endif %}
  var map = parent._map;
  if (map) { map.fitBounds({{ this.bounds }}, {maxZoom: {{ this.max_zoom }}, padding: [12, 12]}); }
})();
{% endmacro %}
""")

    def __init__(self, bounds: list, max_zoom: int = 12):
        super().__init__()
        self._name = "FitBounds"
        self.bounds = json.dumps(bounds)
        self.max_zoom = max_zoom


def bounds_of(frame: pd.DataFrame) -> list | None:
    """[[south, west], [north, east]] of the rows' coordinates, or None when there are none."""
    if frame.empty:
        return None
    return [[float(frame["lat"].min()), float(frame["lon"].min())], [float(frame["lat"].max()), float(frame["lon"].max())]]


def with_fit(groups: list[folium.FeatureGroup], bounds: list | None) -> list[folium.FeatureGroup]:
    """Adds the fit to the first layer (or to an empty one when nothing is shown)."""
    if bounds is None:
        return groups
    if not groups:
        groups = [folium.FeatureGroup(name="fit", control=False)]
    FitBounds(bounds).add_to(groups[0])
    return groups


def with_clusters(fmap: folium.Map) -> folium.Map:
    """A base map that can also carry the clustered facility layers (markercluster, served locally)."""
    fmap.default_js = list(fmap.default_js) + [j for j in facility_maps.MARKER_JS if j not in fmap.default_js]
    fmap.default_css = list(fmap.default_css) + [c for c in facility_maps.MARKER_CSS if c not in fmap.default_css]
    fmap.get_root().header.add_child(Element(
        "<style>.imss-cluster div{width:100%;height:100%;border-radius:50%;display:flex;align-items:center;"
        "justify-content:center;color:#fff;font:bold 12px sans-serif;border:2px solid #fff;"
        "box-shadow:0 0 3px rgba(0,0,0,.5);text-shadow:0 0 2px #000}</style>"))
    return fmap


class MunicipalLayer(facility_maps._BigScript):
    """Municipalities filled by their share without social security (canvas), with a tooltip."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var parent = {{ this._parent.get_name() }};
  {% if this._parent._parent %}if (!parent._map) { parent.addTo({{ this._parent._parent.get_name() }}); }{% endif %}
  var g = {{ this.grid }}, rows = {{ this.rows }}, lab = {{ this.labels }};
  function ring(r) {
    var out = new Array(r.length / 2 + 1), x = 0, y = 0;
    for (var i = 0, j = 0; i < r.length; i += 2, j++) { x += r[i]; y += r[i + 1]; out[j] = [x * g, y * g]; }
    out[out.length - 1] = out[0];
    return out;
  }
  var features = new Array(rows.length);
  for (var k = 0; k < rows.length; k++) {
    var f = rows[k];
    features[k] = {type: 'Feature', properties: {n: f[0], s: f[1], b: f[2], p: f[3], c: f[4]},
                   geometry: {type: 'MultiPolygon', coordinates: f[5].map(function(rs) { return rs.map(ring); })}};
  }
  var layer = L.geoJson({type: 'FeatureCollection', features: features}, {
    renderer: L.canvas({padding: 0.2}),
    style: function(f) { return {fillColor: f.properties.c, color: '#555555', weight: {{ this.weight }},
                                 fillOpacity: {{ this.opacity }}}; }
  });
  layer.bindTooltip(function(l) { var p = l.feature.properties;
    return '<b>' + p.n + '</b><br>' + lab[0] + ': ' + p.s + '<br>' + lab[1] + ': ' + p.b + '<br>' + lab[2] + ': ' + p.p; },
    {sticky: true});
  layer._imssMunicipal = rows.length;
  parent.addLayer(layer);
})();
{% endmacro %}
""")

    def __init__(self, rows: str, labels: str, grid: float, weight: float, opacity: float):
        super().__init__()
        self._name = "MunicipalLayer"
        self.rows, self.labels, self.grid = rows, labels, grid
        self.weight, self.opacity = weight, opacity


@lru_cache(maxsize=1)
def _compact():
    from pathlib import Path

    from coverage.tables import default_root

    data = json.loads((Path(default_root()) / municipalities.BOUNDARIES_FILE).read_text(encoding="utf-8"))
    return float(data["grid"]), {f["cvegeo"]: f["polygons"] for f in data["features"]}


@lru_cache(maxsize=16)
def _rows_json(lang: str, cve_ent: str | None) -> str:
    grid, polygons = _compact()
    frame = municipalities.census(cve_ent=cve_ent)
    esc = html.escape
    rows = []
    state_names = _state_names(lang)
    for r in frame.itertuples():
        name = f"{r.name}, {state_names.get(r.cve_ent, r.cve_ent)}"
        share = format_pct(r.share, lang) if pd.notna(r.share) else "—"
        bounds = f"{format_pct(r.share_low, lang)} – {format_pct(r.share_high, lang)}" if pd.notna(r.share) else "—"
        people = f"{format_int(r.no_ss, lang)} / {format_int(r.POBTOT, lang)}"
        rows.append([esc(name), esc(share), esc(bounds), esc(people), municipalities.share_colour(r.share),
                     polygons[r.cvegeo]])
    return facility_maps._dump(rows)


@lru_cache(maxsize=2)
def _state_names(lang: str) -> dict:
    from coverage import tables

    frame = pd.read_csv(tables.default_root() / tables.FILES["states"], dtype=str, keep_default_na=False)
    return dict(zip(frame["cve_ent"], frame["name_en" if lang == "en" else "name_es"]))


def municipal_layer(lang: str, cve_ent: str | None = None) -> folium.FeatureGroup:
    """The municipalities (all, or one state's) as one layer; ~1.4 MB for the whole country."""
    grid, _ = _compact()
    group = folium.FeatureGroup(name=html.escape(t("network.municipal.legend", lang)), control=False)
    labels = facility_maps._dump([html.escape(t(f"network.municipal.tooltip.{k}", lang))
                                  for k in ("share", "bounds", "people")])
    MunicipalLayer(_rows_json(lang, cve_ent), labels, grid, 0.25 if cve_ent is None else 0.6,
                   0.85 if cve_ent is None else 0.7).add_to(group)
    return group


def municipal_legend(lang: str) -> maps.Colouring:
    classes = municipalities.SHARE_CLASSES
    labels = [t("network.municipal.class.below", lang, high=classes[0][1])]
    labels += [t("network.municipal.class.between", lang, low=low, high=high) for low, high, _ in classes[1:-1]]
    labels.append(t("network.municipal.class.above", lang, low=classes[-1][0]))
    legend = tuple(zip((c for _, _, c in classes), labels))
    return maps.Colouring("municipal", t("network.municipal.legend", lang), {}, legend)


def state_map(lang: str) -> folium.Map:
    """A base map for one state's municipalities and facilities: share legend, clusters available."""
    fmap = maps.base_map_with_legend(lang, municipal_legend(lang))
    return with_clusters(fmap)
