"""Folium layers for health facilities: one clustered layer per institution group, offline.

Follows engineering.md §2.4: no folium object per point and no per-point style function.  Each
institution group is one ``MacroElement`` that ships its points as compact arrays and builds canvas
circle markers only for what the view shows, clustered per zoom by supercluster (vendored, served from
/app/static; ``static/point_clusters.js``).
The groups travel as ``feature_group_to_add`` so that a filter change redraws the points without
re-mounting the map (§2.3); the base map (state colouring, legend) depends only on language and metric.
Every string from the catalogue is HTML-escaped in Python before it reaches the page.

Speed at national size (~43,000 points): ``facility_points`` encodes every drawable unit once and
then only slices; the layers' scripts are package files added as text (``map_elements``).  The points
and the state shapes go into the page once (``facility_points.EncodedPoints.data``, ``states_data``)
and a filter sends only a bitset per group and the states' fills (issue 14).  In the browser each
group's shown points are indexed once and a view draws only its clusters and dots; a group whose
bitset did not change keeps its index.  bench/facilities_bench.py measures it.

Here: the base map (states, legend); the points are ``facility_points``, the tables
``facility_display``, the colours ``palette``.
"""

from __future__ import annotations

import hashlib
import html
import math
from functools import lru_cache

import folium
import pandas as pd

from coverage import clues, maps
from coverage.facility_display import format_metric
from coverage.i18n import t
from coverage.labels import state_name_column
from coverage.map_css import CLUSTER_CSS, legend_css
from coverage.map_elements import BigScript, PointClusters, TooltipInside, script_template
from coverage.map_elements import dump as _dump
from coverage.palette import GROUP_COLOURS, METRIC_RAMP, NO_DATA

MARKER_JS = [("supercluster", f"{maps.STATIC_PREFIX}/supercluster/supercluster.min.js")]


def add_clustering(fmap: folium.Map) -> folium.Map:
    """What a map needs before its facility layers: supercluster (served locally), the layers' code
    (``map_elements.PointClusters``) and the cluster badges' style."""
    fmap.default_js = list(fmap.default_js) + [j for j in MARKER_JS if j not in fmap.default_js]
    fmap.get_root().header.add_child(folium.Element(f"<style>{CLUSTER_CSS}</style>"))
    PointClusters().add_to(fmap)
    return fmap


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


def base_map(lang: str, metrics: pd.DataFrame | None, metric: str | None,
             present: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> folium.Map:
    """States (coloured by ``metric`` when given), local Leaflet + supercluster, legend; no points.

    ``present`` (``legend_present``): the groups and types the catalogue has, so the legend names only
    those; it is per catalogue, not per filter, so that filtering does not re-mount the map."""
    fmap = folium.Map(location=maps.MEXICO_CENTER, zoom_start=5, tiles=None, min_zoom=4, maxZoom=18,
                      prefer_canvas=True)
    fmap.default_js = list(maps.LEAFLET_JS)
    fmap.default_css = list(maps.LEAFLET_CSS)
    maps.MetricScale().add_to(fmap)
    TooltipInside().add_to(fmap)  # a unit's tooltip is never cut by the map's edge
    fmap.get_root().header.add_child(folium.Element(
        f"<style>.leaflet-container{{background:{maps.SEA_COLOUR}}}{legend_css(placed=True)}</style>"
    ))
    add_clustering(fmap)
    breaks = _breaks(metrics[metric]) if metrics is not None and metric else []
    FacilityStates(**_states_parts(lang, metric, _metric_values(metrics, metric))).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(legend_html(lang, metric, breaks, present)))
    return fmap


def _metric_values(metrics: pd.DataFrame | None, metric: str | None) -> tuple:
    if metrics is None or not metric:
        return ()
    return tuple((str(code), None if pd.isna(value) else float(value))
                 for code, value in zip(metrics["cve_ent"], metrics[metric]))


class FacilityStates(BigScript):
    """The 32 states, filled by class, with a tooltip table (state, metric value).  Their shapes are not
    in the map: the page sends them once (``states_data``, with the points), so a filter rerun, which
    re-sends the whole map, carries only the fills and texts (~3 kB instead of ~290 kB)."""

    _template = script_template("facility_states.js")


@lru_cache(maxsize=1)
def states_data() -> tuple[str, str]:
    """(key, script): the state shapes (``maps.boundaries`` order) for the app window, ``window.imssShapes[key]``."""
    data = _dump([feature["geometry"] for feature in maps.boundaries()["features"]])
    key = hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()
    return key, ("<script>(function(w) { var s = w.imssShapes = w.imssShapes || {}; if (!s['" + key + "']) { s['"
                 + key + "'] = " + data + "; } })(window);</script>")


@lru_cache(maxsize=32)
def _states_parts(lang: str, metric: str | None, values: tuple) -> dict:
    """The states layer's fills and escaped texts, in ``maps.boundaries`` order (shapes: ``states_data``)."""
    esc = html.escape
    by_code = dict(values)
    breaks = _breaks(pd.Series([v for v in by_code.values()], dtype="float64")) if metric else []
    props = []
    for feature in maps.boundaries()["features"]:
        code = feature["properties"]["cve_ent"]
        name = feature["properties"][state_name_column(lang)]
        value = by_code.get(code) if metric else None
        props.append({"state": esc(name),
                      "value": esc(format_metric(metric, value, lang)) if metric else "",
                      "fill": _class(value, breaks) if metric else METRIC_RAMP[0]})
    fields, aliases = ["state"], [t("map.tooltip.state", lang)]
    if metric:
        fields.append("value")
        aliases.append(t(f"facilities.metric.{metric}", lang))
    return {"key": states_data()[0], "props": _dump(props), "fields": _dump(fields),
            "aliases": _dump([esc(x) for x in aliases])}


def legend_present(table: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The institution groups and unit types among the catalogue's operating units (for ``base_map``)."""
    operating = table[table["status"] == "operating"]
    return (tuple(g for g in clues.GROUPS if (operating["group"] == g).any()),
            tuple(v for v in clues.TYPES if (operating["type"] == v).any()))


def legend_html(lang: str, metric: str | None, breaks: list[float],
                present: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> str:
    esc = html.escape
    groups_on, types_on = present if present is not None else (clues.GROUPS, clues.TYPES)
    groups = "".join(f'<div><i style="background:{GROUP_COLOURS[g]};border-radius:50%"></i>'
                     f'{esc(t(f"facilities.group.{g}", lang))}</div>' for g in clues.GROUPS if g in groups_on)
    hospital = (f'<div><i style="background:#fff;border:2px solid #000;border-radius:50%;width:10px;height:10px">'
                f'</i>{esc(t("facilities.type.hospital", lang))}</div>') if "hospital" in types_on else ""
    shapes = (f'{hospital}'
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
