"""Embeddable interactive maps: one self-contained HTML file that an article can put in an ``<iframe>``.

Leaflet's JS and CSS (from ``static/vendor``), the shapes, the colours, the legend, the tooltips and
the sources are all inside the file, and its Content-Security-Policy forbids every request
(``default-src 'none'``), so it opens from ``file://`` or any web server with no network: there is
no tile layer, no font, no image to fetch.  The bytes depend only on the inputs (no timestamp).

Text from data files is HTML-escaped in Python before it is written (``maps.state_features`` escapes
every tooltip value); the JSON is written so that ``</script>`` cannot appear in it.  The page itself
(markup, style, the script that builds the map) is the package file ``templates/embed.html``.
"""

from __future__ import annotations

import html
import json
import re
import string
from functools import lru_cache
from importlib import resources
from pathlib import Path

from coverage import __version__, maps
from coverage.errors import InstallationError
from coverage.i18n import format_date, format_int, format_pct, t
from coverage.provenance import input_files, sha256_file
from coverage.resources import vendor
from coverage.snapshot import NEIGHBOUR_FILL, Snapshot, facility_rows, national_frames
from coverage.tables import FILES

VENDOR = vendor() / "leaflet"  # the wheel's coverage/vendor, or static/vendor/ in a checkout
IFRAME_HEIGHT = 620
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
# The tooltip of each colouring: what the colour means first, then the state's status for context.
# A state page's map has no side panel, so its tooltip carries every sourced field.
TOOLTIPS = {
    "status": ("state", "status_label", "since", "possible", "source"),
    "delay": ("state", "target", "actual", "delay", "status_label", "source"),
    "uninsured": ("state", "uninsured", "status_label", "source"),
    "access": ("state", "population", "beyond", "localities_beyond", "max_km", "farthest", "status_label"),
    "municipal": ("name", "share", "bounds", "people"),
}
STATE_TOOLTIP = ("state", "status_label", "since", "possible", "source", "target", "actual", "delay", "uninsured")
# Municipal polygons re-quantised to 0.001° (≈110 m, a pixel at zoom 10) and delta-coded: the source
# grid is 1e-6° for analysis, far finer than a national map shows.  MUNICIPAL_MAX_ZOOM keeps readers
# where that holds.
MUNICIPAL_GRID = 1e-3
MUNICIPAL_MAX_ZOOM = 10


class EmbedError(InstallationError, RuntimeError):
    """The vendored Leaflet files are missing (a broken installation)."""


@lru_cache(maxsize=1)
def tooltip_script() -> str:
    """``static/tooltip_inside.js`` as plain JavaScript (its Jinja comment dropped)."""
    from jinja2 import Template

    from coverage.map_elements import script_source

    return Template(script_source("tooltip_inside.js")).render()


@lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS, without the references to files the embed does not carry."""
    try:
        js = (VENDOR / "leaflet.js").read_text(encoding="utf-8")
        css = (VENDOR / "leaflet.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise EmbedError(f"cannot read Leaflet from {VENDOR} ({exc}); run static/vendor/build_vendor.sh") from None
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    css = re.sub(r"url\((?!#)[^)]*\)", "none", css)  # marker and layer-control images: not used here
    return js, css


def _json(value) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # No "<" at all: neither "</script>" nor "<!--" can end or confuse the script element.
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _round_coordinates(geometry: dict, digits: int = 4) -> dict:
    """~10 m: plenty for a national map, and a third of the bytes."""
    def walk(value):
        if isinstance(value, (int, float)):
            return round(value, digits)
        return [walk(v) for v in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def file_name(snapshot: Snapshot) -> str:
    return f"{snapshot.name}.html"


def iframe_snippet(snapshot: Snapshot, src: str | None = None) -> str:
    """The ``<iframe>`` to paste in an article, pointing at the HTML file where it will be published."""
    title = html.escape(snapshot.title(), quote=True)
    src = html.escape(src or file_name(snapshot), quote=True)
    return (f'<iframe src="{src}" title="{title}" width="100%" height="{IFRAME_HEIGHT}" '
            f'style="border:0" loading="lazy"></iframe>')


NATIONAL_COLOURINGS = ("status", "delay", "uninsured", "access", "municipal")


def national_html(snapshot) -> bytes:
    """The national map of a ``NationalSnapshot`` (its date and colouring) as one HTML file."""
    mode, lang = snapshot.mode, snapshot.lang
    if mode not in NATIONAL_COLOURINGS:
        raise ValueError(f"no embeddable map for the '{mode}' colouring; use one of {', '.join(NATIONAL_COLOURINGS)}")
    paint = snapshot.paint
    legend = [(colour, f"{label} ({format_int(n, lang)})") for colour, label, n in snapshot.legend_entries()]
    fields = TOOLTIPS[mode]
    if mode == "municipal":
        aliases = [t(f"network.municipal.tooltip.{f}", lang) for f in fields]
        legend.append(("transparent", t("natmun.outline", lang)))
        return _page(snapshot, _outlines(snapshot.data.root), (fields, aliases), paint.title, legend,
                     areas=municipal_areas(snapshot))
    if mode == "access":
        from coverage import access_maps

        km = snapshot.shading.km
        collection = access_maps.state_features(snapshot.shading.gap, paint, km, lang)
        aliases = [t(f"access.tooltip.{f}", lang, km=f"{km:g}") for f in fields]
    else:
        status, gap = national_frames(snapshot.data, snapshot.view)
        collection = maps.state_features(status, gap, paint, lang)
        aliases = [t(f"map.tooltip.{f}", lang) for f in fields]
    return _page(snapshot, collection, (fields, aliases), paint.title, legend)


def state_html(snapshot: Snapshot) -> bytes:
    """A state's map: the state in its status colour, neighbours grey, facilities if a catalogue is loaded."""
    lang = snapshot.lang
    status, gap = national_frames(snapshot.data, snapshot.view)
    chosen = snapshot.view.cve_ent
    paint = maps.colouring("status", status, gap, lang)
    colours = {code: (colour if code == chosen else NEIGHBOUR_FILL) for code, colour in paint.colours.items()}
    paint = maps.Colouring("status", paint.title, colours, paint.legend)
    collection = maps.state_features(status, gap, paint, lang)
    state_status = status.set_index("cve_ent").at[chosen, "status"]
    legend = [(maps.STATUS_COLOURS[state_status],
               f"{snapshot.rows.iloc[0]['state']}: {t('status.' + state_status, lang)}"),
              (NEIGHBOUR_FILL, t("snapshot.legend_neighbours", lang))]
    points = []
    facilities = facility_rows(snapshot.catalogue, snapshot.view)
    if facilities is not None:
        from coverage.palette import GROUP_COLOURS

        for group, colour in GROUP_COLOURS.items():
            count = int((facilities["group"] == group).sum())
            if count:
                legend.append((colour, f"{t('snapshot.group.' + group, lang)} ({format_int(count, lang)})"))
        for record in facilities.itertuples(index=False):
            points.append([round(float(record.lat), 5), round(float(record.lon), 5), GROUP_COLOURS[record.group],
                           html.escape(f"{record.name} ({record.clues}, {record.inst_short})")])
    tooltip = (STATE_TOOLTIP, [t(f"map.tooltip.{f}", lang) for f in STATE_TOOLTIP])
    return _page(snapshot, collection, tooltip, t("snapshot.legend_status", lang), legend, focus=chosen,
                 points=points)


def municipal_areas(snapshot) -> dict:
    """The municipalities of a municipal ``NationalSnapshot``: one row each, its tooltip values (escaped,
    in ``TOOLTIPS['municipal']`` order), its fill and its polygons (``quantised``)."""
    lang = snapshot.lang
    polygons = _municipal_polygons(str(snapshot.data.root))
    rows = []
    for r in snapshot.municipal_rows.itertuples(index=False):
        measured = r.POBTOT > 0
        share = format_pct(r.share, lang) if measured else "—"
        bounds = (f"{format_pct(r.no_ss_low / r.POBTOT, lang)} – {format_pct(r.no_ss_high / r.POBTOT, lang)}"
                  if measured else "—")
        people = f"{format_int(r.no_ss, lang)} / {format_int(r.POBTOT, lang)}"
        values = [f"{r.name}, {r.state}", share, bounds, people]
        rows.append([html.escape(str(v)) for v in values] + [snapshot.paint.colours[r.cvegeo], polygons[r.cvegeo]])
    return {"grid": MUNICIPAL_GRID, "rows": rows}


@lru_cache(maxsize=2)
def _municipal_polygons(root: str) -> dict[str, list]:
    from coverage import municipalities

    return {code: quantised(geometry) for code, geometry in municipalities.shapes(root).items()}


def quantised(geometry, grid: float = MUNICIPAL_GRID) -> list:
    """A (Multi)Polygon as [[ring, …], …]: each ring x0, y0, dx1, dy1, … in ``grid`` units (longitude
    first), repeated points and the closing point left out.  A hole or an islet that collapses at this
    grid is left out too; the shell of every municipality is larger than the grid."""
    import numpy as np

    out = []
    for part in getattr(geometry, "geoms", [geometry]):
        rings = []
        for ring in (part.exterior, *part.interiors):
            xy = np.rint(np.asarray(ring.coords)[:-1, :2] / grid).astype(np.int64)
            xy = xy[np.r_[True, np.any(xy[1:] != xy[:-1], axis=1)]]
            while len(xy) > 1 and (xy[0] == xy[-1]).all():
                xy = xy[:-1]
            if len(xy) >= 3:
                rings.append(np.diff(xy, axis=0, prepend=[[0, 0]]).ravel().tolist())
            elif not rings:
                break  # the shell collapsed: its holes go with it
        if rings:
            out.append(rings)
    return out


@lru_cache(maxsize=2)
def _outline_geometry(root: str) -> tuple:
    return tuple((f["properties"]["cve_ent"], _round_coordinates(f["geometry"], 3))
                 for f in maps.boundaries(Path(root) / FILES["boundaries"])["features"])


def _outlines(root) -> dict:
    """The 32 state outlines drawn over the municipalities (no fill, no tooltip)."""
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"cve_ent": code}, "geometry": geometry}
                         for code, geometry in _outline_geometry(str(root))]}


def _page(snapshot: Snapshot, collection: dict, tooltip: tuple, legend_title: str, legend: list[tuple[str, str]],
          focus: str | None = None, points: list = (), areas: dict | None = None) -> bytes:
    """The page (``templates/embed.html``) filled in: Leaflet, the shapes, the legend, the texts, the manifest.

    ``tooltip``: the property names and their labels; ``areas``: the municipalities (then ``collection``
    holds the state outlines only)."""
    lang = snapshot.lang
    js, css = leaflet_assets()
    js += "\n" + tooltip_script()  # every tooltip kept inside the map, as on the app's maps
    features = [{**f, "geometry": _round_coordinates(f["geometry"])} for f in collection["features"]]
    fields, aliases = tooltip
    legend_items = "".join(f'<li><i style="background:{html.escape(colour)}"></i>{html.escape(label)}</li>'
                           for colour, label in legend)
    inputs = _inputs(snapshot)
    manifest = {"app": "imss-coverage", "app_version": __version__, "name": snapshot.name, **snapshot.view.as_dict(),
                "colouring": getattr(snapshot, "mode", "status"), "title": snapshot.title(),
                "reproduce": snapshot.reproduce_command() + " --html", "inputs": inputs}
    footer = " ".join([
        html.escape(t("snapshot.as_of_line", lang, date=format_date(snapshot.view.as_of, lang),
                      iso=snapshot.view.as_of.isoformat())),
        html.escape(snapshot.source_line()),
    ])
    config = {"features": {"type": "FeatureCollection", "features": features}, "fields": list(fields),
              "aliases": [html.escape(a) for a in aliases], "focus": focus, "points": list(points), "areas": areas,
              "maxZoom": MUNICIPAL_MAX_ZOOM if areas else 14,
              "zoomIn": t("exports.embed.zoom_in", lang), "zoomOut": t("exports.embed.zoom_out", lang)}
    document = _template().substitute(
        lang=lang, csp=CSP, version=html.escape(__version__), title=html.escape(snapshot.title()), css=css,
        sea=maps.SEA_COLOUR, target_line=html.escape(snapshot.target_line()),
        legend_title=html.escape(legend_title), legend_items=legend_items, footer=footer,
        credit=html.escape(snapshot.credit_line()), inputs_label=html.escape(t("exports.embed.inputs", lang)),
        inputs=html.escape(", ".join(f"{e['path']} sha256 {e['sha256'][:12]}" for e in inputs)),
        manifest=_json(manifest), js=js, config=_json(config))
    return document.encode("utf-8")


def _inputs(snapshot: Snapshot) -> list[dict]:
    """The files the map was made from, with their sha256: the tables, and the CLUES catalogue, the access
    measurement's localities and units or the municipal files when the map shows them."""
    inputs = [{"path": e["path"], "sha256": e["sha256"]} for e in input_files(snapshot.data)]
    if snapshot.catalogue is not None:
        inputs += [{"path": s.name, "sha256": s.sha256, "layer": "clues"} for s in snapshot.catalogue.sources]
    mode = getattr(snapshot, "mode", None)
    if mode == "access":
        inputs += [dict(entry) for entry in snapshot.shading.inputs]
    if mode == "municipal":
        from coverage import municipalities

        root = Path(snapshot.data.root)
        inputs += [{"path": f"geodata/{name}", "sha256": sha256_file(root / name), "layer": "municipalities"}
                   for name in municipalities.INPUT_FILES]
    return inputs


@lru_cache(maxsize=1)
def _template() -> string.Template:
    """The page's HTML, CSS and JS with ``${name}`` holes (a package file, so an editor can read it whole)."""
    text = resources.files("coverage").joinpath("templates").joinpath("embed.html").read_text(encoding="utf-8")
    return string.Template(text)
