"""The map legends' and clusters' CSS, one definition shared by every legend builder.

The national and state maps put the legend in a Leaflet control (``maps.LayerExtras``); the
facilities map places its box over the map's lower-left corner (``facility_maps.base_map``).  Both
draw the same box and the same swatches.
"""

from __future__ import annotations

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


def legend_css(placed: bool = False) -> str:
    """The ``.imss-legend`` rules: in a Leaflet control (default), or ``placed`` over the map's corner."""
    if placed:
        return f".imss-legend{{{_PLACED}{LEGEND_BOX}}}.imss-legend i{{{LEGEND_SWATCH}}}{PHONE_CSS}"
    return (f".imss-legend{{{LEGEND_BOX};margin-bottom:18px!important}}"
            f".imss-legend i{{{LEGEND_SWATCH};border:1px solid #555}}{PHONE_CSS}")
