"""The 2,469 municipalities: census 2020 figures, the bounded estimate of people without social
security, and simplified boundaries (``geodata/municipalities/``, built by its script).

``no_ss`` is the product's definition ``PSINDER + PDER_SEGP + PDER_IMSSB`` clipped to what the census
makes possible (``no_ss_high``); ``no_ss_low`` is the least the census allows.  The build script's
docstring explains both bounds.  ``share`` = ``no_ss / POBTOT``, with ``share_low``/``share_high``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from coverage.palette import MUNICIPAL_SHARE_CLASSES
from coverage.tables import STATE_CODES, default_root

CENSUS_FILE = "municipalities/municipalities_2020.csv"
BOUNDARIES_FILE = "municipalities/municipalities.json"
BUILD_FILE = "municipalities/municipalities.build.json"
COUNT_COLUMNS = ["POBTOT", "PSINDER", "PDER_SS", "PDER_IMSS", "PDER_ISTE", "PDER_ISTEE", "PAFIL_PDOM", "PDER_SEGP",
                 "PDER_IMSSB", "PAFIL_IPRIV", "PAFIL_OTRAI", "no_ss", "no_ss_low", "no_ss_high", "no_ss_plain"]
COLUMNS = ["cvegeo", "cve_ent", "mun_code", "name", *COUNT_COLUMNS]
EXPECTED = 2_469
SHARE_CLASSES = MUNICIPAL_SHARE_CLASSES  # coverage.palette


def _root(geodata_dir) -> Path:
    return Path(geodata_dir or default_root())


@lru_cache(maxsize=2)
def _census(root: str) -> pd.DataFrame:
    frame = pd.read_csv(Path(root) / CENSUS_FILE, dtype={"cvegeo": str, "cve_ent": str, "mun_code": str},
                        keep_default_na=False)
    for column in COUNT_COLUMNS:
        frame[column] = frame[column].astype("int64")
    population = frame["POBTOT"].where(frame["POBTOT"] > 0)
    frame["share"] = frame["no_ss"] / population
    frame["share_low"] = frame["no_ss_low"] / population
    frame["share_high"] = frame["no_ss_high"] / population
    return frame


def census(geodata_dir=None, cve_ent: str | None = None) -> pd.DataFrame:
    """One row per municipality (shared: do not modify), optionally of one state."""
    frame = _census(str(_root(geodata_dir).resolve()))
    return frame[frame["cve_ent"] == cve_ent] if cve_ent else frame


def decode_geometry(polygons: list, grid: float):
    """The shapely (Multi)Polygon of one compact feature (see the build script)."""
    import shapely

    parts = []
    for rings in polygons:
        shells = []
        for ring in rings:
            xy = np.cumsum(np.asarray(ring, dtype=np.int64).reshape(-1, 2), axis=0) * grid
            xy = np.round(xy, 6)
            shells.append(np.vstack([xy, xy[:1]]))
        parts.append(shapely.Polygon(shells[0], shells[1:]))
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


@lru_cache(maxsize=2)
def _features(root: str) -> tuple[dict, ...]:
    """GeoJSON features of every municipality (properties cvegeo, cve_ent, name), decoded once."""
    from shapely.geometry import mapping

    data = json.loads((Path(root) / BOUNDARIES_FILE).read_text(encoding="utf-8"))
    grid = float(data["grid"])
    out = []
    for feature in data["features"]:
        geometry = mapping(decode_geometry(feature["polygons"], grid))
        out.append({"type": "Feature",
                    "properties": {"cvegeo": feature["cvegeo"], "cve_ent": feature["cve_ent"], "name": feature["name"]},
                    "geometry": {"type": geometry["type"], "coordinates": _lists(geometry["coordinates"])}})
    return tuple(out)


def _lists(value):
    if isinstance(value, tuple) and value and isinstance(value[0], float):
        return [value[0], value[1]]
    return [_lists(v) for v in value]


def features(geodata_dir=None, cve_ent: str | None = None) -> list[dict]:
    """The simplified polygons as GeoJSON features (shared: copy before changing), whole or one state."""
    every = _features(str(_root(geodata_dir).resolve()))
    return [f for f in every if f["properties"]["cve_ent"] == cve_ent] if cve_ent else list(every)


@lru_cache(maxsize=2)
def _shapes(root: str):
    import shapely

    data = json.loads((Path(root) / BOUNDARIES_FILE).read_text(encoding="utf-8"))
    grid = float(data["grid"])
    codes = [f["cvegeo"] for f in data["features"]]
    geometries = [decode_geometry(f["polygons"], grid) for f in data["features"]]
    return pd.Series(geometries, index=codes, dtype=object), shapely


def shapes(geodata_dir=None, cve_ent: str | None = None) -> pd.Series:
    """Shapely geometries indexed by cvegeo (for static maps)."""
    series, _ = _shapes(str(_root(geodata_dir).resolve()))
    return series[series.index.str.startswith(cve_ent)] if cve_ent else series


def share_colour(share: float | None) -> str:
    if share is None or pd.isna(share):
        return "#ffffff"
    pct = 100 * share
    return next(c for low, high, c in SHARE_CLASSES if low <= pct < high)


def state_totals(geodata_dir=None) -> pd.DataFrame:
    """Per state: the municipal sums (every count column), for comparison with census_2020.csv."""
    return census(geodata_dir).groupby("cve_ent")[COUNT_COLUMNS].sum().reindex(list(STATE_CODES))


# ----------------------------------------------------------------------------------------- validation

def check(root: Path) -> list:
    """Problems of the municipal tables (``tables.Problem``), for ``imss-coverage validate``."""
    from coverage.tables import Problem

    problems: list = []
    path = root / CENSUS_FILE
    if not path.is_file():
        return [Problem("municipalities", None, None, f"file {path} is missing")]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [Problem("municipalities", None, None, f"missing column(s): {', '.join(missing)}")]
    if len(frame) != EXPECTED or frame["cvegeo"].duplicated().any():
        problems.append(Problem("municipalities", None, "cvegeo",
                                f"must list the {EXPECTED:,} municipalities once each (found {len(frame):,} rows)"))
    numbers = {}
    for column in COUNT_COLUMNS:
        bad = ~frame[column].str.fullmatch(r"\d+")
        for position in np.flatnonzero(bad.to_numpy())[:10]:
            problems.append(Problem("municipalities", int(position) + 2, column,
                                    f"'{frame[column].iloc[position]}' is not a whole number of people"))
        numbers[column] = pd.to_numeric(frame[column], errors="coerce")
    if problems:
        return problems
    for position in np.flatnonzero((~frame["cve_ent"].isin(STATE_CODES)
                                    | (frame["cvegeo"] != frame["cve_ent"] + frame["mun_code"])).to_numpy())[:10]:
        problems.append(Problem("municipalities", int(position) + 2, "cvegeo",
                                f"'{frame['cvegeo'].iloc[position]}' is not state code + municipality code"))
    order = ((numbers["no_ss_low"] <= numbers["no_ss"]) & (numbers["no_ss"] <= numbers["no_ss_high"])
             & (numbers["no_ss_high"] <= numbers["POBTOT"]))
    for position in np.flatnonzero(~order.to_numpy())[:10]:
        problems.append(Problem("municipalities", int(position) + 2, "no_ss",
                                "the estimate must lie within its bounds and never above the population"))
    states = root / "census_2020.csv"
    if states.is_file():
        # a broken state table is reported by its own check; only its whole numbers are compared here
        state = pd.read_csv(states, dtype=str, keep_default_na=False).set_index("cve_ent")
        state = state.apply(pd.to_numeric, errors="coerce")
        sums = pd.DataFrame(numbers).assign(cve_ent=frame["cve_ent"]).groupby("cve_ent").sum()
        for column in [c for c in state.columns if c in sums.columns]:
            for code in state.index:
                if code in sums.index and pd.notna(state.at[code, column]) and (
                        int(sums.at[code, column]) != int(state.at[code, column])):
                    problems.append(Problem("municipalities", None, column,
                                            f"state {code}: municipal sum {int(sums.at[code, column]):,} differs from "
                                            f"census_2020.csv {int(state.at[code, column]):,}"))
    boundaries = root / BOUNDARIES_FILE
    if not boundaries.is_file():
        problems.append(Problem("municipal-boundaries", None, None, f"file {boundaries} is missing"))
        return problems
    try:
        data = json.loads(boundaries.read_text(encoding="utf-8"))
        codes = [f["cvegeo"] for f in data["features"]]
    except (ValueError, KeyError, TypeError) as exc:
        return problems + [Problem("municipal-boundaries", None, None, f"is not the compact boundary file: {exc}")]
    if sorted(codes) != sorted(frame["cvegeo"]):
        problems.append(Problem("municipal-boundaries", None, "cvegeo",
                                f"must hold the same {EXPECTED:,} municipalities as the census table (found {len(codes):,})"))
    return problems


INPUT_FILES = (CENSUS_FILE, BOUNDARIES_FILE, BUILD_FILE)


@lru_cache(maxsize=2)
def projected_paths(root: str, crs: str) -> tuple:
    """(cvegeo, matplotlib Path) of every municipality in ``crs``, projected once per process."""
    import geopandas as gpd

    geometries = gpd.GeoSeries(shapes(root), crs="EPSG:4326").to_crs(crs)
    return tuple((code, _mpl_path(geometry)) for code, geometry in geometries.items())


def _mpl_path(geometry):
    """A (multi)polygon as one matplotlib path, holes included."""
    from matplotlib.path import Path as MplPath

    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in (polygon.exterior, *polygon.interiors):
            xy = list(ring.coords)
            vertices += xy
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


def draw_national(ax, root, crs: str, zorder: float = 1) -> list[str]:
    """Every municipality filled by its share, as one collection; returns the colours in drawing order."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch

    share = census(root).set_index("cvegeo")["share"]
    paths = projected_paths(str(_root(root).resolve()), crs)
    colours = [share_colour(share.get(code)) for code, _ in paths]
    # Thin white edges would swallow the small municipalities of Oaxaca at country scale: none.
    ax.add_collection(PatchCollection([PathPatch(path) for _, path in paths], facecolors=colours,
                                      edgecolors="face", linewidths=0.05, zorder=zorder), autolim=False)
    return colours


def draw_shares(ax, cve_ent: str, crs: str, lang: str, zorder: float = 2.5) -> list:
    """A static map's municipalities of one state, filled by share without social security.

    Returns the legend handles (one per class drawn, with its count of municipalities).
    """
    import geopandas as gpd
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, PathPatch

    from coverage.i18n import t

    frame = census(cve_ent=cve_ent).set_index("cvegeo")
    geometries = gpd.GeoSeries(shapes(cve_ent=cve_ent), crs="EPSG:4326").to_crs(crs)
    colours = [share_colour(frame.at[code, "share"]) for code in geometries.index]
    patches = [PathPatch(_mpl_path(geometry)) for geometry in geometries]
    ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolors="#ffffff", linewidths=0.35,
                                      zorder=zorder), autolim=False)
    handles = [Patch(facecolor="none", edgecolor="none", label=t("network.municipal.legend", lang))]
    for low, high, colour in SHARE_CLASSES:
        n = sum(1 for c in colours if c == colour)
        if n:
            key = ("network.municipal.class.below" if low == 0 else "network.municipal.class.above" if high > 100
                   else "network.municipal.class.between")
            handles.append(Patch(facecolor=colour, edgecolor="#999999", linewidth=0.5,
                                 label=f"{t(key, lang, low=low, high=high)} ({n})"))
    return handles
