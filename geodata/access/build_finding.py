"""Rebuild geodata/access/hidalgo_finding.json: what the embedded 1,000+ locality table misses in Hidalgo.

For every scope and every preset distance, the people and localities beyond it with INEGI's full
catalogue of Hidalgo's localities (AGEEML, cut 2024-10-31, ``../shared/data/localities``) and with the
embedded 1,000+ table, both against the embedded national facility network.  The method page shows
these figures, so they are computed here from the sources (with their sha256), never typed in;
``tests/test_access_finding.py`` recomputes them.

Usage: python geodata/access/build_finding.py [path/to/AGEEML_HGO_20241031.csv]
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "hidalgo_finding.json"
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "data" / "localities" / "AGEEML_HGO_20241031.csv"
STATE = "13"


def compute(ageeml: Path, root: Path | None = None) -> dict:
    from coverage import access, network
    from coverage import localities as L

    full, subset = L.load(ageeml), L.load_embedded(root)
    units = network.load_network(root) if root else network.load_network()
    out = {"state": STATE, "ageeml": {"file": ageeml.name, "sha256": hashlib.sha256(ageeml.read_bytes()).hexdigest()},
           "embedded_localities_sha256": subset.sha256, "network": units.key, "scopes": {}}
    for label, places in (("full", full), ("subset", subset)):
        table = places.table[places.table["cve_ent"] == STATE]
        out[label] = {"localities": int(len(table)), "people": int(table["population"].sum()),
                      "localities_masked": int(table["masked"].sum())}
    for scope in access.SCOPES:
        results = {label: access.nearest(places, units, scope) for label, places in (("full", full), ("subset", subset))}
        rows = []
        for km in access.PRESETS[scope]:
            row = {"km": km}
            for label, result in results.items():
                summary = access.summary(result, km, STATE)
                row[label] = {k: summary[k] for k in ("people_beyond", "localities_beyond",
                                                      "localities_beyond_unknown_population", "max_km")}
            missed = row["full"]["people_beyond"] - row["subset"]["people_beyond"]
            row["missed_people"] = missed
            row["missed_share"] = missed / row["full"]["people_beyond"] if row["full"]["people_beyond"] else None
            rows.append(row)
        out["scopes"][scope] = rows
    return out


def main(source: Path) -> int:
    if not source.is_file():
        print(f"{source} not found (pass the path of AGEEML_HGO_20241031.csv)", file=sys.stderr)
        return 1
    finding = compute(source)
    OUTPUT.write_text(json.dumps(finding, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    first = next(r for r in finding["scopes"]["first_level"] if r["km"] == 5)
    print(f"wrote {OUTPUT}: first level, 5 km: full {first['full']['people_beyond']:,}, "
          f"1,000+ {first['subset']['people_beyond']:,}, missed {first['missed_people']:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE))
