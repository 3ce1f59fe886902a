"""The access gap: how many people live farther than X km, in a straight line, from a health unit.

Method (published on ``/fuentes``, every step a column here):
1. Localities: the embedded INEGI table of localities with 1,000+ inhabitants, or a full catalogue
   the user loads (``coverage.localities``).  Masked populations are unknown, not zero.
2. Units of a *scope* (``SCOPES``): operating, fixed (mobile units have no fixed place and are
   excluded), with usable coordinates, from the public institutions; then first-level units,
   hospitals, or the network that serves people without social security.
3. Nearest unit: both sets projected to EPSG:6372 (Mexico ITRF2008 / Lambert conformal conic, metres)
   with pyproj, nearest neighbour found with a k-d tree (``scipy.spatial.cKDTree``).  The distance
   reported is the geodesic distance (WGS 84 ellipsoid, ``pyproj.Geod``) from the locality to that
   unit; ``planar_km`` keeps the projected one so the difference can be shown.
4. Per state and municipality: the people, share and number of localities beyond X km, the largest
   distance and the farthest locality, next to the state's rollout status.

It is a straight line, not a travel time: mountains, rivers and roads are ignored, so real access is
worse than this measure says.  The nearest unit can lie in another state; a catalogue that covers
only some states measures only the localities of those states (``Nearest.partial``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from coverage import clues
from coverage.errors import RequestError
from coverage.localities import Localities

CRS = "EPSG:6372"
SCOPES = ("first_level", "hospital", "public", "uninsured")
# The network that serves people without social security: state-run services (SSA) before the
# transfer, IMSS-BIENESTAR (IMB) after it, and the older IMSS-Bienestar programme (IMO), whichever
# the release lists as operating.
UNINSURED_CODES = ("SSA", "IMB", "IMO")
PRESETS = {"first_level": (2, 5, 10), "public": (2, 5, 10), "uninsured": (2, 5, 10), "hospital": (10, 20, 30, 50)}
DEFAULT_KM = {"first_level": 5, "public": 5, "uninsured": 5, "hospital": 30}
KM_MIN, KM_MAX = 1, 100


class AccessError(RequestError, ValueError):
    """A request the measure cannot answer (bad distance, unknown scope); ``code``/``values`` translate it."""


def check_km(value: object) -> float:
    """A distance threshold in km, 1–100; anything else raises AccessError saying what is allowed."""
    try:
        km = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise AccessError("km_text", f"'{value}' is not a distance; give a number of km from {KM_MIN} to {KM_MAX}",
                          value=value) from None
    if not np.isfinite(km) or not KM_MIN <= km <= KM_MAX:
        raise AccessError("km_range", f"{value} km is outside {KM_MIN}–{KM_MAX} km; give a number of km in that range",
                          value=value)
    return km


def check_scope(value: str) -> str:
    if value not in SCOPES:
        raise AccessError("scope", f"unknown scope '{value}'; choose one of: {', '.join(SCOPES)}", value=value)
    return value


def scope_mask(table: pd.DataFrame, scope: str) -> pd.Series:
    """Which rows of a normalised catalogue table are units of ``scope``."""
    check_scope(scope)
    fixed = (table["status"] == "operating") & table["mappable"].astype(bool) & ~table["mobile"].astype(bool)
    public = fixed & table["group"].isin(clues.PUBLIC_GROUPS)
    if scope == "public":
        return public
    if scope == "first_level":
        # A stated level wins; otherwise outpatient units count as first level.  In the embedded network
        # the type is inferred from the unit's name (``unit_type``), and the rural centres named only after
        # their village are "other": there an unknown type counts as first level, because leaving those
        # centres out would place their villages far from care.  (In an official catalogue "other" is a
        # support unit — office, laboratory — and is left out.)
        level = table["level"].astype(str)
        kind = table["type"].astype(str)
        unknown = kind.eq("other") & (table["unit_type"].astype(str).eq("other") if "unit_type" in table
                                      else False)
        return public & ((level == "1") | ((level == "") & (kind.eq("first_level") | unknown)))
    if scope == "hospital":
        return public & (table["type"] == "hospital")
    return fixed & table["inst_code"].isin(UNINSURED_CODES)


def scope_units(catalogue: clues.Catalogue | pd.DataFrame, scope: str) -> pd.DataFrame:
    table = catalogue.table if isinstance(catalogue, clues.Catalogue) else catalogue
    return table[scope_mask(table, scope)]


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


def project(lon, lat) -> np.ndarray:
    """(n, 2) array of EPSG:6372 metres for longitudes and latitudes in degrees."""
    x, y = _transformer().transform(np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64"))
    return np.column_stack([x, y])


def geodesic_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    from pyproj import Geod

    _, _, metres = Geod(ellps="WGS84").inv(np.asarray(lon1, float), np.asarray(lat1, float),
                                           np.asarray(lon2, float), np.asarray(lat2, float))
    return np.asarray(metres) / 1000


@dataclass
class Nearest:
    """Every locality with its nearest unit of one scope (``table``), and what the search covered."""

    table: pd.DataFrame  # locality columns + measured, dist_km, planar_km, unit_clues, unit_name, unit_inst, unit_cve_ent
    scope: str
    units: int  # units of the scope searched
    units_by_state: dict[str, int]
    covered_states: tuple[str, ...]  # states where the catalogue lists operating units
    partial: bool  # the catalogue covers fewer states than the localities
    localities_source: str
    localities_embedded: bool
    min_population: int | None


UNIT_COLUMNS = ["unit_clues", "unit_name", "unit_inst", "unit_cve_ent"]


def nearest(places: Localities, catalogue: clues.Catalogue | pd.DataFrame, scope: str) -> Nearest:
    """Nearest unit of ``scope`` for every locality of a state the catalogue covers."""
    from scipy.spatial import cKDTree

    table = catalogue.table if isinstance(catalogue, clues.Catalogue) else catalogue
    operating = table[table["status"] == "operating"]
    covered = tuple(sorted(operating["cve_ent"].astype(str).unique()))
    units = table[scope_mask(table, scope)]
    out = places.table.copy()
    out["measured"] = out["mappable"] & out["cve_ent"].isin(covered) & (len(units) > 0)
    out["dist_km"] = np.nan
    out["planar_km"] = np.nan
    for column in UNIT_COLUMNS:
        out[column] = pd.Series(pd.NA, index=out.index, dtype="string")
    todo = out.index[out["measured"]]
    if len(todo):
        tree = cKDTree(project(units["lon"], units["lat"]))
        here = out.loc[todo]
        planar, position = tree.query(project(here["lon"], here["lat"]), k=1)
        chosen = units.iloc[position]
        out.loc[todo, "planar_km"] = planar / 1000
        out.loc[todo, "dist_km"] = geodesic_km(here["lon"], here["lat"], chosen["lon"], chosen["lat"])
        out.loc[todo, "unit_clues"] = chosen["clues"].astype(str).to_numpy()
        out.loc[todo, "unit_name"] = chosen["name"].astype(str).to_numpy()
        out.loc[todo, "unit_inst"] = chosen["inst_short"].astype(str).to_numpy()
        out.loc[todo, "unit_cve_ent"] = chosen["cve_ent"].astype(str).to_numpy()
    by_state = units["cve_ent"].astype(str).value_counts()
    return Nearest(table=out, scope=scope, units=len(units), units_by_state={k: int(v) for k, v in by_state.items()},
                   covered_states=covered, partial=not set(places.table["cve_ent"]) <= set(covered),
                   localities_source=places.source, localities_embedded=places.embedded,
                   min_population=places.min_population)


GAP_COLUMNS = ["localities", "localities_measured", "population", "people_beyond", "share_beyond",
               "localities_beyond", "localities_beyond_unknown_population", "max_km", "farthest_locality",
               "mean_km"]


def _aggregate(frame: pd.DataFrame, keys: list[str], km: float) -> pd.DataFrame:
    measured = frame["measured"]
    pop = frame["population"].astype("float64").where(measured)  # NaN = masked or not measured
    beyond = measured & (frame["dist_km"] > km)
    work = pd.DataFrame({
        **{k: frame[k] for k in keys},
        "one": 1,
        "measured": measured.astype(int),
        "pop": pop.fillna(0),
        "beyond_pop": pop.where(beyond).fillna(0),
        "beyond": beyond.astype(int),
        "beyond_unknown": (beyond & pop.isna()).astype(int),
        "weighted": (pop * frame["dist_km"]).fillna(0),
        "dist": frame["dist_km"].where(measured),
    })
    grouped = work.groupby(keys, sort=True, observed=True)
    result = pd.DataFrame({
        "localities": grouped["one"].sum(),
        "localities_measured": grouped["measured"].sum(),
        "population": grouped["pop"].sum().astype("int64"),
        "people_beyond": grouped["beyond_pop"].sum().astype("int64"),
        "localities_beyond": grouped["beyond"].sum(),
        "localities_beyond_unknown_population": grouped["beyond_unknown"].sum(),
        "max_km": grouped["dist"].max(),
        "weighted": grouped["weighted"].sum(),
    })
    result["share_beyond"] = (result["people_beyond"] / result["population"].where(result["population"] > 0))
    result["mean_km"] = result.pop("weighted") / result["population"].where(result["population"] > 0)
    far = frame[measured].sort_values("dist_km", ascending=False, kind="stable").drop_duplicates(keys)
    result["farthest_locality"] = far.set_index(keys)["name"].reindex(result.index)
    return result.reset_index()


def state_gap(result: Nearest, km: float) -> pd.DataFrame:
    """One row per state with localities: the people beyond ``km`` and the components behind it."""
    km = check_km(km)
    from coverage.rollout import cached

    def build() -> pd.DataFrame:
        frame = _aggregate(result.table, ["cve_ent"], km)
        frame["units"] = frame["cve_ent"].map(result.units_by_state).fillna(0).astype("int64")
        frame["covered"] = frame["cve_ent"].isin(result.covered_states)
        return frame[["cve_ent", *GAP_COLUMNS, "units", "covered"]]

    # Kept with the search (rollout's bounded result cache, each caller a copy): the national page
    # measures the same X for its map and again for its snapshot on every rerun (issue 11).
    return cached(result, "state_gap", (km,), build)


def municipal_gap(result: Nearest, km: float, cve_ent: str | None = None) -> pd.DataFrame:
    """One row per municipality (of one state, or all): people beyond ``km`` and its components."""
    km = check_km(km)
    table = result.table if cve_ent is None else result.table[result.table["cve_ent"] == cve_ent]
    frame = _aggregate(table.assign(municipality=table["municipality"].fillna("")), ["cve_ent", "cve_mun"], km)
    names = table.drop_duplicates(["cve_ent", "cve_mun"]).set_index(["cve_ent", "cve_mun"])["municipality"]
    frame.insert(2, "municipality", [names.get((e, m)) for e, m in zip(frame["cve_ent"], frame["cve_mun"])])
    frame.insert(0, "cvegeo", frame["cve_ent"] + frame["cve_mun"])
    return frame[["cvegeo", "cve_ent", "cve_mun", "municipality", *GAP_COLUMNS]]


def underserved(result: Nearest, km: float, cve_ent: str | None = None) -> pd.DataFrame:
    """The localities beyond ``km``, farthest first (for the map layer and the tables)."""
    km = check_km(km)
    table = result.table
    mask = table["measured"] & (table["dist_km"] > km)
    if cve_ent is not None:
        mask &= table["cve_ent"] == cve_ent
    columns = ["cvegeo", "cve_ent", "cve_mun", "name", "municipality", "lat", "lon", "population", "dist_km",
               *UNIT_COLUMNS]
    return table.loc[mask, columns].sort_values("dist_km", ascending=False, kind="stable").reset_index(drop=True)


def summary(result: Nearest, km: float, cve_ent: str | None = None) -> dict:
    """The headline: people measured, people beyond ``km``, their share, and what was not measured."""
    km = check_km(km)
    table = result.table if cve_ent is None else result.table[result.table["cve_ent"] == cve_ent]
    measured = table["measured"]
    pop = table["population"].astype("float64")
    beyond = measured & (table["dist_km"] > km)
    total = int(pop[measured].fillna(0).sum())
    people_beyond = int(pop[beyond].fillna(0).sum())
    return {
        "scope": result.scope,
        "km": km,
        "people_total": total,
        "people_beyond": people_beyond,
        "share_beyond": people_beyond / total if total else None,
        "localities": int(len(table)),
        "localities_measured": int(measured.sum()),
        "localities_beyond": int(beyond.sum()),
        "localities_beyond_unknown_population": int((beyond & pop.isna()).sum()),
        "localities_unknown_population": int((measured & pop.isna()).sum()),
        "people_not_measured": int(pop[~measured].fillna(0).sum()),
        "max_km": float(table.loc[measured, "dist_km"].max()) if measured.any() else None,
        "units": int(result.units if cve_ent is None else result.units_by_state.get(cve_ent, 0)),
        "localities_source": result.localities_source,
        "localities_embedded": result.localities_embedded,
        "min_population": result.min_population,
        "partial_catalogue": result.partial,
        "planar_vs_geodesic_max_pct": _planar_error(table),
    }


def _planar_error(table: pd.DataFrame) -> float | None:
    """Largest relative difference between the EPSG:6372 and the geodesic distance, in per cent."""
    sel = table[table["measured"] & (table["dist_km"] > 0.5)]
    if sel.empty:
        return None
    return float((100 * (sel["planar_km"] - sel["dist_km"]).abs() / sel["dist_km"]).max())


def with_status(frame: pd.DataFrame, status_table: pd.DataFrame) -> pd.DataFrame:
    """The per-state gap next to each state's name and rollout status on the chosen date."""
    status = status_table[["cve_ent", "state", "status", "since"]]
    return status.merge(frame, on="cve_ent", how="right")[["cve_ent", "state", "status", "since",
                                                           *[c for c in frame.columns if c != "cve_ent"]]]


def snapshot_figures(result: Nearest, km: float, cve_ent: str, municipal: pd.DataFrame | None = None) -> dict:
    """What a state snapshot's manifest records about access: the headline, the method and the rows."""
    municipal = municipal if municipal is not None else municipal_gap(result, km, cve_ent)
    return {
        "summary": summary(result, km, cve_ent),
        "method": {"crs": CRS, "index": "scipy.spatial.cKDTree", "distance": "geodesic, WGS 84 (pyproj.Geod)",
                   "straight_line": True, "mobile_units": "excluded",
                   "uninsured_institutions": list(UNINSURED_CODES)},
        "municipalities": municipal,
    }


def census_names(codes: pd.Series, fallback: pd.Series) -> pd.Series:
    """Municipality names from the embedded census (the 1,000+ source writes some without accents)."""
    from coverage import municipalities

    names = municipalities.census().set_index("cvegeo")["name"]
    return codes.map(names).fillna(fallback)


def with_every_municipality(frame: pd.DataFrame, cve_ent: str | None = None) -> pd.DataFrame:
    """``municipal_gap`` plus a row for each municipality with no locality in the table (0 localities,
    nothing measured), so the 1,000+ table's blind spots are listed, not silently missing."""
    from coverage import municipalities

    census = municipalities.census(cve_ent=cve_ent)
    missing = census[~census["cvegeo"].isin(frame["cvegeo"])]
    if missing.empty:
        return frame
    extra = pd.DataFrame({"cvegeo": missing["cvegeo"], "cve_ent": missing["cve_ent"], "cve_mun": missing["mun_code"],
                          "municipality": missing["name"], "localities": 0, "localities_measured": 0,
                          "population": 0, "people_beyond": 0, "share_beyond": np.nan, "localities_beyond": 0,
                          "localities_beyond_unknown_population": 0, "max_km": np.nan,
                          "farthest_locality": None, "mean_km": np.nan})
    return pd.concat([frame, extra], ignore_index=True).sort_values("cvegeo", kind="stable").reset_index(drop=True)
