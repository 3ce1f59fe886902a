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

from coverage import __version__, maps
from coverage.errors import InstallationError
from coverage.i18n import format_date, format_int, t
from coverage.provenance import input_files
from coverage.resources import vendor
from coverage.snapshot import NEIGHBOUR_FILL, Snapshot, facility_rows, national_frames

VENDOR = vendor() / "leaflet"  # the wheel's coverage/vendor, or static/vendor/ in a checkout
IFRAME_HEIGHT = 620
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
# An embed has no side panel, so its tooltip carries every sourced field (the app's tooltip is shorter).
TOOLTIP_FIELDS = ("state", "status_label", "since", "possible", "source", "target", "actual", "delay", "uninsured")


class EmbedError(InstallationError, RuntimeError):
    """The vendored Leaflet files are missing (a broken installation)."""


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


# The state colourings; the municipal one (2,469 polygons) is a static picture only for now.
NATIONAL_COLOURINGS = ("status", "delay", "uninsured", "access")


def national_html(snapshot) -> bytes:
    """The national map of a ``NationalSnapshot`` (its date and colouring) as one HTML file."""
    if snapshot.mode not in NATIONAL_COLOURINGS:
        raise ValueError(f"no embeddable map for the '{snapshot.mode}' colouring; use one of "
                         f"{', '.join(NATIONAL_COLOURINGS)}")
    status, gap = national_frames(snapshot.data, snapshot.view)
    paint = snapshot.paint
    collection = maps.state_features(status, gap, paint, snapshot.lang)
    entries = [(colour, f"{label} ({format_int(n, snapshot.lang)})") for colour, label, n in snapshot.legend_entries()]
    return _page(snapshot, collection, focus=None, legend_title=paint.title, legend=entries, points=[])


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
    return _page(snapshot, collection, focus=chosen, legend_title=t("snapshot.legend_status", lang), legend=legend,
                 points=points)


def _page(snapshot: Snapshot, collection: dict, focus: str | None, legend_title: str,
          legend: list[tuple[str, str]], points: list) -> bytes:
    """The page (``templates/embed.html``) filled in: Leaflet, the shapes, the legend, the texts, the manifest."""
    lang = snapshot.lang
    js, css = leaflet_assets()
    for feature in collection["features"]:
        feature["geometry"] = _round_coordinates(feature["geometry"])
    fields = list(TOOLTIP_FIELDS)
    aliases = [html.escape(t(f"map.tooltip.{f}", lang)) for f in fields]
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
    config = {"features": collection, "fields": fields, "aliases": aliases, "focus": focus, "points": points,
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
    """The files the map was made from, with their sha256 (the CLUES catalogue's too, when loaded)."""
    inputs = [{"path": e["path"], "sha256": e["sha256"]} for e in input_files(snapshot.data)]
    if snapshot.catalogue is not None:
        inputs += [{"path": s.name, "sha256": s.sha256, "layer": "clues"} for s in snapshot.catalogue.sources]
    return inputs


@lru_cache(maxsize=1)
def _template() -> string.Template:
    """The page's HTML, CSS and JS with ``${name}`` holes (a package file, so an editor can read it whole)."""
    text = resources.files("coverage").joinpath("templates").joinpath("embed.html").read_text(encoding="utf-8")
    return string.Template(text)
