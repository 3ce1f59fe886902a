"""Localities with population: the embedded 1,000+ table, or a full INEGI catalogue the user supplies.

The embedded table (``geodata/localities/localities_1000plus.csv``) holds INEGI's 10,635 localities
of 1,000 or more inhabitants (Censo 2020), about 86 % of the population: everybody living in a
smaller locality is absent from it by construction.  A user can supply a full catalogue instead —
INEGI's AGEEML (``CVE_ENT, CVE_MUN, CVE_LOC, NOM_LOC, LAT_DECIMAL, LON_DECIMAL, POB_TOTAL``) or the
census ITER table (``ENTIDAD, MUN, LOC, NOM_LOC, LATITUD, LONGITUD, POBTOT``) — as a file of any
size, by upload, ``$COVERAGE_LOCALITIES`` or ``--localities``.

Rules:
- Columns are found by name after folding accents and case; coordinates may be decimal degrees or
  INEGI's degrees-minutes-seconds (``20°08´45.251"N``).
- INEGI masks small counts ("-" in AGEEML, "*" in ITER).  A masked population is *unknown*: it is
  kept as missing, counted and reported, never read as zero.
- ITER's aggregate rows (state and municipal totals, "localities of one/two dwellings") are not
  localities: they are skipped and reported; the one/two-dwelling rows carry people without
  coordinates, and those people are reported too.
- Nothing is dropped silently: every row with a problem is in ``Localities.issues``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from coverage.clues.normalise import _in_bbox, outside_state
from coverage.clues.reading import _decode
from coverage.clues.schema import CodedError, fold
from coverage.tables import STATE_CODES, default_root

EMBEDDED = "localities/localities_1000plus.csv"
EMBEDDED_MIN_POPULATION = 1000
ENV_VAR = "COVERAGE_LOCALITIES"
COLUMNS = ["cve_ent", "cve_mun", "cve_loc", "cvegeo", "name", "municipality", "lat", "lon", "population",
           "masked", "mappable"]
ISSUE_KINDS = ("no_coordinates", "outside_mexico", "swapped", "outside_state", "duplicate", "unknown_state",
               "masked_population", "bad_population", "aggregate_row")
MASKS = {"-", "*", "N/D", "ND", "NA"}  # INEGI's marks for a count withheld for confidentiality

# Internal name → accepted column names (folded), in preference order.
ALIASES = {
    "cve_ent": ("CVE ENT", "ENTIDAD", "CVE ENTIDAD"),
    "cve_mun": ("CVE MUN", "MUN", "CVE MUNICIPIO"),
    "cve_loc": ("CVE LOC", "LOC", "CVE LOCALIDAD"),
    "cvegeo": ("CVEGEO", "CVE GEO"),
    "name": ("NOM LOC", "NOM LOCALIDAD", "NAME"),
    "municipality": ("NOM MUN", "NOM MUNICIPIO", "MUNICIPALITY"),
    "lat": ("LAT DECIMAL", "LATITUD", "LAT"),
    "lon": ("LON DECIMAL", "LONGITUD", "LON"),
    "population": ("POB TOTAL", "POBTOT", "POBLACION TOTAL", "POPULATION"),
}
REQUIRED = ("name", "lat", "lon", "population")
ITER_AGGREGATES = {"0000": "municipal or state total", "9998": "localities of one dwelling",
                   "9999": "localities of two dwellings"}
_DMS = re.compile(r"^\s*(\d{1,3})\s*°\s*(\d{1,2})\s*['´’′]\s*(\d{1,2}(?:\.\d*)?)\s*(?:\"|″|'')?\s*([NSEWO])?\s*\"?\s*$",
                  re.IGNORECASE)


class LocalitiesError(CodedError):
    """A file that cannot be used as a locality catalogue; ``code``/``values`` translate it."""


@dataclass
class Localities:
    table: pd.DataFrame  # COLUMNS; population is Int64 with <NA> where INEGI masks it
    issues: pd.DataFrame  # kind, row, cvegeo, name, detail, population
    source: str  # "embedded" or the file name
    kind: str  # "embedded", "ageeml", "iter" or "table"
    sha256: str = ""
    rows: int = 0  # data rows in the file
    key: str = ""  # content hash, for caches
    min_population: int | None = None  # 1000 for the embedded table: smaller places are absent
    unplaced_people: int = 0  # people in rows without usable coordinates (incl. ITER's 1–2 dwelling rows)
    notes: list[str] = field(default_factory=list)

    @property
    def issue_counts(self) -> dict[str, int]:
        counts = self.issues["kind"].value_counts()
        return {kind: int(counts.get(kind, 0)) for kind in ISSUE_KINDS}

    @property
    def embedded(self) -> bool:
        return self.kind == "embedded"

    def summary(self) -> dict:
        table = self.table
        return {
            "source": self.source,
            "kind": self.kind,
            "sha256": self.sha256,
            "file_rows": self.rows,
            "localities": len(table),
            "localities_mappable": int(table["mappable"].sum()),
            "population_known": int(table["population"].sum()),
            "localities_masked_population": int(table["masked"].sum()),
            "people_without_coordinates": int(self.unplaced_people),
            "min_population": self.min_population,
            "states": sorted(table["cve_ent"].dropna().unique().tolist()),
            "validation": self.issue_counts,
        }


# ------------------------------------------------------------------------------------------ reading

def _find(columns) -> dict[str, str]:
    folded = {fold(c): c for c in reversed(list(columns))}  # first occurrence wins
    found = {}
    for internal, names in ALIASES.items():
        for name in names:
            if name in folded:
                found[internal] = folded[name]
                break
    return found


def _coordinate(series: pd.Series) -> pd.Series:
    """Decimal degrees, or INEGI's degrees-minutes-seconds with hemisphere (W and S negative)."""
    text = series.astype("string").str.strip().str.replace(",", ".", regex=False)
    number = pd.to_numeric(text, errors="coerce")
    todo = number.isna() & text.notna() & (text != "")
    if todo.any():
        parts = text[todo].str.extract(_DMS)
        degrees = (parts[0].astype(float) + parts[1].astype(float) / 60 + parts[2].astype(float) / 3600)
        sign = np.where(parts[3].fillna("").str.upper().isin(["W", "O", "S"]), -1.0, 1.0)
        number.loc[todo] = degrees * sign
    return number.astype("float64")


def _codes(series: pd.Series, width: int) -> pd.Series:
    text = series.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    return text.where(~text.str.fullmatch(r"\d+").fillna(False), text.str.zfill(width))


def read_frame(data: bytes, name: str) -> pd.DataFrame:
    if not data:
        raise LocalitiesError("empty", f"{name} is empty", name=name)
    if data[:4] == b"PAR1":
        try:
            return pd.read_parquet(io.BytesIO(data)).astype("string")
        except Exception as exc:
            raise LocalitiesError("unreadable", f"{name} cannot be read as parquet ({type(exc).__name__})",
                                  name=name) from exc
    if data[:4] == b"PK\x03\x04":
        raise LocalitiesError("format", f"{name} is a zip or xlsx file; save the catalogue as CSV first", name=name)
    text, _ = _decode(data)
    if "\x00" in text[:4096]:
        raise LocalitiesError("format", f"{name} is binary, not a CSV locality catalogue", name=name)
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "|", "\t"), key=first.count)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise LocalitiesError("unreadable", f"{name} cannot be read as CSV ({type(exc).__name__})",
                              name=name) from exc


def _kind(frame: pd.DataFrame, name: str) -> tuple[dict[str, str], str]:
    """The columns found and the catalogue's kind; LocalitiesError when it is not a locality catalogue."""
    found = _find(frame.columns)
    missing = [c for c in REQUIRED if c not in found]
    has_codes = {"cve_ent", "cve_mun", "cve_loc"} <= found.keys() or "cvegeo" in found
    if missing or not has_codes:
        wanted = ", ".join(missing + ([] if has_codes else ["CVE_ENT/CVE_MUN/CVE_LOC or CVEGEO"]))
        raise LocalitiesError("columns", f"{name} is not an INEGI locality catalogue (AGEEML or ITER): "
                              f"it lacks {wanted}", name=name, columns=wanted)
    if frame.empty:
        raise LocalitiesError("no_rows", f"{name} has the locality columns but no rows", name=name)
    kind = "ageeml" if "LAT DECIMAL" in {fold(c) for c in frame.columns} else (
        "iter" if found["population"] == next((c for c in frame.columns if fold(c) == "POBTOT"), None) else "table")
    return found, kind


def _place(out: pd.DataFrame, col) -> None:
    """Sets the codes (from CVE_ENT/CVE_MUN/CVE_LOC, else CVEGEO), the locality and municipality names."""
    cvegeo = _codes(col("cvegeo"), 9)
    out["cve_ent"] = _codes(col("cve_ent"), 2).fillna(cvegeo.str.slice(0, 2))
    out["cve_mun"] = _codes(col("cve_mun"), 3).fillna(cvegeo.str.slice(2, 5))
    out["cve_loc"] = _codes(col("cve_loc"), 4).fillna(cvegeo.str.slice(5, 9))
    out["cvegeo"] = out["cve_ent"].fillna("") + out["cve_mun"].fillna("") + out["cve_loc"].fillna("")
    out["name"] = col("name").astype("string").str.strip()
    out["municipality"] = col("municipality").astype("string").str.strip()


def _population(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(raw text, count or NA, masked by INEGI, not a count of people)."""
    raw_pop = raw.astype("string").str.strip().str.replace(",", "", regex=False)
    pop = pd.to_numeric(raw_pop, errors="coerce")
    masked = raw_pop.str.upper().isin(MASKS).fillna(False) | (raw_pop.fillna("") == "")
    bad_pop = pop.isna() & ~masked | (pop < 0) | (pop.notna() & (pop != np.floor(pop.fillna(0))))
    return raw_pop, pop.where(~bad_pop & (pop >= 0)), masked, bad_pop


def _coordinates(out: pd.DataFrame, col) -> dict[str, pd.Series]:
    """Sets lat and lon (decimal or DMS; swapped pairs and unsigned west longitudes corrected);
    returns the masks no_coords, outside (Mexico), swapped and positive_lon."""
    lat, lon = _coordinate(col("lat")), _coordinate(col("lon"))
    no_coords = lat.isna() | lon.isna() | ((lat == 0) & (lon == 0))
    inside = _in_bbox(lon, lat) & ~no_coords
    swapped = ~no_coords & ~inside & _in_bbox(lat, lon)
    lat, lon = lat.where(~swapped, lon), lon.where(~swapped, lat)
    positive_lon = ~no_coords & ~inside & ~swapped & _in_bbox(-lon, lat)
    lon = lon.where(~positive_lon, -lon)  # "98.4" for 98.4° W: INEGI's DMS without the W, corrected and reported
    outside = ~no_coords & ~inside & ~swapped & ~positive_lon
    out["lat"], out["lon"] = lat.round(6), lon.round(6)
    return {"no_coords": no_coords, "outside": outside, "swapped": swapped, "positive_lon": positive_lon}


ISSUE_COLUMNS = ["kind", "row", "cvegeo", "name", "detail", "population"]


def _reporter(out: pd.DataFrame, pop: pd.Series, issues: list):
    """``report(mask, kind, detail)``: adds the rows of ``mask`` to ``issues`` with their kind."""
    def report(mask, kind, detail=""):
        mask = pd.Series(mask, index=out.index).fillna(False).astype(bool)
        if mask.any():
            part = out.loc[mask, ["row", "cvegeo", "name"]].copy()
            part.insert(0, "kind", kind)
            part["detail"] = detail[mask] if isinstance(detail, pd.Series) else detail
            part["population"] = pop[mask].astype("Int64")
            issues.append(part)
    return report


def _check(out, coords, report, rows_kept, unknown_state) -> None:
    """Reports the coordinate problems of the kept rows (and those outside their declared state)."""
    check = rows_kept & ~coords["no_coords"] & ~coords["outside"] & ~unknown_state
    report(rows_kept & coords["no_coords"], "no_coordinates")
    report(rows_kept & coords["outside"], "outside_mexico")
    report(rows_kept & (coords["swapped"] | coords["positive_lon"]), "swapped",
           pd.Series(np.where(coords["swapped"], "corrected: latitude and longitude exchanged",
                              "corrected: longitude west of Greenwich written without its sign"), index=out.index))
    report(outside_state(out, check), "outside_state", "declared state " + out["cve_ent"].fillna("?"))


def normalise(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, pd.DataFrame, str, int]:
    """(table, issues, kind, people without coordinates) from a catalogue's raw rows."""
    found, kind = _kind(frame, name)
    col = lambda key: frame[found[key]] if key in found else pd.Series(pd.NA, index=frame.index, dtype="string")  # noqa: E731
    out = pd.DataFrame(index=frame.index)
    out["row"] = np.arange(len(frame)) + 2
    _place(out, col)
    raw_pop, pop, masked, bad_pop = _population(col("population"))
    issues: list = []
    report = _reporter(out, pop, issues)
    aggregate = out["cve_loc"].isin(ITER_AGGREGATES) | (out["cve_mun"] == "000") | (out["cve_ent"] == "00")
    report(aggregate, "aggregate_row", ("skipped: " + out["cve_loc"].map(ITER_AGGREGATES).fillna("state or national total")))
    dwellings = aggregate & out["cve_loc"].isin(["9998", "9999"])
    unplaced = int(pop[dwellings].fillna(0).sum())
    coords = _coordinates(out, col)
    unknown_state = ~out["cve_ent"].isin(STATE_CODES) & ~aggregate
    rows_kept = ~aggregate
    _check(out, coords, report, rows_kept, unknown_state)
    report(unknown_state, "unknown_state", "declared " + out["cve_ent"].fillna("(empty)"))
    duplicate = rows_kept & out["cvegeo"].duplicated(keep="first") & (out["cvegeo"] != "")
    report(duplicate, "duplicate", "repeats an earlier row (the first is kept)")
    report(rows_kept & masked & ~duplicate, "masked_population",
           "population withheld by INEGI (" + raw_pop.fillna("empty") + "): counted as unknown, not zero")
    report(rows_kept & bad_pop & ~masked & ~duplicate, "bad_population", "'" + raw_pop.fillna("") + "' is not a count of people")
    out["population"] = pop.astype("Int64")
    out["masked"] = (masked | bad_pop).astype(bool)
    out["mappable"] = ~coords["no_coords"] & ~coords["outside"]
    kept = out[rows_kept & ~duplicate & ~unknown_state]
    unplaced += int(kept.loc[~kept["mappable"], "population"].fillna(0).sum())
    issue_table = pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=ISSUE_COLUMNS)
    return kept[COLUMNS].reset_index(drop=True), issue_table[ISSUE_COLUMNS], kind, unplaced


def from_bytes(name: str, data: bytes) -> Localities:
    frame = read_frame(data, name)
    table, issues, kind, unplaced = normalise(frame, name)
    if not len(table):
        raise LocalitiesError("no_rows", f"{name} has no locality rows (only totals or rows with unknown states)",
                              name=name)
    digest = hashlib.sha256(data).hexdigest()
    return Localities(table=table, issues=issues, source=Path(name).name, kind=kind, sha256=digest, rows=len(frame),
                      key=digest[:32], unplaced_people=unplaced)


def load(path: str | os.PathLike) -> Localities:
    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LocalitiesError("not_found", f"{path} cannot be opened ({exc.strerror or type(exc).__name__})",
                              name=str(path)) from None
    return from_bytes(path.name, data)


def embedded_path(root: Path | None = None) -> Path:
    return Path(root or default_root()) / EMBEDDED


def load_embedded(root: Path | None = None) -> Localities:
    """The embedded 1,000+ table; refuses it when it no longer matches its recorded sha256."""
    root = Path(root or default_root())
    path = embedded_path(root)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    recorded = next((r["hash"] for r in package["resources"] if r["path"] == EMBEDDED), None)
    if recorded != f"sha256:{digest}":
        raise LocalitiesError("tampered", f"{path} changed since its provenance was recorded; "
                              "rerun geodata/localities/build_localities.py and geodata/build_datapackage.py",
                              name=str(path))
    frame = pd.read_csv(io.BytesIO(data), dtype={"cve_ent": str, "cve_mun": str, "cve_loc": str}, keep_default_na=False)
    table = frame.assign(
        cvegeo=frame["cve_ent"] + frame["cve_mun"] + frame["cve_loc"],
        population=frame["population"].astype("Int64"), masked=False, mappable=True,
        name=frame["name"].astype("string"), municipality=frame["municipality"].astype("string"),
    )[COLUMNS]
    empty = pd.DataFrame(columns=ISSUE_COLUMNS)
    return Localities(table=table, issues=empty, source=EMBEDDED, kind="embedded", sha256=digest, rows=len(frame),
                      key="embedded-" + digest[:24], min_population=EMBEDDED_MIN_POPULATION)


def from_env(root: Path | None = None) -> Localities:
    """``$COVERAGE_LOCALITIES`` when set, else the embedded table."""
    spec = os.environ.get(ENV_VAR)
    return load(spec) if spec else load_embedded(root)
