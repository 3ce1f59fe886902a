"""The map legends' and clusters' CSS, one definition shared by every legend builder.

The national and state maps put the legend in a Leaflet control (``maps.LayerExtras``); the
facilities map places its box over the map's lower-left corner (``facility_maps.base_map``).  Both
draw the same box and the same swatches.
"""

from __future__ import annotations

import math

LEGEND_BOX = "background:#fff;padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)"
LEGEND_SWATCH = "display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-2px"
_PLACED = "position:absolute;bottom:24px;left:10px;z-index:1000;"

CLUSTER_CSS = (".imss-cluster div{width:100%;height:100%;border-radius:50%;display:flex;align-items:center;"
               "justify-content:center;color:#fff;font:bold 12px sans-serif;border:2px solid #fff;"
               "box-shadow:0 0 3px rgba(0,0,0,.5);text-shadow:0 0 2px #000}")


# On a phone-wide map (the frame is ~360 px on a 390-px phone) the legend and the layer list covered a
# fifth of the map and the south of the country: smaller type, tighter boxes, smaller swatches.
PHONE_CSS = ("@media (max-width:480px){.imss-legend{font-size:10px;line-height:1.25;padding:3px 5px;"
             "max-width:62%}.imss-legend i{width:9px;height:9px;margin-right:4px;vertical-align:-1px}"
             ".leaflet-control-layers{font-size:11px;line-height:1.2}"
             ".leaflet-control-layers-expanded{padding:2px 6px 2px 4px}"
             ".leaflet-control-layers label{margin:0}}")


# On a phone the national and state maps' legend goes under the country, as wide as the map, its classes
# in two columns (three for nine classes or more): in one narrow column it was 160 px tall and covered the Pacific coast from Nayarit
# to Colima.  The zoom buttons move to the top right corner (over the sea and the United States) when
# no layer list is there: at the top left they covered Baja California.
LIST_PHONE_CSS = ("@media (max-width:480px){.imss-legend{max-width:calc(100vw - 24px)!important;width:max-content}"
                  ".imss-legend [role=list]{columns:2;column-gap:10px}.imss-legend [role=listitem]{break-inside:avoid}"
                  ".imss-legend [role=list]:has(>:nth-child(9)){columns:3}"  # the access colouring's nine classes
                  ".imss-legend-note{max-width:none!important}.imss-legend{margin-bottom:4px!important}"
                  ".leaflet-control-container:not(:has(.leaflet-control-layers)) .leaflet-top.leaflet-left"
                  "{left:auto;right:0}}")

# The map fills its frame's height: streamlit-folium fixes the map's div at the height given in Python
# (600 px), and on a phone the page makes the national map's frame shorter (app.py), so that the whole
# country fills it instead of floating in 600 px of sea.  Elsewhere the frame ends up the height given in
# Python, so 100vh is that height.  Not while the frame is still at its first, small height (Leaflet
# fits the country when the map is made, before streamlit-folium sets the frame's height): there the
# div keeps its 600 px, as it did before.
FOLLOW_FRAME = "@media (min-height:250px){div#map_div{height:100vh!important}}"  # not "{#": Jinja's comment


def legend_css(placed: bool = False) -> str:
    """The ``.imss-legend`` rules: in a Leaflet control (default), or ``placed`` over the map's corner."""
    if placed:
        return f".imss-legend{{{_PLACED}{LEGEND_BOX}}}.imss-legend i{{{LEGEND_SWATCH}}}{PHONE_CSS}"
    return (f".imss-legend{{{LEGEND_BOX};margin-bottom:18px!important}}"
            f".imss-legend i{{{LEGEND_SWATCH};border:1px solid #555}}{PHONE_CSS}{LIST_PHONE_CSS}{FOLLOW_FRAME}")


def phone_frame_css(selector: str, bounds, room_below: float, side_padding: float = 6,
                    page_padding: float = 32, breakpoint: int = 640) -> str:
    """CSS that makes the map frame(s) matched by ``selector`` as tall as a map fitted to ``bounds``
    needs on a screen up to ``breakpoint`` px wide (where Streamlit stacks the columns and the map
    takes the page's width less ``page_padding``): the bounds' height at the width's scale, plus the
    fit's padding above and the ``room_below`` it leaves for the legend.

    On a 390-px phone the national map was 358 × 600 px with the country 190 px tall in the middle:
    ~200 px of sea above it and below.  The ratio is Web Mercator's (Leaflet's projection)."""
    (south, west), (north, east) = bounds

    def mercator(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    aspect = (east - west) / (mercator(north) - mercator(south))
    inner = page_padding + 2 * side_padding
    return (f"@media (max-width:{breakpoint}px){{{selector}{{height:calc((100vw - {inner:g}px) / {aspect:.4f}"
            f" + {side_padding + room_below:g}px)!important}}}}")
