#!/usr/bin/env python3
"""Build the municipal layer: census 2020 figures and simplified boundaries of the 2,469 municipalities.

Usage: .venv/bin/python geodata/municipalities/build_municipalities.py [--shared ../shared/data]
(needs shapely >= 2.2 for ``coverage_clean``; the app itself only reads the output).

Inputs (``../shared/data``):
- ``census/poblacion_salud.tsv``: INEGI ITER 2020 municipal totals, long format (11 variables).
- ``boundaries/mx_municipios_inegi_pop2020.geojson``: the 2,469 municipal polygons (``cvegeo``).

Outputs:
- ``municipalities_2020.csv``: one row per municipality, the ITER variables, and the estimate of the
  population without social security with its bounds (``no_ss``, ``no_ss_low``, ``no_ss_high``).
- ``municipalities.json``: the polygons, cleaned into an exact coverage and simplified for the
  browser, in a compact form (``coverage.municipalities`` turns it back into GeoJSON, whole or per
  state): per municipality its ``cvegeo``, ``cve_ent``, ``name`` and its polygons as rings of
  integer coordinates on a 1e-6° grid, the first point absolute and the others as differences from
  the previous one (the closing point is implied).  About a third of the size of the same GeoJSON.
- ``municipalities.build.json``: checksums, the estimator's totals, the simplification and its checks.

Population without social security
----------------------------------
The product's definition is ``PSINDER + PDER_SEGP + PDER_IMSSB`` (no affiliation, plus affiliation to
Seguro Popular/INSABI or IMSS-Bienestar).  The census counts a person once per affiliation, so in
some municipalities that sum exceeds the population (27 municipalities, up to 120 %).  Bounds that
follow from the census alone, for ``A`` = people affiliated to some service (``PDER_SS``):

- high = ``PSINDER + min(PDER_SEGP + PDER_IMSSB, PDER_SS - max(PDER_IMSS, PDER_ISTE, PDER_ISTEE, PAFIL_PDOM))``:
  among the affiliated, those without social security cannot outnumber the SEGP/IMSS-Bienestar
  affiliations, nor the affiliated minus the largest social-security institution's members.
- low = ``PSINDER + max(0, PDER_SS - (PDER_IMSS + PDER_ISTE + PDER_ISTEE + PAFIL_PDOM + PAFIL_IPRIV + PAFIL_OTRAI))``:
  the affiliated that no other institution can account for.

The estimate ``no_ss`` is the product's sum clipped to the high bound: equal to the plain sum
wherever that sum is possible, and the largest possible value where it is not.  So
``low <= no_ss <= high <= PSINDER + PDER_SS <= POBTOT`` in every municipality.  The state sums of
every ITER variable equal ``geodata/census_2020.csv`` exactly (checked); the state sums of the plain
definition equal the state figures of the "covered" definition, and the clipped estimate is lower by
the double counts removed (recorded per state in the build record).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # geodata/_build.py
from _build import DEFAULT_SHARED, run_with_shared, sha256, write_json  # noqa: E402

HERE = Path(__file__).resolve().parent
GEODATA = HERE.parent
CENSUS = "census/poblacion_salud.tsv"
BOUNDARIES = "boundaries/mx_municipios_inegi_pop2020.geojson"
OUT_CSV = HERE / "municipalities_2020.csv"
OUT_GEOJSON = HERE / "municipalities.json"
OUT_BUILD = HERE / "municipalities.build.json"
VARIABLES = ["POBTOT", "PSINDER", "PDER_SS", "PDER_IMSS", "PDER_ISTE", "PDER_ISTEE", "PAFIL_PDOM", "PDER_SEGP",
             "PDER_IMSSB", "PAFIL_IPRIV", "PAFIL_OTRAI"]
SOCIAL_SECURITY = ["PDER_IMSS", "PDER_ISTE", "PDER_ISTEE", "PAFIL_PDOM"]
EXPECTED = 2_469
MAX_BYTES = 1_500_000
MAX_AREA_CHANGE_PCT = 2.0
AREA_CRS = "EPSG:6372"  # INEGI's Lambert conformal conic: areas in m²
GAP_WIDTH_DEG = 0.02  # gaps narrower than ~2 km between neighbours (all of the source's 209) are closed by coverage_clean
GRID = 1e-6  # ≈ 0.1 m: output coordinates snapped to this grid (1e-5 opened a gap between neighbours)
TOLERANCE_LADDER = (0.0005, 0.001, 0.0015, 0.002, 0.003)  # degrees, smallest first


def estimator(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds no_ss_plain, no_ss_low, no_ss_high, no_ss (see the module docstring) to a wide census table."""
    out = frame.copy()
    out["no_ss_plain"] = out["PSINDER"] + out["PDER_SEGP"] + out["PDER_IMSSB"]
    largest = out[SOCIAL_SECURITY].max(axis=1)
    out["no_ss_high"] = out["PSINDER"] + np.minimum(out["PDER_SEGP"] + out["PDER_IMSSB"], out["PDER_SS"] - largest)
    accounted = out[SOCIAL_SECURITY + ["PAFIL_IPRIV", "PAFIL_OTRAI"]].sum(axis=1)
    out["no_ss_low"] = out["PSINDER"] + np.maximum(0, out["PDER_SS"] - accounted)
    out["no_ss"] = np.minimum(out["no_ss_plain"], out["no_ss_high"])
    return out


def census_table(shared: Path) -> pd.DataFrame:
    long = pd.read_csv(shared / CENSUS, sep="\t", dtype={"state_id": str, "municipality_id": str, "valor": "int64"})
    wide = long.pivot_table(index="municipality_id", columns="variable", values="valor", aggfunc="first")
    names = long.drop_duplicates("municipality_id").set_index("municipality_id")["municipality"]
    missing = [v for v in VARIABLES if v not in wide.columns]
    if missing or len(wide) != EXPECTED or wide[VARIABLES].isna().any().any():
        raise SystemExit(f"census: expected {EXPECTED} municipalities × {VARIABLES}, missing {missing}")
    code = wide.index.str.zfill(5)
    frame = pd.DataFrame({"cvegeo": code, "cve_ent": code.str[:2], "mun_code": code.str[2:],
                          "name": names.reindex(wide.index).to_numpy()})
    for variable in VARIABLES:
        frame[variable] = wide[variable].astype("int64").to_numpy()
    frame = estimator(frame).sort_values("cvegeo").reset_index(drop=True)
    return frame


def check_census(frame: pd.DataFrame) -> dict:
    """State sums equal geodata/census_2020.csv; the estimate sits within its bounds and below POBTOT."""
    states = pd.read_csv(GEODATA / "census_2020.csv", dtype={"cve_ent": str}).set_index("cve_ent")
    sums = frame.groupby("cve_ent")[list(states.columns)].sum()
    if not sums.equals(states.loc[sums.index].astype("int64")) or len(sums) != 32:
        diff = (sums - states).abs().sum()
        raise SystemExit(f"municipal sums differ from census_2020.csv: {diff[diff > 0].to_dict()}")
    order = (frame["no_ss_low"] <= frame["no_ss"]) & (frame["no_ss"] <= frame["no_ss_high"]) & (
        frame["no_ss_high"] <= frame["POBTOT"])
    if not order.all():
        raise SystemExit(f"estimator out of order in {frame.loc[~order, 'cvegeo'].tolist()[:10]}")
    over = frame["no_ss_plain"] > frame["POBTOT"]
    by_state = frame.groupby("cve_ent")[["no_ss_plain", "no_ss", "no_ss_low", "no_ss_high"]].sum()
    state_definition = states["PSINDER"] + states["PDER_SEGP"] + states["PDER_IMSSB"]
    if not by_state["no_ss_plain"].equals(state_definition.loc[by_state.index].astype("int64")):
        raise SystemExit("the plain municipal sums do not add up to the state definition")
    return {
        "municipalities": len(frame),
        "plain_sum_above_population": int(over.sum()),
        "plain_sum_max_share_of_population": round(float((frame["no_ss_plain"] / frame["POBTOT"]).max()), 4),
        "plain_sum_above_high_bound": int((frame["no_ss_plain"] > frame["no_ss_high"]).sum()),
        "national": {c: int(frame[c].sum()) for c in ("POBTOT", "PSINDER", "no_ss_plain", "no_ss", "no_ss_low",
                                                      "no_ss_high")},
        "double_counts_removed_by_state": {k: int(v) for k, v in (by_state["no_ss_plain"] - by_state["no_ss"]).items()
                                           if v},
    }


def polygonal(geometry):
    geometry = shapely.make_valid(geometry)
    parts = [q for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")
             for q in shapely.get_parts(p)]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def encode(geometry) -> list:
    """Polygons → rings of grid integers, first point absolute, then differences; closing point dropped."""
    polygons = []
    for polygon in shapely.get_parts(geometry):
        rings = []
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.rint(np.asarray(ring.coords)[:-1] / GRID).astype(np.int64)
            steps = np.vstack([xy[:1], np.diff(xy, axis=0)])
            rings.append(steps.ravel().tolist())
        polygons.append(rings)
    return polygons


def to_compact(frame: pd.DataFrame, geometries) -> bytes:
    lines = []
    for row, geometry in zip(frame.itertuples(), geometries):
        lines.append(json.dumps({"cvegeo": row.cvegeo, "cve_ent": row.cve_ent, "name": row.name,
                                 "polygons": encode(geometry)}, ensure_ascii=False, separators=(",", ":")))
    return ('{"grid":%s,"crs":"EPSG:4326","features":[\n' % GRID + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def decoded(payload: bytes) -> np.ndarray:
    from coverage.municipalities import decode_geometry

    data = json.loads(payload)
    return np.array([decode_geometry(f["polygons"], data["grid"]) for f in data["features"]], dtype=object)


def simplify(clean: np.ndarray, tolerance: float) -> np.ndarray:
    simple = shapely.coverage_simplify(clean, tolerance)
    simple = shapely.set_precision(simple, GRID, mode="valid_output")
    simple = np.array([polygonal(g) for g in simple], dtype=object)
    return shapely.orient_polygons(shapely.normalize(simple), exterior_cw=False)


def boundaries(shared: Path, frame: pd.DataFrame) -> tuple[bytes, dict]:
    source = gpd.read_file(shared / BOUNDARIES)
    source["cvegeo"] = source["cvegeo"].astype(str).str.zfill(5)
    source = source.set_index("cvegeo").loc[frame["cvegeo"]]
    original = np.array([polygonal(g) for g in source.geometry.values], dtype=object)
    clean = shapely.coverage_clean(original, gap_width=GAP_WIDTH_DEG)
    if not shapely.coverage_is_valid(clean):
        raise SystemExit("coverage_clean did not give a valid coverage")
    source_area = gpd.GeoSeries(original, crs="EPSG:4326").to_crs(AREA_CRS).area.to_numpy()
    # the simplification is measured against the cleaned coverage; the cleaning (gaps given to a
    # neighbour, overlaps split) is reported against the source
    area0 = gpd.GeoSeries(clean, crs="EPSG:4326").to_crs(AREA_CRS).area.to_numpy()
    cleaning = (area0 - source_area) / source_area * 100
    union = shapely.coverage_union_all(clean)
    holes = sum(len(p.interiors) for p in shapely.get_parts(union))
    source_holes = sum(len(p.interiors) for p in shapely.get_parts(shapely.union_all(original)))
    if holes:
        raise SystemExit(f"{holes} gaps between neighbours remain after coverage_clean")
    ladder = []
    for tolerance in TOLERANCE_LADDER:
        simple = simplify(clean, tolerance)
        payload = to_compact(frame, simple)
        area1 = gpd.GeoSeries(simple, crs="EPSG:4326").to_crs(AREA_CRS).area.to_numpy()
        change = (area1 - area0) / area0 * 100
        errors = []
        if shapely.is_empty(simple).any() or not shapely.is_valid(simple).all():
            errors.append("empty or invalid geometry")
        if not shapely.coverage_is_valid(simple):
            errors.append("not a valid coverage (gaps or overlaps between neighbours)")
        if sum(len(p.interiors) for p in shapely.get_parts(shapely.coverage_union_all(simple))):
            errors.append("gaps between neighbours")
        if np.abs(change).max() > MAX_AREA_CHANGE_PCT:
            errors.append(f"{int((np.abs(change) > MAX_AREA_CHANGE_PCT).sum())} municipalities changed area by more "
                          f"than {MAX_AREA_CHANGE_PCT} %")
        geojson_bytes = len(gpd.GeoSeries(simple, crs="EPSG:4326").set_precision(GRID).to_json(drop_id=True))
        ladder.append({"tolerance_deg": tolerance, "bytes": len(payload), "geojson_bytes_approx": geojson_bytes, "vertices": int(shapely.get_num_coordinates(simple).sum()),
                       "max_area_change_pct": round(float(np.abs(change).max()), 3), "errors": errors})
        print(ladder[-1], flush=True)
        if len(payload) <= MAX_BYTES and not errors:
            if not shapely.equals_exact(decoded(payload), simple, tolerance=GRID / 2).all():
                raise SystemExit("the compact file does not decode to the simplified polygons")
            worst = int(np.abs(change).argmax())
            return payload, {
                "method": "shapely.coverage_clean (gap_width %.3f°) of the INEGI polygons, then "
                          "shapely.coverage_simplify (GEOS CoverageSimplifier, Visvalingam-Whyatt; shared borders "
                          "stay shared), then set_precision to a %g° grid, normalize, orient_polygons; the smallest "
                          "tolerance of the ladder that meets the size budget and every check" % (GAP_WIDTH_DEG, GRID),
                "tolerance_deg": tolerance,
                "ladder": ladder,
                "vertices_before": int(shapely.get_num_coordinates(original).sum()),
                "vertices_after": int(shapely.get_num_coordinates(simple).sum()),
                "source_coverage_valid": bool(shapely.coverage_is_valid(original)),
                "source_gaps_closed": int(source_holes),
                "gaps_after": int(sum(len(p.interiors) for p in shapely.get_parts(shapely.coverage_union_all(simple)))),
                "cleaning_max_area_change_pct": round(float(np.abs(cleaning).max()), 3),
                "cleaning_worst_municipality": frame["cvegeo"].iloc[int(np.abs(cleaning).argmax())],
                "max_area_change_pct": round(float(np.abs(change).max()), 3),
                "worst_municipality": frame["cvegeo"].iloc[worst],
                "area_km2_source": round(float(source_area.sum()) / 1e6, 1),
                "area_km2_before": round(float(area0.sum()) / 1e6, 1),
                "area_km2_after": round(float(area1.sum()) / 1e6, 1),
                "coverage_valid": True,
            }
    raise SystemExit(f"no simplification met the budget and the checks: {ladder}")


def main(shared: Path) -> int:
    frame = census_table(shared)
    census_report = check_census(frame)
    columns = ["cvegeo", "cve_ent", "mun_code", "name", *VARIABLES, "no_ss", "no_ss_low", "no_ss_high", "no_ss_plain"]
    frame[columns].to_csv(OUT_CSV, index=False, lineterminator="\n")
    payload, simplification = boundaries(shared, frame)
    OUT_GEOJSON.write_bytes(payload)
    record = {
        "outputs": {p.name: {"bytes": p.stat().st_size, "sha256": sha256(p)} for p in (OUT_CSV, OUT_GEOJSON)},
        "sources": {name: sha256(shared / name) for name in (CENSUS, BOUNDARIES)},
        "estimator": {
            "no_ss": "min(PSINDER + PDER_SEGP + PDER_IMSSB, no_ss_high)",
            "no_ss_high": "PSINDER + min(PDER_SEGP + PDER_IMSSB, PDER_SS - max(PDER_IMSS, PDER_ISTE, PDER_ISTEE, PAFIL_PDOM))",
            "no_ss_low": "PSINDER + max(0, PDER_SS - (PDER_IMSS + PDER_ISTE + PDER_ISTEE + PAFIL_PDOM + PAFIL_IPRIV + PAFIL_OTRAI))",
            **census_report,
        },
        "simplification": simplification,
    }
    write_json(OUT_BUILD, record)
    print(f"wrote {OUT_CSV.name} ({len(frame)} rows) and {OUT_GEOJSON.name} ({len(payload):,} bytes, tolerance "
          f"{simplification['tolerance_deg']}, max area change {simplification['max_area_change_pct']} %)")
    return 0


if __name__ == "__main__":
    run_with_shared(main, __doc__)
