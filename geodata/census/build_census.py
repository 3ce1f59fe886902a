"""Rebuild geodata/census_2020.csv from the team's sourced state table.

The figures are INEGI Censo de Población y Vivienda 2020 (ITER, ``iter_00_cpv2020``), municipal
"Total del Municipio" rows summed to the 32 states.  The municipal rows were taken from
ddiannae/datamexico-hospitales ``data/poblacion_salud.tsv`` (commit 6f0b89f, produced by its script
``02_getdata_poblacion.R`` from INEGI's ``iter_00_cpv2020_csv.zip``) and cross-checked against the
INEGI cubo totals in diegovalle/mxmaps; see ``../shared/reference/facts.md`` §2.  This script only
selects and renames the ITER variables, and refuses to write if the national totals stop matching
INEGI's published figures.

Usage: python geodata/census/build_census.py [path/to/shared/reference]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "census_2020.csv"
DEFAULT_REFERENCE = HERE.parents[2] / "shared" / "reference"

# ITER variable names, so a reader can check each column against INEGI's dictionary.
COLUMNS = {
    "POBTOT": ("facts_states.csv", "pop_2020"),
    "PSINDER": ("facts_states.csv", "uninsured_2020_count"),
    "PDER_SS": ("facts_states_timeline.csv", "afiliada_2020_count"),
    "PDER_SEGP": ("facts_states_timeline.csv", "insabi_segpop_2020_count"),
    "PDER_IMSSB": ("facts_states_timeline.csv", "imssbienestar_2020_count"),
    "PDER_IMSS": ("facts_states_timeline.csv", "imss_2020_count"),
}
NATIONAL_POBTOT = 126_014_024
NATIONAL_PSINDER = 32_999_713


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["cve_ent"].zfill(2): row for row in csv.DictReader(handle)}


def main(reference: Path) -> int:
    tables = {name: read_rows(reference / name) for name in {src for src, _ in COLUMNS.values()}}
    codes = sorted(tables["facts_states.csv"])
    if codes != [f"{n:02d}" for n in range(1, 33)]:
        print(f"expected the 32 states 01..32, found {codes}", file=sys.stderr)
        return 1
    out_rows = []
    for code in codes:
        row = {"cve_ent": code}
        for variable, (table, column) in COLUMNS.items():
            row[variable] = int(tables[table][code][column])
        out_rows.append(row)
    totals = {v: sum(r[v] for r in out_rows) for v in COLUMNS}
    if totals["POBTOT"] != NATIONAL_POBTOT or totals["PSINDER"] != NATIONAL_PSINDER:
        print(f"national totals {totals} do not reproduce INEGI's figures", file=sys.stderr)
        return 1
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["cve_ent", *COLUMNS], lineterminator="\n")
        writer.writeheader()
        writer.writerows(out_rows)
    print(f"wrote {OUTPUT} ({len(out_rows)} states, POBTOT {totals['POBTOT']:,}, PSINDER {totals['PSINDER']:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE))
