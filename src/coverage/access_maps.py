"""Map layers of the access gap: states or municipalities by share of people beyond X km, and the
underserved localities sized by population.

Same rules as ``coverage.maps``: every text from data is escaped before it reaches Leaflet, and the
point layer is one ``GeoJson`` per size class with a constant style (a per-feature style function on
a large layer is quadratic in the browser, engineering.md §2.4).
"""

from __future__ import annotations

import html

import folium
import pandas as pd

from coverage.i18n import format_int, format_pct, t
from coverage.maps import Colouring, boundaries
from coverage.palette import NOT_MEASURED, POINT_COLOUR
from coverage.palette import ACCESS_SHARE_CLASSES as SHARE_CLASSES
# Marker radius (px) by population; the smallest class only exists in a full catalogue.
SIZE_CLASSES = ((0, 1000, 3), (1000, 5000, 5), (5000, 20000, 8), (20000, 10**9, 12))


def share_colour(share: float | None) -> str:
    if share is None or pd.isna(share):
        return NOT_MEASURED
    pct = 100 * float(share)
    if pct == 0:
        return SHARE_CLASSES[0][2]
    return next(c for low, high, c in SHARE_CLASSES[1:] if low < pct <= high or (high > 100 and pct > low))


def share_legend(lang: str) -> tuple[tuple[str, str], ...]:
    labels = [t("access.class.zero", lang)]
    for low, high, _ in SHARE_CLASSES[1:-1]:
        labels.append(t("access.class.between", lang, low=f"{low:g}", high=f"{high:g}"))
    labels.append(t("access.class.above", lang, low=f"{SHARE_CLASSES[-1][0]:g}"))
    return tuple(zip((c for *_, c in SHARE_CLASSES), labels)) + ((NOT_MEASURED, t("access.class.none", lang)),)


def scope_label(scope: str, lang: str) -> str:
    return t(f"access.scope.{scope}", lang)


def colouring(gap: pd.DataFrame, key: str, km: float, scope: str, lang: str) -> Colouring:
    """Fill colour per state (``key`` = cve_ent) or municipality (``key`` = cvegeo) and the legend."""
    measured = gap["localities_measured"] > 0
    colours = {code: (share_colour(share) if ok else NOT_MEASURED)
               for code, share, ok in zip(gap[key], gap["share_beyond"], measured)}
    title = t("access.legend", lang, km=f"{km:g}", scope=scope_label(scope, lang))
    return Colouring("access", title, colours, share_legend(lang))


def _describe(row, lang: str, km: float) -> dict:
    if not row["localities_measured"]:
        return {"beyond": t("access.tooltip.not_measured", lang), "localities_beyond": "—", "max_km": "—",
                "farthest": "—"}
    share = row["share_beyond"]
    unknown = int(row["localities_beyond_unknown_population"])
    beyond = f'{format_int(row["people_beyond"], lang)} ({format_pct(share, lang) if pd.notna(share) else "—"})'
    localities = format_int(row["localities_beyond"], lang)
    if unknown:
        localities += " " + t("access.tooltip.unknown_pop", lang, n=format_int(unknown, lang))
    return {"beyond": beyond, "localities_beyond": localities,
            "max_km": f'{row["max_km"]:.1f} km' if pd.notna(row["max_km"]) else "—",
            "farthest": row["farthest_locality"] if isinstance(row["farthest_locality"], str) else "—"}


STATE_TOOLTIP = ("state", "status_label", "population", "beyond", "localities_beyond", "max_km", "farthest")


def state_features(gap: pd.DataFrame, paint: Colouring, km: float, lang: str, geojson: dict | None = None) -> dict:
    """The state boundaries with escaped access tooltips; ``gap`` is ``access.with_status(state_gap)``."""
    rows = gap.set_index("cve_ent")
    features = []
    for feature in (geojson or boundaries())["features"]:
        code = feature["properties"]["cve_ent"]
        if code not in rows.index:
            continue
        row = rows.loc[code]
        props = {"cve_ent": code, "colour": paint.colours.get(code, NOT_MEASURED), "state": row["state"],
                 "status_label": t("status." + row["status"], lang),
                 "population": format_int(row["population"], lang), **_describe(row, lang, km)}
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {k: html.escape(str(v)) for k, v in props.items()}})
    return {"type": "FeatureCollection", "features": features}


def _area_layer(features: dict, fields: tuple[str, ...], paint: Colouring, lang: str, km: float,
                group: folium.FeatureGroup | None = None) -> folium.FeatureGroup:
    group = group if group is not None else folium.FeatureGroup(name=paint.title, control=False)
    folium.GeoJson(
        features,
        name="access-areas",
        style_function=lambda feature: {"fillColor": html.unescape(feature["properties"]["colour"]),
                                        "color": "#444444", "weight": 0.6, "fillOpacity": 0.85},
        highlight_function=lambda feature: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=list(fields), sticky=True,
                                      aliases=[t(f"access.tooltip.{f}", lang, km=f"{km:g}") for f in fields]),
    ).add_to(group)
    return group


STATE_TIP = {"sticky": True, "className": "foliumtooltip"}


def states_paint(gap: pd.DataFrame, paint: Colouring, km: float, lang: str) -> folium.FeatureGroup:
    """The states' fills by share beyond X km and their tooltips (labelled rows, every text escaped),
    for the shapes already on the national map (``maps.national_base_map``): no geometry is sent."""
    from coverage import maps

    fill, tips = {}, {}
    for row in gap.to_dict("records"):
        code = row["cve_ent"]
        props = {"state": row["state"], "status_label": t("status." + row["status"], lang),
                 "population": format_int(row["population"], lang), **_describe(row, lang, km)}
        fill[code] = paint.colours.get(code, NOT_MEASURED)
        tips[code] = [html.escape(str(props[field])) for field in STATE_TOOLTIP]
    heads = [html.escape(t(f"access.tooltip.{f}", lang, km=f"{km:g}")) for f in STATE_TOOLTIP]
    payload = {"show": True, "fill": fill, "tips": tips, "heads": heads, "weight": 0.6, "tip": STATE_TIP}
    return maps.paint_layer(payload, paint.title)


MUNICIPAL_TOOLTIP = ("municipality", "population", "beyond", "localities_beyond", "max_km", "farthest")


def municipal_features(gap: pd.DataFrame, paint: Colouring, km: float, lang: str, geojson: dict) -> dict:
    """Municipal polygons (``properties.cvegeo``) with escaped access tooltips."""
    rows = gap.set_index("cvegeo")
    features = []
    for feature in geojson["features"]:
        props_in = feature["properties"]
        code = str(props_in.get("cvegeo"))
        if code in rows.index:
            row = rows.loc[code]
            props = {"cvegeo": code, "colour": paint.colours.get(code, NOT_MEASURED),
                     "municipality": row["municipality"] or props_in.get("name", code),
                     "population": format_int(row["population"], lang), **_describe(row, lang, km)}
        else:  # a municipality without any locality in the table (possible in the 1,000+ subset)
            props = {"cvegeo": code, "colour": NOT_MEASURED,
                     "municipality": props_in.get("name") or props_in.get("municipality") or code,
                     "population": "—", "beyond": t("access.tooltip.no_localities", lang),
                     "localities_beyond": "—", "max_km": "—", "farthest": "—"}
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {k: html.escape(str(v)) for k, v in props.items()}})
    return {"type": "FeatureCollection", "features": features}


def municipal_layer(gap: pd.DataFrame, paint: Colouring, km: float, lang: str, geojson: dict,
                    group: folium.FeatureGroup | None = None) -> folium.FeatureGroup:
    return _area_layer(municipal_features(gap, paint, km, lang, geojson), MUNICIPAL_TOOLTIP, paint, lang, km, group)


LOCALITY_TOOLTIP = ("name", "municipality", "population", "distance", "unit")


def locality_features(points: pd.DataFrame, lang: str) -> list[tuple[int, dict]]:
    """(radius, FeatureCollection) per size class of the underserved localities, texts escaped."""
    out = []
    population = points["population"].astype("float64")
    for low, high, radius in SIZE_CLASSES:
        inside = population.ge(low) & population.lt(high)
        if low == 0:
            inside |= population.isna()  # masked population: drawn with the smallest marker
        part = points[inside]
        if part.empty:
            continue
        features = []
        for row in part.itertuples(index=False):
            pop = t("access.tooltip.masked", lang) if pd.isna(row.population) else format_int(row.population, lang)
            props = {"name": row.name, "municipality": row.municipality if isinstance(row.municipality, str) else "—",
                     "population": pop, "distance": f"{row.dist_km:.1f} km",
                     "unit": f"{row.unit_name} ({row.unit_inst}, {row.unit_clues})"}
            features.append({"type": "Feature",
                             "geometry": {"type": "Point", "coordinates": [round(row.lon, 5), round(row.lat, 5)]},
                             "properties": {k: html.escape(str(v)) for k, v in props.items()}})
        out.append((radius, {"type": "FeatureCollection", "features": features}))
    return out


def localities_layer(points: pd.DataFrame, km: float, lang: str,
                     group: folium.FeatureGroup | None = None) -> folium.FeatureGroup:
    """Underserved localities (beyond ``km``), sized by population class, drawn on top.

    Sent as compact columns (``map_elements.LocalitiesLayer``: about a third of the GeoJSON it replaced)
    with the same tooltips and draw order: the size classes of ``locality_features``, small first."""
    from coverage.map_elements import LocalitiesLayer

    if group is None:
        group = folium.FeatureGroup(name=t("access.layer.localities", lang, km=f"{km:g}"), control=False)
    xy, radii, texts = [], [], []
    for radius, features in locality_features(points, lang):
        for feature in features["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            xy += [round(lat * 1e5), round(lon * 1e5)]
            radii.append(radius)
            texts.append([feature["properties"][field] for field in LOCALITY_TOOLTIP])
    heads = [html.escape(t(f"access.tooltip.loc_{f}", lang)) for f in LOCALITY_TOOLTIP]
    LocalitiesLayer({"xy": xy, "r": radii, "t": texts, "heads": heads, "fill": POINT_COLOUR}).add_to(group)
    return group


def state_base_map(lang: str, shares: bool = True) -> folium.Map:
    """The frame of a state's access map: state outlines for context and the legend.

    It depends only on the language, so moving X or the scope (which only changes the feature group)
    never re-mounts the map.
    """
    from coverage import maps

    legend = (share_legend(lang) if shares else ()) + ((POINT_COLOUR, t("access.legend.point", lang)),)
    fmap = maps.base_map_with_legend(lang, Colouring("access", t("access.legend_generic", lang), {}, legend))
    fmap.get_root().header.add_child(folium.Element(f"<style>{maps.TIP_CSS}</style>"))  # (LocalitiesLayer's tooltips)
    folium.GeoJson(boundaries(), name="state-outlines", interactive=False,
                   style_function=lambda _: {"fill": False, "color": "#777777", "weight": 1}).add_to(fmap)
    return fmap
