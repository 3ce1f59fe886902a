#!/usr/bin/env python3
"""Build geodata/facilities/network_2023.parquet: the national facility network, CLUES 2023 cut.

Usage (from the project root, with the project installed):

    .venv/bin/python geodata/facilities/build_network.py [--shared ../shared/data]

Inputs (``../shared/data``, see its README for origin and terms):
- ``facilities/national_2023/dataset_nacional.csv``: 44,459 operating establishments of a 2023 CLUES
  cut (republished by ivanugs/SMI_APP), UTF-8 with BOM.  Kept: CLUES, institution code, state,
  municipality, name, coordinates.  Dropped: ``agno`` (always 2023), ``distancia`` and
  ``tiempo_translado`` and the five resource columns (all zeros in this file).
- ``census/poblacion_salud.tsv``: municipality names by INEGI code (to name the 2023 records'
  municipalities and to find the IMSS-BIENESTAR directory's municipalities by name).
- ``boundaries/mx_states_inegi.geojson``: INEGI state polygons, to check each point against its
  declared state.
- ``localities/localidades_pob1000plus.sqlite``: AGEEML municipality names, to check the names of
  the six municipalities created after 2020 (``POST_2020``) that the 2023 records use.
- ``facilities/imss_bienestar/clues.json``: 696 IMSS-BIENESTAR second/third-level units (2026-01).

Derivation:
1. Type from the name by ``coverage.network.TYPE_RULES`` (first match wins); counts per rule recorded.
2. Coordinates: outside Mexico's bounding box → ``outside_mexico``; more than ``STATE_TOLERANCE_DEG``
   from the declared state's INEGI polygon → ``outside_state`` (with the state it falls in and the
   distance).  Flagged rows are kept, never drawn; nothing is corrected.
3. IMSS-BIENESTAR level and typology: a directory unit is matched to a 2023 record of the same state
   and municipality whose folded name (accents, case, punctuation removed) is identical, when exactly
   one record has that name there and the name is unique in the directory's municipality.  The
   match rate and the reasons for every non-match are recorded.
4. Parquet, zstd, dictionary-encoded, sorted by CLUES; ``network_2023.build.json`` holds the sha256
   of every input, the counts and the match report.  Then run geodata/build_datapackage.py.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry import shape

from coverage import clues, network

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # geodata/_build.py
from _build import DEFAULT_SHARED, run_with_shared, sha256, write_json  # noqa: E402

HERE = Path(__file__).resolve().parent
GEODATA = HERE.parent
OUTPUT = GEODATA / network.NETWORK_FILE
BUILD = GEODATA / network.NETWORK_BUILD
SOURCE = "facilities/national_2023/dataset_nacional.csv"
CENSUS = "census/poblacion_salud.tsv"
STATES = "boundaries/mx_states_inegi.geojson"
IMB = "facilities/imss_bienestar/clues.json"
# INEGI polygons are accurate: a point within ~2 km of its declared state counts as in it (coast, borders).
STATE_TOLERANCE_DEG = 0.02
KM_PER_DEG = 111.2
MAX_BYTES = 2_000_000
LOCALITIES = "localities/localidades_pob1000plus.sqlite"
# Municipalities created after the 2020 census (not in its 2,469): INEGI names, checked against the
# AGEEML names in the localities file (which drops accents) by ``municipality_names``.
POST_2020 = {("02", "007"): "San Felipe", ("04", "013"): "Dzitbalché", ("12", "082"): "Las Vigas",
             ("12", "083"): "Ñuu Savi", ("12", "084"): "Santa Cruz del Rincón", ("12", "085"): "San Nicolás"}


def name_key(text: str) -> str:
    """Names compared for matching: folded, punctuation as spaces, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[^A-Z0-9 ]", " ", clues.fold(text))).strip()


def municipality_names(shared: Path) -> pd.DataFrame:
    census = pd.read_csv(shared / CENSUS, sep="\t", dtype=str)
    frame = census.drop_duplicates("municipality_id")[["municipality_id", "municipality"]].copy()
    code = frame["municipality_id"].str.zfill(5)
    names = pd.DataFrame({"cve_ent": code.str[:2], "mun_code": code.str[2:], "municipality": frame["municipality"]})
    import sqlite3

    with sqlite3.connect(f"file:{shared / LOCALITIES}?mode=ro", uri=True) as db:
        ageeml = dict(((e, m), n) for e, m, n in db.execute(
            "SELECT DISTINCT cve_entidad, cve_municipio, nom_municipio FROM localidades"))
    for key, name in POST_2020.items():
        if key in set(zip(names["cve_ent"], names["mun_code"])) or name_key(ageeml.get(key, "")) != name_key(name):
            raise SystemExit(f"post-2020 municipality {key} {name!r} disagrees with the sources ({ageeml.get(key)!r})")
    extra = pd.DataFrame([{"cve_ent": e, "mun_code": m, "municipality": n} for (e, m), n in POST_2020.items()])
    return pd.concat([names, extra], ignore_index=True)


def coordinates(frame: pd.DataFrame, shared: Path) -> tuple[np.ndarray, np.ndarray]:
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    issue = np.full(len(frame), "", dtype=object)
    detail = np.full(len(frame), "", dtype=object)
    x0, y0, x1, y1 = clues.MEXICO_BBOX
    outside = ~((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
    for i in np.flatnonzero(outside):
        hint = ""
        if x0 <= lat[i] <= x1 and y0 <= lon[i] <= y1:
            hint = "; latitude and longitude look exchanged"
        elif y0 <= lat[i] <= y1 and x0 <= -lon[i] <= x1:
            hint = "; the longitude looks like it lost its minus sign"
        issue[i], detail[i] = "outside_mexico", f"({lat[i]}, {lon[i]}) is outside Mexico{hint}"
    features = json.loads((shared / STATES).read_text(encoding="utf-8"))["features"]
    codes = [f["properties"]["CVE_ENT"] for f in features]
    geoms = [shape(f["geometry"]) for f in features]
    for geom in geoms:
        shapely.prepare(geom)
    by_code = dict(zip(codes, geoms))
    points = shapely.points(lon, lat)
    tree = shapely.STRtree(geoms)
    hit_point, hit_state = tree.query(points, predicate="within")
    falls_in = np.full(len(frame), "", dtype=object)
    falls_in[hit_point] = [codes[j] for j in hit_state]
    declared = frame["cve_ent"].to_numpy()
    for code in np.unique(declared):
        rows = np.flatnonzero((declared == code) & ~outside)
        away = shapely.distance(by_code[code], points[rows])
        for i, far in zip(rows, away):
            if far > STATE_TOLERANCE_DEG:
                where = f"falls in state {falls_in[i]}" if falls_in[i] else "falls in no state (sea or abroad)"
                issue[i] = "outside_state"
                detail[i] = f"{where}, ≈{far * KM_PER_DEG:,.0f} km from its declared state {code}"
    return issue, detail


def imb_match(frame: pd.DataFrame, shared: Path, municipalities: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """IMSS-BIENESTAR directory units matched to 2023 records (columns imb_*), and the match report."""
    directory = pd.DataFrame(json.loads((shared / IMB).read_text(encoding="utf-8")))
    directory["cve_ent"] = directory["clues"].str[:2].map(clues.STATE_ABBR)
    lookup = {(c, name_key(n)): m for c, m, n in municipalities[["cve_ent", "mun_code", "municipality"]].itertuples(
        index=False)}
    directory["mun_code"] = [lookup.get((c, name_key(n))) for c, n in zip(directory["cve_ent"], directory["municipio"])]
    directory["key"] = directory["nombre"].map(name_key)
    record_key = frame["cve_ent"] + "|" + frame["mun_code"] + "|" + frame["name"].map(name_key)
    record_counts = record_key.value_counts()
    directory_key = directory["cve_ent"] + "|" + directory["mun_code"].fillna("?") + "|" + directory["key"]
    directory_counts = directory_key.value_counts()
    reasons: collections.Counter = collections.Counter()
    matched_rows: dict[int, int] = {}
    unmatched = []
    position = pd.Series(np.arange(len(frame)), index=record_key.values)
    for i, (key, mun) in enumerate(zip(directory_key, directory["mun_code"])):
        if not directory.at[i, "key"]:
            reason = "the directory gives no name"
        elif mun is None:
            reason = "municipality name not found in the census"
        elif directory_counts[key] > 1:
            reason = "name repeated in the directory's municipality"
        elif record_counts.get(key, 0) == 0:
            reason = "no 2023 record with this name in the municipality"
        elif record_counts[key] > 1:
            reason = "several 2023 records with this name in the municipality"
        else:
            matched_rows[int(position[key])] = i
            reason = "matched"
        reasons[reason] += 1
        if reason != "matched":
            unmatched.append({"clues": directory.at[i, "clues"], "nombre": directory.at[i, "nombre"],
                              "municipio": directory.at[i, "municipio"], "reason": reason})
    out = pd.DataFrame({"imb_clues": pd.array([pd.NA] * len(frame), dtype="string"),
                        "imb_level": pd.array([pd.NA] * len(frame), dtype="string"),
                        "imb_typology": pd.array([pd.NA] * len(frame), dtype="string")})
    rows = list(matched_rows)
    picked = directory.iloc[list(matched_rows.values())]
    out.loc[rows, "imb_clues"] = picked["clues"].to_numpy()
    out.loc[rows, "imb_level"] = picked["nivel"].to_numpy()
    out.loc[rows, "imb_typology"] = picked["tipologia"].to_numpy()
    matched = frame.iloc[rows]
    report = {
        "directory_units": len(directory),
        "matched": len(rows),
        "match_rate": round(len(rows) / len(directory), 4),
        "rule": "same state and municipality, identical folded name (accents, case, punctuation removed), "
                "unique on both sides",
        "reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "matched_by_2023_institution": {k: int(v) for k, v in matched["inst_code"].value_counts().items()},
        "matched_by_level": {k: int(v) for k, v in picked["nivel"].value_counts().items()},
        "unmatched_sample": unmatched[:25],
    }
    return out, report


def main(shared: Path) -> int:
    source = shared / SOURCE
    raw = pd.read_csv(source, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    wanted = {"clues", "clave_institucion", "clave_municipio", "clave_entidad", "lat", "long", "nombre_de_la_unidad"}
    if not wanted <= set(raw.columns):
        print(f"{source} lacks {sorted(wanted - set(raw.columns))}", file=sys.stderr)
        return 1
    frame = pd.DataFrame({
        "clues": raw["clues"].str.strip().str.upper(),
        "inst_code": raw["clave_institucion"].str.strip().str.upper(),
        "cve_ent": raw["clave_entidad"].str.strip().str.zfill(2),
        "mun_code": raw["clave_municipio"].str.strip().str.zfill(3),
        "name": raw["nombre_de_la_unidad"].str.strip().str.replace(r"\s+", " ", regex=True),
        "lat": pd.to_numeric(raw["lat"], errors="raise").round(6),
        "lon": pd.to_numeric(raw["long"], errors="raise").round(6),
    })
    if len(frame) != network.EXPECTED_ROWS or frame["clues"].duplicated().any():
        print(f"expected {network.EXPECTED_ROWS:,} distinct CLUES, found {len(frame):,} rows "
              f"({frame['clues'].duplicated().sum()} repeated)", file=sys.stderr)
        return 1
    municipalities = municipality_names(shared)
    frame = frame.merge(municipalities, on=["cve_ent", "mun_code"], how="left", validate="many_to_one")
    unnamed = frame["municipality"].isna()
    if unnamed.any():
        print(f"{int(unnamed.sum())} records have a municipality code the census does not know: "
              f"{frame.loc[unnamed, ['clues', 'cve_ent', 'mun_code']].head().to_dict('records')}", file=sys.stderr)
        return 1
    frame["unit_type"], frame["type_rule"] = network.infer_types(frame["name"])
    frame["coord_issue"], frame["coord_detail"] = coordinates(frame, shared)
    matches, match_report = imb_match(frame, shared, municipalities)
    frame = pd.concat([frame, matches], axis=1)
    frame = frame.sort_values("clues", kind="stable").reset_index(drop=True)[list(network.STORED_COLUMNS)]

    table = pa.Table.from_pandas(frame, preserve_index=False)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, OUTPUT, compression="zstd", compression_level=19, use_dictionary=True,
                   write_statistics=False)
    size = OUTPUT.stat().st_size
    if size > MAX_BYTES:
        print(f"{OUTPUT} is {size:,} bytes, above the {MAX_BYTES:,} budget", file=sys.stderr)
        return 1
    problems = network.check(GEODATA)
    if problems:
        print("the written table fails its own checks:\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        return 1

    rules = frame.groupby(["type_rule", "unit_type"]).size()
    issue = frame["coord_issue"]
    record = {
        "output": f"geodata/{network.NETWORK_FILE}",
        "output_bytes": size,
        "output_sha256": sha256(OUTPUT),
        "source": {"file": SOURCE, "sha256": sha256(source), "rows": len(raw), "columns": list(raw.columns),
                   "origin": "ivanugs/SMI_APP commit 3d66c8c2, smi_api/data/dataset_nacional.csv (2023-09)",
                   "dropped_columns": sorted(set(raw.columns) - wanted)},
        "inputs": {name: sha256(shared / name) for name in (CENSUS, STATES, IMB, LOCALITIES)},
        "post_2020_municipalities": {f"{e}{m}": n for (e, m), n in POST_2020.items()},
        "rows": len(frame),
        "rows_drawable": int((issue == "").sum()),
        "coord_issues": {k: int(v) for k, v in issue[issue != ""].value_counts().items()},
        "coord_issues_by_group": {
            k: int(v) for k, v in frame.loc[issue != "", "inst_code"].map(
                lambda c: clues.INSTITUTIONS.get(c, (c, "other_public"))[1]).value_counts().items()},
        "state_tolerance_deg": STATE_TOLERANCE_DEG,
        "unit_types": network.type_counts(frame),
        "type_rules": [{"id": rule_id, "type": unit, "pattern": pattern, "meaning": why,
                        "names": int(rules.get((rule_id, unit), 0))}
                       for rule_id, unit, pattern, why in network.TYPE_RULES]
                      + [{"id": "", "type": "other", "pattern": "(no rule matches)", "meaning": "type not stated in the name",
                          "names": int(rules.get(("", "other"), 0))}],
        "unit_types_by_institution": {
            code: {k: int(v) for k, v in part["unit_type"].value_counts().items()}
            for code, part in frame.groupby("inst_code")},
        "imss_bienestar_match": match_report,
        "by_state": {k: int(v) for k, v in frame["cve_ent"].value_counts().sort_index().items()},
    }
    write_json(BUILD, record)
    print(f"wrote {OUTPUT} ({size:,} bytes, {len(frame):,} rows, {record['rows_drawable']:,} drawable); "
          f"types {record['unit_types']}; IMSS-BIENESTAR matched {match_report['matched']}/"
          f"{match_report['directory_units']} ({match_report['match_rate']:.1%})")
    return 0


if __name__ == "__main__":
    run_with_shared(main, __doc__)
