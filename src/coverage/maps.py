"""Folium maps that work with no internet: Leaflet is served by the app, there is no tile layer.

The national map is split in two, following streamlit-folium's re-mount rule (engineering.md §2.3):
a *base* map that never changes (frame, CSS, and the neighbours, the 32 state shapes and their
abbreviations, drawn once per mount: ``national_base_map``), and a tiny ``feature_group_to_add``
(``states_paint``) whose script gives the shapes already on screen their fills and tooltip texts, and
carries the legend.  Moving the date, the colouring or the language therefore recolours the states
in place: the map keeps the reader's zoom and the geometry is not sent again.

streamlit-folium sends the whole base script with every rerun's element (only the feature group is
evaluated again in the browser), so the geometry is not in it: it is the app's static file
``static/geo/national.js`` (``GEO_FILE``, written by ``write_geo_file``), which the frame loads once,
like Leaflet.  When that file is missing or stale the geometry is inlined in the base map instead.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from coverage import labels
from coverage.html_table import host
from coverage.i18n import format_int, format_partial, format_pct, t
from coverage.map_css import legend_css
from coverage.map_names import ScriptTexts, name_the_map
from coverage.resources import STATIC_ROOT, static_address, write_static
from coverage.palette import DELAY_COLOURS, NEIGHBOUR_FILL, SEA_COLOUR, STATUS_COLOURS, UNINSURED_CLASSES
from coverage.tables import FILES, default_root

# The colour tables (STATUS_COLOURS, DELAY_COLOURS, UNINSURED_CLASSES, SEA_COLOUR, NEIGHBOUR_FILL) are
# coverage.palette's, importable from here as before.
LEGEND_ORDER = ("operating", "partial", "signed", "in_process", "outside", "declined")
STATIC_PREFIX = f"{STATIC_ROOT}/vendor"
LEAFLET_JS = [("leaflet", f"{STATIC_PREFIX}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC_PREFIX}/leaflet/leaflet.css")]
MEXICO_CENTER = (23.8, -102.3)
MEXICO_BOUNDS = [(14.5, -117.2), (32.75, -86.7)]  # mainland and near islands (not the Revillagigedo)
FIT_LEGEND_ROOM = 124  # px kept free under the country when the map opens: a phone's legend and scale bar


@lru_cache(maxsize=4)
def boundaries(path: Path | None = None) -> dict:
    """The simplified state boundaries as a GeoJSON dict (read once per process)."""
    path = path or default_root() / FILES["boundaries"]
    return json.loads(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def neighbours() -> dict:
    """The countries around Mexico (geodata/neighbours.geojson, built by geodata/neighbours/), context only."""
    return json.loads((default_root() / "neighbours.geojson").read_text(encoding="utf-8"))


def source_label(url: str) -> str:
    """A short, readable name for a source address: its host name without 'www.' and without a port
    (Hidalgo's source is http://elquinto.mx:8080/…; a reader wants "elquinto.mx"), as a table's link shows it."""
    return host(url)


class MetricScale(MacroElement):
    """Leaflet's scale bar in kilometres only (folium's ``control_scale`` adds miles too)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


COLOURINGS = ("status", "delay", "uninsured", "access")  # "access": coverage.access_maps


@dataclass(frozen=True)
class Colouring:
    mode: str
    title: str
    colours: dict[str, str]  # cve_ent → fill colour
    legend: tuple[tuple[str, str], ...]  # (colour, label), in reading order


def uninsured_pct(status_table: pd.DataFrame) -> pd.Series:
    frame = status_table.set_index("cve_ent")
    return 100 * frame["uninsured_2020"] / frame["pop_2020"]


def _target_name(gap_row: pd.Series) -> str:
    """Who announced the target and when (a caller's own gap table may carry only the id)."""
    return gap_row.get("target_source") or gap_row["target_id"]


def colouring(mode: str, status_table: pd.DataFrame, gap_table: pd.DataFrame, lang: str) -> Colouring:
    """Fill colour of every state and the matching legend for one colouring mode."""
    if mode == "status":
        colours = dict(zip(status_table["cve_ent"], status_table["status"].map(STATUS_COLOURS)))
        legend = tuple((STATUS_COLOURS[s], labels.status_label(s, lang)) for s in LEGEND_ORDER)
        return Colouring(mode, t("map.legend", lang), colours, legend)
    if mode == "delay":
        colours = dict(zip(gap_table["cve_ent"], gap_table["delay_class"].map(DELAY_COLOURS)))
        legend = tuple((DELAY_COLOURS[c], labels.delay_label(c, lang)) for c in DELAY_COLOURS)
        return Colouring(mode, t("map.legend.delay", lang, target=_target_name(gap_table.iloc[0])), colours, legend)
    if mode == "uninsured":
        shares = uninsured_pct(status_table)
        colours = {code: next(c for low, high, c in UNINSURED_CLASSES if low <= share < high)
                   for code, share in shares.items()}
        texts = [t("map.class.below", lang, high=UNINSURED_CLASSES[0][1])]
        texts += [t("map.class.between", lang, low=low, high=high) for low, high, _ in UNINSURED_CLASSES[1:-1]]
        texts.append(t("map.class.above", lang, low=UNINSURED_CLASSES[-1][0]))
        legend = tuple(zip((c for _, _, c in UNINSURED_CLASSES), texts))
        return Colouring(mode, t("map.legend.uninsured", lang), colours, legend)
    raise ValueError(f"unknown colouring '{mode}'; choose one of {COLOURINGS}")


NEIGHBOUR_STYLE = {"fillColor": NEIGHBOUR_FILL, "color": "#bbbbbb", "weight": 0.6, "fillOpacity": 1}


class TouchFriendly(MacroElement):
    """On touch devices one-finger drags scroll the page; two fingers still pinch-zoom the map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "if (L.Browser.mobile) { {{ this._parent.get_name() }}.dragging.disable(); }"
        "{% endmacro %}"
    )


class RefitUntilTouched(MacroElement):
    """Fits the map again to its last fit whenever its frame changes size, until the reader zooms or
    pans it.  Leaflet keeps the centre and zoom on a resize: a frame first laid out narrower or shorter
    than it ends up (a phone while Streamlit settles its columns, a window resized, a phone turned)
    left the country at a third of the map's width.  Must be added before the first ``fit_bounds``."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function () {"
        "  var m = {{ this._parent.get_name() }}, fit = m.fitBounds, last = null, touched = false;"
        # never animated: a test (and a reader) caught the opening fit half-way, the country a third narrower
        "  m.fitBounds = function (bounds, options) {"
        "    last = [bounds, L.extend({}, options, {animate: false})]; return fit.apply(m, last); };"
        "  function touch() { touched = true; }"
        "  m.on('dragstart boxzoomend', touch);"
        "  var box = m.getContainer();"
        "  box.addEventListener('dblclick', touch);"
        "  box.addEventListener('touchstart', function (e) { if (e.touches.length > 1) { touch(); } }, {passive: true});"
        "  if (m.zoomControl) { m.zoomControl.getContainer().addEventListener('click', touch); }"
        "  m.on('resize', function () {"
        "    if (last && !touched) { fit.apply(m, last); }"
        "  });"
        "})();"
        "{% endmacro %}"
    )


def base_map(with_neighbours: bool = True) -> folium.Map:
    """The frame: no tiles, local Leaflet, a sea-coloured background, the neighbouring countries.

    It depends on nothing the reader chooses (the legend, the labels and the map's accessible name
    travel with the state layer), so moving the date, the colouring or the language recolours the
    states in place and never re-mounts the map.
    """
    # keyboard=False: a focusable map makes the browser scroll the page on press, losing the click on
    # a state.  scrollWheelZoom=False: the wheel scrolls the page, the map never traps it (zoom with
    # the buttons or a double click); on touch screens one finger scrolls the page too (TouchFriendly).
    # zoomSnap 0.1 and fit_bounds: the whole country fits snugly whatever the frame's width (a phone too)
    fmap = folium.Map(location=MEXICO_CENTER, zoom_start=5, tiles=None, min_zoom=3, maxZoom=18, keyboard=False,
                      scrollWheelZoom=False, prefer_canvas=False, zoomSnap=0.1, zoomDelta=0.5)
    from coverage.map_elements import TooltipInside

    RefitUntilTouched().add_to(fmap)
    TooltipInside().add_to(fmap)  # a tooltip following the pointer is never cut by the map's edge
    # the room at the bottom is the legend's (bottom left, over the Pacific): the country sits above it
    fmap.fit_bounds(MEXICO_BOUNDS, padding_top_left=(6, 6), padding_bottom_right=(6, FIT_LEGEND_ROOM))
    fmap.default_js = LEAFLET_JS
    fmap.default_css = LEAFLET_CSS
    if with_neighbours:  # (the national map draws them from its static geometry: NationalStates)
        folium.GeoJson(neighbours(), name="neighbours", control=False, interactive=False,
                       style_function=lambda _: NEIGHBOUR_STYLE).add_to(fmap)
    MetricScale().add_to(fmap)
    TouchFriendly().add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(
        # The component's iframe must not scroll: a press on the map focuses it, the browser scrolls
        # it into view, and the release then lands elsewhere, so the click on a state is lost.
        f"<style>html,body{{overflow:hidden;margin:0}}.leaflet-container{{background:{SEA_COLOUR}}}"
        + legend_css() +
        # the tooltip above the legend and the zoom buttons, opaque, never wider than a phone
        ".leaflet-tooltip-pane{z-index:900}.leaflet-map-pane{z-index:auto}"
        ".imss-tip{opacity:1!important;max-width:240px;white-space:normal;font:13px/1.35 sans-serif}"
        ".imss-tip b{font-size:14px}"
        ".imss-abbr{background:none;border:none;box-shadow:none;font:600 10px sans-serif;color:#222;"
        "text-shadow:0 0 2px #fff,0 0 2px #fff;pointer-events:none}"
        ".imss-abbr:before{display:none}</style>"
    ))
    return fmap


class LayerExtras(ScriptTexts):
    """Runs with the state layer each time it is replaced: the legend (a Leaflet control, so it moves
    with the layer instead of re-mounting the map), the map's accessible name, and the shapes taken
    out of the tab order (the same data is in the table under the map, which the name points to)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function () {"
        "  var m = map_div;"
        "  if (window.imssLegend) { window.imssLegend.remove(); }"
        "  var legend = L.control({position: 'bottomleft'});"
        "  legend.onAdd = function () { var d = L.DomUtil.create('div', 'imss-legend');"
        "    d.innerHTML = {{ this.legend_json }}; return d; };"
        "  legend.addTo(m); window.imssLegend = legend;"
        + name_the_map("{{ this.name_json }}") +
        "  setTimeout(function () { m.getContainer().querySelectorAll('path.leaflet-interactive')"
        "    .forEach(function (p) { p.setAttribute('tabindex', '-1'); p.setAttribute('aria-hidden', 'true'); }); }, 0);"
        "})();"
        "{% endmacro %}"
    )

    def __init__(self, legend: str, name: str):
        super().__init__("LayerExtras", legend=legend, name=name)


def base_map_with_legend(lang: str, paint: Colouring, note: str = "") -> folium.Map:
    """The frame with a legend that never changes (a state's own map): the legend, the accessible name
    and the tab-order fix ride on the map itself instead of on a layer."""
    fmap = base_map()
    LayerExtras(legend_html(paint, note), t("ui.map.name", lang, title=paint.title)).add_to(fmap)
    return fmap


def legend_html(paint: Colouring, note: str = "") -> str:
    """The legend's inside (the box is the Leaflet control made by :class:`LayerExtras`); ``note``
    (escaped) goes under it: the data's review date, so a screenshot of the map says how current it is."""
    items = "".join(f'<div role="listitem"><i style="background:{colour}"></i>{html.escape(label)}</div>'
                    for colour, label in paint.legend)
    title = html.escape(paint.title)
    foot = f'<div class="imss-legend-note" style="max-width:220px;color:#444">{html.escape(note)}</div>' if note else ""
    return f'<b>{title}</b><div role="list" aria-label="{title}">{items}</div>{foot}'


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
        props = {
            "cve_ent": code,
            "status_since": labels.status_since(row, lang),
            "third": _third_line(paint, shares[code], delay, lang),
            "status": row["status"],
            "delay_class": delay["delay_class"],
            "colour": paint.colours[code],
            "state": row["state"],
            "status_label": labels.status_label(row["status"], lang),
            "since": format_partial(row["since"], lang) or t("map.no_event", lang),
            "possible": labels.possible_change(row, lang) or "—",
            "source": source_label(row["source_url"]) if row["source_url"] else "—",
            "target": f'{format_partial(delay["target_date"], lang)} ({_target_name(delay)})' if delay["target_date"] else "—",
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


def _third_line(paint: Colouring, share_pct: float, delay, lang: str) -> str:
    """The tooltip's last line: the share without insurance in that colouring, else the delay."""
    if paint.mode == "uninsured":
        return t("ui.map.uninsured_share", lang, share=format_pct(share_pct / 100, lang))
    return describe_delay(delay, lang)


def describe_delay(row, lang: str) -> str:
    """'265 días de retraso', 'entre 455 y 426 días antes', or the class when there is no delay."""
    if pd.isna(row["delay_days"]):
        return labels.delay_label(row["delay_class"], lang)
    low, high = int(row["delay_min_days"]), int(row["delay_days"])
    key = "delay.days_late" if high > 0 else "delay.days_early"
    if low == high:
        return t(key, lang, days=format_int(abs(high), lang))
    first, second = sorted((abs(low), abs(high)))
    return t(key + "_range", lang, low=format_int(first, lang), high=format_int(second, lang))


# The tooltip stays small (name, status since when, delay or share); the rest is in the side panel.
TOOLTIP_FIELDS = ("state", "status_since", "third")


NO_FILL = "#dddddd"  # a state the colouring has no value for (before the first rerun paints it)
STATE_TIP = {"direction": "top", "offset": [0, -8], "sticky": False, "className": "imss-tip"}
# folium's GeoJsonTooltip table layout, for the tooltips NationalStates builds
TIP_CSS = "".join(f".{c} table{{margin:auto}}.{c} tr{{text-align:left}}.{c} th{{padding:2px;padding-right:8px}}"
                  for c in ("imss-tip", "foliumtooltip"))
GEO_FILE = "geo/national.js"  # in the app's static folder (Streamlit serves it at /app/static/geo/national.js)


@lru_cache(maxsize=1)
def national_geo_js() -> str:
    """The static geometry of the national map as a script setting ``window.imssGeo``: the states
    (code and geometry, in the boundaries' order), the neighbouring countries and the abbreviations'
    places (``[code, lat, lon, escaped abbreviation]``)."""
    from coverage.map_elements import dump

    geo = {"states": [[f["properties"]["cve_ent"], f["geometry"]] for f in boundaries()["features"]],
           "neighbours": neighbours(),
           "labels": [[code, lat, lon, html.escape(abbreviations()[code])] for code, (lat, lon) in label_points().items()]}
    return "window.imssGeo=" + dump(geo).replace("<", "\\u003c") + ";\n"


def write_geo_file(static_dir: Path) -> Path:
    """(Re)write ``static_dir/GEO_FILE`` from the embedded boundaries: ``python -m coverage.maps``."""
    return write_static(static_dir, GEO_FILE, national_geo_js())


@lru_cache(maxsize=4)
def geo_link(static_dir: str) -> str | None:
    """The address of the static geometry if ``static_dir`` holds it up to date, else None (then the
    base map inlines it)."""
    return static_address(static_dir, GEO_FILE, national_geo_js())


def national_base_map(static_dir: Path | None = None) -> folium.Map:
    """The national map's frame with its fixed layers: neighbours, state shapes, abbreviations.

    Byte-identical on every rerun, whatever the date, colouring or language (``states_paint`` colours
    the shapes), so the map is never re-mounted and the geometry is drawn once.  ``static_dir``: the app's
    static folder; with an up-to-date ``GEO_FILE`` in it the geometry is loaded from there (and
    cached by the browser) instead of travelling inside the base script on every rerun.
    """
    from coverage.map_elements import NationalStates

    fmap = base_map(with_neighbours=False)
    link = geo_link(str(static_dir)) if static_dir is not None else None
    if link:
        fmap.default_js = [*fmap.default_js, ("imss_geo", link)]
    NationalStates(NEIGHBOUR_STYLE, NO_FILL, "" if link else national_geo_js()).add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(f"<style>{TIP_CSS}</style>"))
    return fmap


def paint_layer(payload: dict, title: str) -> folium.FeatureGroup:
    """The feature group of one rerun: a script that repaints the shapes of ``national_base_map``."""
    from coverage.map_elements import StatesPaint

    group = folium.FeatureGroup(name=title, control=False)
    StatesPaint(payload).add_to(group)
    return group


def states_paint(status_table: pd.DataFrame, gap_table: pd.DataFrame, paint: Colouring,
                 lang: str) -> folium.FeatureGroup:
    """The 32 states' fills by the chosen colouring and their compact tooltips (name, status since
    when, delay or share; every text escaped), for the shapes already on the national map."""
    shares = uninsured_pct(status_table)
    delays = {row["cve_ent"]: row for row in gap_table.to_dict("records")}  # (records: ~10× faster than .loc)
    tips = {}
    for row in status_table.to_dict("records"):
        code = row["cve_ent"]
        texts = (row["state"], labels.status_since(row, lang), _third_line(paint, shares[code], delays[code], lang))
        tips[code] = [html.escape(str(text)) for text in texts]
    payload = {"show": True, "fill": {code: paint.colours[code] for code in tips}, "tips": tips, "heads": None,
               "weight": 0.8, "tip": STATE_TIP}
    return paint_layer(payload, paint.title)


def hide_states(group: folium.FeatureGroup) -> folium.FeatureGroup:
    """Take the state shapes off the national map while ``group`` is shown (the municipal colouring)."""
    from coverage.map_elements import StatesPaint

    StatesPaint({"show": False}).add_to(group)
    return group


def add_legend(layer: folium.FeatureGroup, paint: Colouring, lang: str, note: str = "") -> folium.FeatureGroup:
    """Attach the legend, the map's accessible name and the tab-order fix to any national layer
    (the states', or the access gap's), so they change with it and the map is never re-mounted."""
    LayerExtras(legend_html(paint, note), t("ui.map.name", lang, title=paint.title)).add_to(layer)
    return layer


@lru_cache(maxsize=1)
def label_points() -> dict[str, tuple[float, float]]:
    """Where each state's abbreviation sits: a point surely inside its largest part."""
    from shapely.geometry import shape

    points = {}
    for feature in boundaries()["features"]:
        geometry = shape(feature["geometry"])
        if geometry.geom_type == "MultiPolygon":
            geometry = max(geometry.geoms, key=lambda g: g.area)
        point = geometry.representative_point()
        points[feature["properties"]["cve_ent"]] = (round(point.y, 4), round(point.x, 4))
    return points


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """INEGI's short state names (AGS, BC, … ZAC), the same in both languages."""
    frame = pd.read_csv(default_root() / FILES["states"], dtype=str)
    return dict(zip(frame["cve_ent"], frame["abbr"]))


def clicked_state(returned: dict | None) -> str | None:
    """The INEGI code of the state a user clicked, from st_folium's ``last_active_drawing``."""
    from coverage.tables import STATE_CODES

    feature = (returned or {}).get("last_active_drawing") or {}
    code = (feature.get("properties") or {}).get("cve_ent")
    return code if code in STATE_CODES else None


if __name__ == "__main__":  # rewrite the app's static geometry after the boundaries change
    print(write_geo_file(Path(__file__).resolve().parents[2] / "static"))
