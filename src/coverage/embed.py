"""Embeddable interactive maps: one self-contained HTML file that an article can put in an ``<iframe>``.

Leaflet's JS and CSS (from ``static/vendor``), the shapes, the colours, the legend, the tooltips and
the sources are all inside the file, and its Content-Security-Policy forbids every request
(``default-src 'none'``), so it opens from ``file://`` or any web server with no network: there is
no tile layer, no font, no image to fetch.  The bytes depend only on the inputs (no timestamp).

Text from data files is HTML-escaped in Python before it is written (``maps.state_features`` escapes
every tooltip value); the JSON is written so that ``</script>`` cannot appear in it.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from coverage import __version__, maps
from coverage.errors import InstallationError
from coverage.i18n import format_date, format_int, t
from coverage.snapshot import (NEIGHBOUR_FILL, Snapshot, _national_frames, facility_rows, input_files)
from coverage.facility_maps import GROUP_COLOURS

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "leaflet"
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
    status, gap = _national_frames(snapshot.data, snapshot.view)
    paint = snapshot.paint
    collection = maps.state_features(status, gap, paint, snapshot.lang)
    entries = [(colour, f"{label} ({format_int(n, snapshot.lang)})") for colour, label, n in snapshot.legend_entries()]
    return _page(snapshot, collection, focus=None, legend_title=paint.title, legend=entries, points=[])


def state_html(snapshot: Snapshot) -> bytes:
    """A state's map: the state in its status colour, neighbours grey, facilities if a catalogue is loaded."""
    lang = snapshot.lang
    status, gap = _national_frames(snapshot.data, snapshot.view)
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
    lang = snapshot.lang
    js, css = leaflet_assets()
    for feature in collection["features"]:
        feature["geometry"] = _round_coordinates(feature["geometry"])
    fields = list(TOOLTIP_FIELDS)
    aliases = [html.escape(t(f"map.tooltip.{f}", lang)) for f in fields]
    legend_items = "".join(f'<li><i style="background:{html.escape(colour)}"></i>{html.escape(label)}</li>'
                           for colour, label in legend)
    inputs = [{"path": e["path"], "sha256": e["sha256"]} for e in input_files(snapshot.data)]
    if snapshot.catalogue is not None:
        inputs += [{"path": s.name, "sha256": s.sha256, "layer": "clues"} for s in snapshot.catalogue.sources]
    manifest = {"app": "imss-coverage", "app_version": __version__, "name": snapshot.name, **snapshot.view.as_dict(),
                "colouring": getattr(snapshot, "mode", "status"), "title": snapshot.title(),
                "reproduce": snapshot.reproduce_command() + " --html", "inputs": inputs}
    title = html.escape(snapshot.title())
    footer = " ".join([
        html.escape(t("snapshot.as_of_line", lang, date=format_date(snapshot.view.as_of, lang),
                      iso=snapshot.view.as_of.isoformat())),
        html.escape(snapshot.source_line()),
    ])
    config = {"features": collection, "fields": fields, "aliases": aliases, "focus": focus, "points": points,
              "zoomIn": t("exports.embed.zoom_in", lang), "zoomOut": t("exports.embed.zoom_out", lang)}
    document = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="imss-coverage {html.escape(__version__)}">
<title>{title}</title>
<style>{css}</style>
<style>
html,body{{margin:0;height:100%;font:14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222}}
body{{display:flex;flex-direction:column}}
header{{padding:8px 12px 4px}} header h1{{font-size:17px;margin:0}} header p{{margin:2px 0 0;color:#555;font-size:12px}}
#map{{flex:1;min-height:300px;background:{maps.SEA_COLOUR}}}
.legend{{background:#fff;padding:6px 8px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12px;max-width:220px}}
.legend b{{display:block;margin-bottom:2px}} .legend ul{{list-style:none;margin:0;padding:0}}
.legend i{{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-2px;border:1px solid #555}}
footer{{padding:4px 12px 8px;color:#555;font-size:11px}}
.leaflet-tooltip table td{{padding:0 4px 0 0;vertical-align:top}} .leaflet-tooltip th{{text-align:left;padding-right:6px;color:#555;font-weight:normal}}
</style>
</head>
<body>
<header><h1>{title}</h1><p>{html.escape(snapshot.target_line())}</p></header>
<div id="map" role="img" aria-label="{title}"></div>
<div id="legend-source" hidden><div class="legend" role="list"><b>{html.escape(legend_title)}</b><ul>{legend_items}</ul></div></div>
<footer>{footer}<br>{html.escape(snapshot.credit_line())} {html.escape(t("exports.embed.inputs", lang))}:
{html.escape(", ".join(f"{e['path']} sha256 {e['sha256'][:12]}" for e in inputs))}</footer>
<script type="application/json" id="manifest">{_json(manifest)}</script>
<script>{js}</script>
<script>
(function () {{
  var C = {_json(config)};
  var map = L.map("map", {{zoomSnap: 0.25, minZoom: 3, maxZoom: 14, attributionControl: false, scrollWheelZoom: false}});
  map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-in").title = C.zoomIn;
  map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-out").title = C.zoomOut;
  function tip(p) {{
    var rows = C.fields.map(function (f, i) {{ return "<tr><th>" + C.aliases[i] + "</th><td>" + p[f] + "</td></tr>"; }});
    return "<table>" + rows.join("") + "</table>";
  }}
  var focused = null;
  var states = L.geoJSON(C.features, {{
    style: function (f) {{
      var mine = C.focus === f.properties.cve_ent;
      return {{fillColor: f.properties.colour, fillOpacity: 0.9, color: mine ? "#333333" : "#ffffff",
               weight: mine ? 2 : 0.8}};
    }},
    onEachFeature: function (f, layer) {{
      layer.bindTooltip(tip(f.properties), {{sticky: true}});
      layer.on("mouseover", function () {{ layer.setStyle({{weight: 2.5, color: "#000000"}}); }});
      layer.on("mouseout", function () {{ states.resetStyle(layer); }});
      if (C.focus === f.properties.cve_ent) {{ focused = layer; }}
    }}
  }}).addTo(map);
  C.points.forEach(function (p) {{
    L.circleMarker([p[0], p[1]], {{radius: 3, weight: 0.5, color: "#222222", fillColor: p[2], fillOpacity: 0.9}})
      .bindTooltip(p[3]).addTo(map);
  }});
  map.fitBounds((focused || states).getBounds(), {{padding: [8, 8]}});
  if (focused) {{ focused.bringToFront(); }}
  L.control.scale({{imperial: false}}).addTo(map);
  var legend = L.control({{position: "bottomleft"}});
  legend.onAdd = function () {{ return document.querySelector("#legend-source .legend"); }};
  legend.addTo(map);
  document.documentElement.setAttribute("data-ready", String(states.getLayers().length));
}})();
</script>
</body>
</html>
"""
    return document.encode("utf-8")

