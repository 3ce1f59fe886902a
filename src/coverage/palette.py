"""Every colour table of the maps, legends and figures, in one place (no folium, no pandas: cheap to import).

Schemes are chosen to stay distinguishable with the common colour-vision deficiencies: Paul Tol's
"muted" for categories, Okabe-Ito for institution groups, ColorBrewer's sequential ramps for shares.
"""

from __future__ import annotations

# ------------------------------------------------------------------ national map (coverage.maps)
# Paul Tol's "muted" scheme: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "operating": "#117733",
    "partial": "#44AA99",
    "signed": "#88CCEE",
    "in_process": "#DDCC77",
    "declined": "#CC6677",
    "outside": "#DDDDDD",
}
# Delay classes on Paul Tol's muted scheme; "ahead" shares the operating green on purpose.
DELAY_COLOURS = {
    "ahead": "#117733",
    "late_90": "#DDCC77",
    "late_over_90": "#CC6677",
    "overdue": "#882255",
    # Tol's olive, not his indigo: next to the wine of "overdue" indigo was read as the same class
    # (and teal already means "partial operation" in the status colouring).
    "declined": "#999933",
    "not_due": "#88CCEE",
    "no_target": "#DDDDDD",
}
# Share of the population without health affiliation: ColorBrewer YlGnBu (sequential, colour-blind safe).
UNINSURED_CLASSES = ((0, 18, "#ffffcc"), (18, 22, "#a1dab4"), (22, 26, "#41b6c4"), (26, 30, "#2c7fb8"),
                     (30, 101, "#253494"))
SEA_COLOUR = "#eef3f7"
NEIGHBOUR_FILL = "#f4f4f1"

# ------------------------------------------------------------------ facilities (coverage.facility_maps)
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
GROUP_COLOURS = {
    "imss_bienestar": "#009E73",
    "state": "#E69F00",
    "imss": "#0072B2",
    "issste": "#CC79A7",
    "other_public": "#56B4E9",
    "private": "#7F7F7F",
}
# Light greys for the state colouring, so the coloured points stay readable on top.
METRIC_RAMP = ["#f2f2f2", "#d9d9d9", "#bdbdbd", "#969696", "#737373"]
NO_DATA = "#ffffff"

# ------------------------------------------------------------------ access gap (coverage.access_maps)
# ColorBrewer YlOrRd-9 (sequential, colour-blind safe), one class per band of the share beyond X km; the
# narrow low bands matter: with the 1,000+ table most states have well under 1 % beyond 10 km.
ACCESS_SHARE_CLASSES = ((0.0, 0.0, "#ffffcc"), (0.0, 0.1, "#ffeda0"), (0.1, 0.5, "#fed976"), (0.5, 1.0, "#feb24c"),
                        (1.0, 2.0, "#fd8d3c"), (2.0, 5.0, "#fc4e2a"), (5.0, 10.0, "#e31a1c"), (10.0, 20.0, "#bd0026"),
                        (20.0, 100.1, "#800026"))
NOT_MEASURED = "#DDDDDD"
POINT_COLOUR = "#332288"  # Tol's indigo: apart from every fill of the YlOrRd scale

# ------------------------------------------------------------------ municipalities (coverage.municipalities)
# Share without social security, ColorBrewer YlGnBu (sequential, colour-blind safe); municipal spread is wide.
MUNICIPAL_SHARE_CLASSES = ((0, 30, "#ffffcc"), (30, 45, "#a1dab4"), (45, 60, "#41b6c4"), (60, 75, "#2c7fb8"),
                           (75, 101, "#253494"))
