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


def legend_css(placed: bool = False) -> str:
    """The ``.imss-legend`` rules: in a Leaflet control (default), or ``placed`` over the map's corner."""
    if placed:
        return f".imss-legend{{{_PLACED}{LEGEND_BOX}}}.imss-legend i{{{LEGEND_SWATCH}}}"
    return (f".imss-legend{{{LEGEND_BOX};margin-bottom:18px!important}}"
            f".imss-legend i{{{LEGEND_SWATCH};border:1px solid #555}}")
