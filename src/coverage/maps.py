"""Folium maps that work with no internet: Leaflet is served by the app, there is no tile layer.

The national map is split in two, following streamlit-folium's re-mount rule (engineering.md §2.3):
a *base* map that never changes for a given language (frame, legend, CSS), and the coloured state
layer, passed separately as ``feature_group_to_add``.  Moving the date therefore recolours the
states in place instead of reloading the map and losing the reader's zoom.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from coverage.i18n import format_partial, t
from coverage.tables import FILES, default_root

# Paul Tol's "muted" scheme: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "operating": "#117733",
    "signed": "#88CCEE",
    "in_process": "#DDCC77",
    "declined": "#CC6677",
    "outside": "#DDDDDD",
}
LEGEND_ORDER = ("operating", "signed", "in_process", "outside", "declined")
STATIC_PREFIX = "/app/static/vendor"
LEAFLET_JS = [("leaflet", f"{STATIC_PREFIX}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC_PREFIX}/leaflet/leaflet.css")]
MEXICO_CENTER = (23.8, -102.3)
SEA_COLOUR = "#eef3f7"


@lru_cache(maxsize=4)
def boundaries(path: Path | None = None) -> dict:
    """The simplified state boundaries as a GeoJSON dict (read once per process)."""
    path = path or default_root() / FILES["boundaries"]
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source_label(url: str) -> str:
    """A short, readable name for a source address: its host without 'www.'."""
    host = urlparse(url).netloc
    return host[4:] if host.startswith("www.") else host


class MetricScale(MacroElement):
    """Leaflet's scale bar in kilometres only (folium's ``control_scale`` adds miles too)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


def base_map(lang: str) -> folium.Map:
    """The unchanging frame: no tiles, local Leaflet, a sea-coloured background and the legend."""
    fmap = folium.Map(location=MEXICO_CENTER, zoom_start=5, tiles=None, min_zoom=4, maxZoom=18,
                      prefer_canvas=False)
    fmap.default_js = LEAFLET_JS
    fmap.default_css = LEAFLET_CSS
    MetricScale().add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(
        f"<style>.leaflet-container{{background:{SEA_COLOUR}}}"
        ".imss-legend{position:absolute;bottom:24px;left:10px;z-index:1000;background:#fff;"
        "padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}"
        ".imss-legend i{display:inline-block;width:12px;height:12px;margin-right:6px;"
        "vertical-align:-2px;border:1px solid #555}</style>"
    ))
    fmap.get_root().html.add_child(folium.Element(legend_html(lang)))
    return fmap


def legend_html(lang: str) -> str:
    items = "".join(
        f'<div><i style="background:{STATUS_COLOURS[s]}"></i>{html.escape(t("status." + s, lang))}</div>'
        for s in LEGEND_ORDER
    )
    return f'<div class="imss-legend" role="list" aria-label="{html.escape(t("map.legend", lang))}">' \
           f'<b>{html.escape(t("map.legend", lang))}</b>{items}</div>'


def status_features(table: pd.DataFrame, lang: str, geojson: dict | None = None) -> dict:
    """The boundaries with each state's status properties, every text escaped for HTML."""
    geojson = geojson or boundaries()
    rows = table.set_index("cve_ent")
    features = []
    for feature in geojson["features"]:
        code = feature["properties"]["cve_ent"]
        row = rows.loc[code]
        since = format_partial(row["since"], lang) or t("map.no_event", lang)
        possible = ""
        if row["possible_status"]:
            possible = f'{t("status." + row["possible_status"], lang)} ({format_partial(row["possible_since"], lang)})'
        props = {
            "cve_ent": code,
            "status": row["status"],
            "colour": STATUS_COLOURS[row["status"]],
            "state": row["state"],
            "status_label": t("status." + row["status"], lang),
            "since": since,
            "instrument": row["instrument"] or "—",
            "source": source_label(row["source_url"]) if row["source_url"] else "—",
            "possible": possible or "—",
        }
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {k: html.escape(str(v)) for k, v in props.items()},
        })
    return {"type": "FeatureCollection", "features": features}


def status_layer(table: pd.DataFrame, lang: str) -> folium.FeatureGroup:
    """The 32 states coloured by status, with a tooltip naming status, since-date and source."""
    group = folium.FeatureGroup(name=t("map.legend", lang), control=False)
    fields = ["state", "status_label", "since", "instrument", "source", "possible"]
    aliases = [t(f"map.tooltip.{k}", lang) for k in ("state", "status", "since", "instrument", "source", "possible")]
    folium.GeoJson(
        status_features(table, lang),
        name="states",
        style_function=lambda feature: {
            "fillColor": html.unescape(feature["properties"]["colour"]),
            "color": "#444444",
            "weight": 0.8,
            "fillOpacity": 0.85,
        },
        highlight_function=lambda feature: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    ).add_to(group)
    return group
