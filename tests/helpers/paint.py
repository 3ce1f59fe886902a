"""Read the national map's per-rerun payload (``maps.states_paint``) out of st_folium's feature group."""

from __future__ import annotations

import json
import re

PAINT = re.compile(r"window\.imssStates\.apply\((\{.*?\})\); \}", re.S)


def paint_payload(feature_group: str) -> dict:
    """The fills, tooltip texts and options one rerun sends for the 32 state shapes of the base map."""
    found = PAINT.findall(feature_group)
    assert len(found) == 1, f"{len(found)} StatesPaint payloads in the feature group"
    return json.loads(found[0])
