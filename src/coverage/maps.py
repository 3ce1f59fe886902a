"""Folium maps that work with no internet: Leaflet is served by the app, there is no tile layer.

The national map is split in two, following streamlit-folium's re-mount rule (engineering.md §2.3):
a *base* map that never changes for a given language (frame, legend, CSS), and the coloured state
layer, passed separately as ``feature_group_to_add``.  Moving the date therefore recolours the
states in place instead of reloading the map and losing the reader's zoom.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from coverage.i18n import format_int, format_partial, format_pct, t
from coverage.tables import FILES, default_root

# Paul Tol's "muted" scheme: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "operating": "#117733",
    "partial": "#44AA99",
    "signed": "#88CCEE",
    "in_process": "#DDCC77",
    "declined": "#CC6677",
    "outside": "#DDDDDD",
}
LEGEND_ORDER = ("operating", "partial", "signed", "in_process", "outside", "declined")
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


COLOURINGS = ("status", "delay", "uninsured", "access")  # "access": coverage.access_maps
# Delay classes on Paul Tol's muted scheme; "ahead" shares the operating green on purpose.
DELAY_COLOURS = {
    "ahead": "#117733",
    "late_90": "#DDCC77",
    "late_over_90": "#CC6677",
    "overdue": "#882255",
    "declined": "#332288",
    "not_due": "#88CCEE",
    "no_target": "#DDDDDD",
}
# Share of the population without health affiliation: ColorBrewer YlGnBu (sequential, colour-blind safe).
UNINSURED_CLASSES = ((0, 18, "#ffffcc"), (18, 22, "#a1dab4"), (22, 26, "#41b6c4"), (26, 30, "#2c7fb8"),
                     (30, 101, "#253494"))


@dataclass(frozen=True)
class Colouring:
    mode: str
    title: str
    colours: dict[str, str]  # cve_ent → fill colour
    legend: tuple[tuple[str, str], ...]  # (colour, label), in reading order


def uninsured_pct(status_table: pd.DataFrame) -> pd.Series:
    frame = status_table.set_index("cve_ent")
    return 100 * frame["uninsured_2020"] / frame["pop_2020"]


def colouring(mode: str, status_table: pd.DataFrame, gap_table: pd.DataFrame, lang: str) -> Colouring:
    """Fill colour of every state and the matching legend for one colouring mode."""
    if mode == "status":
        colours = dict(zip(status_table["cve_ent"], status_table["status"].map(STATUS_COLOURS)))
        legend = tuple((STATUS_COLOURS[s], t(f"status.{s}", lang)) for s in LEGEND_ORDER)
        return Colouring(mode, t("map.legend", lang), colours, legend)
    if mode == "delay":
        colours = dict(zip(gap_table["cve_ent"], gap_table["delay_class"].map(DELAY_COLOURS)))
        legend = tuple((DELAY_COLOURS[c], t(f"delay.{c}", lang)) for c in DELAY_COLOURS)
        return Colouring(mode, t("map.legend.delay", lang, target=gap_table["target_id"].iloc[0]), colours, legend)
    if mode == "uninsured":
        shares = uninsured_pct(status_table)
        colours = {code: next(c for low, high, c in UNINSURED_CLASSES if low <= share < high)
                   for code, share in shares.items()}
        labels = [t("map.class.below", lang, high=UNINSURED_CLASSES[0][1])]
        labels += [t("map.class.between", lang, low=low, high=high) for low, high, _ in UNINSURED_CLASSES[1:-1]]
        labels.append(t("map.class.above", lang, low=UNINSURED_CLASSES[-1][0]))
        legend = tuple(zip((c for _, _, c in UNINSURED_CLASSES), labels))
        return Colouring(mode, t("map.legend.uninsured", lang), colours, legend)
    raise ValueError(f"unknown colouring '{mode}'; choose one of {COLOURINGS}")


class TouchFriendly(MacroElement):
    """On touch devices one-finger drags scroll the page; two fingers still pinch-zoom the map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "if (L.Browser.mobile) { {{ this._parent.get_name() }}.dragging.disable(); }"
        "{% endmacro %}"
    )


def base_map(lang: str, paint: Colouring, note: str = "") -> folium.Map:
    """The frame: no tiles, local Leaflet, a sea-coloured background and the legend.

    It depends only on the language and the legend, so moving the date (which only recolours the
    state layer) never re-mounts the map.  ``note`` (escaped) is printed under the legend: the data's
    review date, so a screenshot of the map says how current it is.
    """
    # keyboard=False: a focusable map makes the browser scroll the page on press, losing the click on
    # a state.  scrollWheelZoom=False: the wheel scrolls the page, the map never traps it (zoom with
    # the buttons or a double click); on touch screens one finger scrolls the page too (TouchFriendly).
    fmap = folium.Map(location=MEXICO_CENTER, zoom_start=5, tiles=None, min_zoom=4, maxZoom=18, keyboard=False,
                      scrollWheelZoom=False, prefer_canvas=False)
    fmap.default_js = LEAFLET_JS
    fmap.default_css = LEAFLET_CSS
    MetricScale().add_to(fmap)
    TouchFriendly().add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(
        # The component's iframe must not scroll: a press on the map focuses it, the browser scrolls
        # it into view, and the release then lands elsewhere, so the click on a state is lost.
        f"<style>html,body{{overflow:hidden;margin:0}}.leaflet-container{{background:{SEA_COLOUR}}}"
        ".imss-legend{position:absolute;bottom:24px;left:10px;z-index:1000;background:#fff;"
        "padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}"
        ".imss-legend i{display:inline-block;width:12px;height:12px;margin-right:6px;"
        "vertical-align:-2px;border:1px solid #555}</style>"
    ))
    fmap.get_root().html.add_child(folium.Element(legend_html(paint, note)))
    return fmap


def legend_html(paint: Colouring, note: str = "") -> str:
    items = "".join(f'<div role="listitem"><i style="background:{colour}"></i>{html.escape(label)}</div>'
                    for colour, label in paint.legend)
    title = html.escape(paint.title)
    foot = f'<div class="imss-legend-note" style="max-width:220px;color:#444">{html.escape(note)}</div>' if note else ""
    return f'<div class="imss-legend" role="list" aria-label="{title}"><b>{title}</b>{items}{foot}</div>'


def state_features(status_table: pd.DataFrame, gap_table: pd.DataFrame, paint: Colouring, lang: str,
                   geojson: dict | None = None) -> dict:
    """The boundaries with each state's tooltip properties (every text escaped) and fill colour."""
    geojson = geojson or boundaries()
    rows = status_table.set_index("cve_ent")
    delays = gap_table.set_index("cve_ent")
    shares = uninsured_pct(status_table)
    features = []
    for feature in geojson["features"]:
        code = feature["properties"]["cve_ent"]
        row, delay = rows.loc[code], delays.loc[code]
        possible = ""
        if row["possible_status"]:
            possible = f'{t("status." + row["possible_status"], lang)} ({format_partial(row["possible_since"], lang)})'
        props = {
            "cve_ent": code,
            "status": row["status"],
            "delay_class": delay["delay_class"],
            "colour": paint.colours[code],
            "state": row["state"],
            "status_label": t("status." + row["status"], lang),
            "since": format_partial(row["since"], lang) or t("map.no_event", lang),
            "possible": possible or "—",
            "source": source_label(row["source_url"]) if row["source_url"] else "—",
            "target": f'{format_partial(delay["target_date"], lang)} ({delay["target_id"]})' if delay["target_date"] else "—",
            "actual": format_partial(delay["actual_date"], lang) or "—",
            "delay": describe_delay(delay, lang),
            "uninsured": f'{format_int(row["uninsured_2020"], lang)} ({format_pct(shares[code] / 100, lang)})',
        }
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {k: html.escape(str(v)) for k, v in props.items()},
        })
    return {"type": "FeatureCollection", "features": features}


def describe_delay(row, lang: str) -> str:
    """'265 días de retraso', 'entre 455 y 426 días antes', or the class when there is no delay."""
    if pd.isna(row["delay_days"]):
        return t(f"delay.{row['delay_class']}", lang)
    low, high = int(row["delay_min_days"]), int(row["delay_days"])
    key = "delay.days_late" if high > 0 else "delay.days_early"
    if low == high:
        return t(key, lang, days=format_int(abs(high), lang))
    first, second = sorted((abs(low), abs(high)))
    return t(key + "_range", lang, low=format_int(first, lang), high=format_int(second, lang))


TOOLTIP_FIELDS = ("state", "status_label", "since", "possible", "source", "target", "actual", "delay", "uninsured")


def states_layer(status_table: pd.DataFrame, gap_table: pd.DataFrame, paint: Colouring,
                 lang: str) -> folium.FeatureGroup:
    """The 32 states filled by the chosen colouring; the tooltip shows status, target, delay, sources."""
    group = folium.FeatureGroup(name=paint.title, control=False)
    folium.GeoJson(
        state_features(status_table, gap_table, paint, lang),
        name="states",
        style_function=lambda feature: {
            "fillColor": html.unescape(feature["properties"]["colour"]),
            "color": "#444444",
            "weight": 0.8,
            "fillOpacity": 0.85,
        },
        highlight_function=lambda feature: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=list(TOOLTIP_FIELDS),
                                      aliases=[t(f"map.tooltip.{f}", lang) for f in TOOLTIP_FIELDS], sticky=True),
    ).add_to(group)
    return group


def clicked_state(returned: dict | None) -> str | None:
    """The INEGI code of the state a user clicked, from st_folium's ``last_active_drawing``."""
    from coverage.tables import STATE_CODES

    feature = (returned or {}).get("last_active_drawing") or {}
    code = (feature.get("properties") or {}).get("cve_ent")
    return code if code in STATE_CODES else None
