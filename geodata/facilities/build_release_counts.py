#!/usr/bin/env python3
"""Build geodata/facilities/release_202604_counts.csv: CLUES codes per state and institution, release 2026-04.

Usage: .venv/bin/python geodata/facilities/build_release_counts.py [--shared ../shared/data]

Input: ``facilities/release_202604/CLUES_IMSS.xlsx`` (the official monthly workbook of release 2026-04
as one user saved it, republished by DavMC86/Mapa-Unidades-Medicas).  Its sheet ``HORARIOS_202604``
lists every CLUES code of the national release once, with opening hours and nothing else: no
coordinates, type or status.  A CLUES code is two letters of state, three of institution and six
digits, so the code alone gives state and institution.  The other sheets are not used
(``CLUES_202604`` holds only 575 IMSS units of Oaxaca).

Output: one row per state × institution code with the number of codes (``units``), long format,
plus the totals and checks in ``release_202604_counts.build.json``.  The build refuses to write
unless every code parses and its state prefix is known.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from coverage import clues

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # geodata/_build.py
from _build import DEFAULT_SHARED, run_with_shared, sha256, write_json  # noqa: E402

HERE = Path(__file__).resolve().parent
GEODATA = HERE.parent
SOURCE = "facilities/release_202604/CLUES_IMSS.xlsx"
SHEET = "HORARIOS_202604"
OUTPUT = HERE / "release_202604_counts.csv"
BUILD = HERE / "release_202604_counts.build.json"
CODE = re.compile(r"[A-Z]{2}[A-Z]{3}\d{6}")


def read_codes(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book[SHEET].iter_rows(values_only=True)
        header = next(rows)
        if str(header[0]).strip().upper() != "CLUES":
            raise SystemExit(f"{SHEET} does not start with a CLUES column: {header[:3]}")
        return [str(row[0]).strip().upper() for row in rows if row and row[0] is not None]
    finally:
        book.close()


def main(shared: Path) -> int:
    source = shared / SOURCE
    codes = read_codes(source)
    bad = [c for c in codes if not CODE.fullmatch(c) or c[:2] not in clues.STATE_ABBR]
    if bad:
        print(f"{len(bad)} codes do not parse as CLUES of a known state, e.g. {bad[:5]}", file=sys.stderr)
        return 1
    frame = pd.DataFrame({"clues": codes})
    repeated = int(frame["clues"].duplicated().sum())
    frame = frame.drop_duplicates("clues")
    frame["cve_ent"] = frame["clues"].str[:2].map(clues.STATE_ABBR)
    frame["inst_code"] = frame["clues"].str[2:5]
    counts = (frame.groupby(["cve_ent", "inst_code"]).size().rename("units").reset_index()
              .sort_values(["cve_ent", "inst_code"]))
    counts.to_csv(OUTPUT, index=False, lineterminator="\n")
    by_inst = frame["inst_code"].value_counts()
    imb = counts[counts["inst_code"] == "IMB"]
    record = {
        "output": f"geodata/facilities/{OUTPUT.name}",
        "output_sha256": sha256(OUTPUT),
        "release": "2026-04",
        "source": {"file": SOURCE, "sheet": SHEET, "sha256": sha256(source),
                   "origin": "DavMC86/Mapa-Unidades-Medicas commit 800f3605 (official DGIS workbook of release 2026-04)"},
        "codes": len(frame),
        "repeated_codes_dropped": repeated,
        "by_institution": {k: int(v) for k, v in by_inst.items()},
        "imb_states": int((imb["units"] > 0).sum()),
        "imb_by_state": dict(zip(imb["cve_ent"], imb["units"].astype(int))),
        "note": "codes listed in the release's hours sheet; the sheet gives no operating status",
    }
    write_json(BUILD, record)
    print(f"wrote {OUTPUT} ({len(counts)} rows): {len(frame):,} codes, IMB {int(by_inst.get('IMB', 0)):,} "
          f"in {record['imb_states']} states, SSA {int(by_inst.get('SSA', 0)):,}")
    return 0


if __name__ == "__main__":
    run_with_shared(main, __doc__)
