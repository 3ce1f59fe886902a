"""Map pieces for the embedded data: the municipal share layer, fitting the view, clusters on other maps.

The municipal layer ships the compact, delta-coded polygons of ``geodata/municipalities`` as they are
and rebuilds the rings in the browser (one loop), drawn on a canvas with one style function reading
each feature's fill: no folium object per municipality and no per-feature style in Python (§2.4).
Every text (names, formatted figures, labels) is HTML-escaped in Python.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from urllib.parse import quote

import folium
import pandas as pd

from coverage import facility_maps, maps, municipalities
from coverage.i18n import format_int, format_pct, t
from coverage.labels import state_names
from coverage.map_elements import FitBounds, MunicipalLayer, dump


def bounds_of(frame: pd.DataFrame) -> list | None:
    """[[south, west], [north, east]] of the rows' coordinates, or None when there are none."""
    if frame.empty:
        return None
    return [[float(frame["lat"].min()), float(frame["lon"].min())], [float(frame["lat"].max()), float(frame["lon"].max())]]


def with_fit(groups: list[folium.FeatureGroup], bounds: list | None) -> list[folium.FeatureGroup]:
    """Adds the fit to the first layer (or to an empty one when nothing is shown)."""
    if bounds is None:
        return groups
    if not groups:
        groups = [folium.FeatureGroup(name="fit", control=False)]
    FitBounds(bounds).add_to(groups[0])
    return groups


def with_clusters(fmap: folium.Map, points_link: str | None = None) -> folium.Map:
    """A base map that can also carry the clustered facility layers (supercluster, served locally);
    ``points_link``: the address of the points' static script (``EncodedPoints.data_files``), which the
    map's frame starts loading before Leaflet (``static/load_alongside.js``) and the layers wait for."""
    facility_maps.add_clustering(fmap)
    if points_link:
        fmap.default_js.insert(0, ("imss_points", f"{maps.STATIC_ROOT}/load_alongside.js?src={quote(points_link)}"))
    return fmap


@lru_cache(maxsize=1)
def _compact():
    from pathlib import Path

    from coverage.tables import default_root

    data = json.loads((Path(default_root()) / municipalities.BOUNDARIES_FILE).read_text(encoding="utf-8"))
    return float(data["grid"]), {f["cvegeo"]: f["polygons"] for f in data["features"]}


@lru_cache(maxsize=16)
def _rows_json(lang: str, cve_ent: str | None) -> str:
    grid, polygons = _compact()
    frame = municipalities.census(cve_ent=cve_ent)
    esc = html.escape
    rows = []
    state_names = _state_names(lang)
    for r in frame.itertuples():
        name = f"{r.name}, {state_names.get(r.cve_ent, r.cve_ent)}"
        share = format_pct(r.share, lang) if pd.notna(r.share) else "—"
        bounds = f"{format_pct(r.share_low, lang)} – {format_pct(r.share_high, lang)}" if pd.notna(r.share) else "—"
        people = f"{format_int(r.no_ss, lang)} / {format_int(r.POBTOT, lang)}"
        rows.append([esc(name), esc(share), esc(bounds), esc(people), municipalities.share_colour(r.share),
                     polygons[r.cvegeo]])
    return dump(rows)


@lru_cache(maxsize=2)
def _state_names(lang: str) -> dict:
    from coverage import tables

    frame = pd.read_csv(tables.default_root() / tables.FILES["states"], dtype=str, keep_default_na=False)
    return state_names(frame, lang)


def municipal_layer(lang: str, cve_ent: str | None = None) -> folium.FeatureGroup:
    """The municipalities (all, or one state's) as one layer; ~1.4 MB for the whole country."""
    grid, _ = _compact()
    group = folium.FeatureGroup(name=html.escape(t("network.municipal.legend", lang)), control=False)
    labels = dump([html.escape(t(f"network.municipal.tooltip.{k}", lang))
                                  for k in ("share", "bounds", "people")])
    MunicipalLayer(_rows_json(lang, cve_ent), labels, grid, 0.25 if cve_ent is None else 0.6,
                   0.85 if cve_ent is None else 0.7).add_to(group)
    return group


def municipal_legend(lang: str) -> maps.Colouring:
    classes = municipalities.SHARE_CLASSES
    labels = [t("network.municipal.class.below", lang, high=classes[0][1])]
    labels += [t("network.municipal.class.between", lang, low=low, high=high) for low, high, _ in classes[1:-1]]
    labels.append(t("network.municipal.class.above", lang, low=classes[-1][0]))
    legend = tuple(zip((c for _, _, c in classes), labels))
    return maps.Colouring("municipal", t("network.municipal.legend", lang), {}, legend)


def state_map(lang: str) -> folium.Map:
    """A base map for one state's municipalities and facilities: share legend, clusters available."""
    fmap = maps.base_map_with_legend(lang, municipal_legend(lang))
    return with_clusters(fmap)
