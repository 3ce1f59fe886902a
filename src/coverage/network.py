"""The embedded national facility network: CLUES, 2023 cut, before the transfers to IMSS-BIENESTAR.

``geodata/facilities/network_2023.parquet`` is built by ``geodata/facilities/build_network.py`` from
the 44,459 operating establishments of a 2023 CLUES cut (its source is recorded in ``geodata/datapackage.json``).
That publisher dropped the type, level and status columns, so the type of each unit is *inferred
from its name* by the published rule ``TYPE_RULES`` below (first rule that matches wins); the build
records how many names each rule took.  Bad coordinates are kept and flagged (``coord_issue`` with a
reason in ``coord_detail``) and never drawn.  Where one of the 696 IMSS-BIENESTAR hospitals of the
2026-01 directory matches a 2023 record uniquely by name and municipality, its level and typology are
carried (``imb_level``, ``imb_typology``).

``load_network()`` returns it as a :class:`coverage.clues.Catalogue` whose table has every column of
``clues.NORMALISED_COLUMNS``, so the facility maps and metrics work unchanged, plus ``unit_type``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from coverage import clues
from coverage.tables import STATE_CODES, default_root

NETWORK_FILE = "facilities/network_2023.parquet"
NETWORK_BUILD = "facilities/network_2023.build.json"
RELEASE = "2023"
RELEASE_BASIS = "embedded"

UNIT_TYPES = ("hospital", "clinica", "centro_salud", "uneme", "casa_salud", "consultorio", "unidad_movil", "other")

# The name → type rule, applied to names folded by ``clues.fold`` (upper case, no accents, single
# spaces).  Order matters: the first matching rule decides ("CLINICA HOSPITAL" is a hospital, "CASA
# DE SALUD" is not a "centro de salud", a mobile UNEME is mobile).  Each rule: (id, type, regex, why).
TYPE_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("mobile", "unidad_movil", r"\bMOVIL(?:ES)?\b|\bCARAVANAS?\b|\bBRIGADAS?\b|\bITINERANTES?\b|\bESI\b",
     "mobile unit, caravan, brigade, itinerant health team (ESI = equipo de salud itinerante)"),
    ("uneme", "uneme", r"\bUNEMES?\b|\bU\.\s?N\.\s?E\.\s?M\.\s?E\b|\bCAPASITS\b|\bCISAME\b",
     "UNEME, including the UNEME-CAPASITS and UNEME-CISAME models"),
    ("hospital", "hospital",
     r"\bHOSPITAL(?:ES)?\b|\bSANATORIOS?\b|\bH\.\s?G\.|\bHG\b|\bHGZ(?:MF)?\b|\bHGR\b|\bHGSZ\b|\bHGP\b|\bHGO\b|\bUMAE\b",
     "hospital, sanatorio, IMSS/SSA hospital abbreviations (HG, HGZ, HGZMF, HGR, HGSZ, HGP, HGO, UMAE)"),
    ("casa_salud", "casa_salud", r"\bCASAS? DE (?:LA )?SALUD\b", "casa de salud"),
    ("centro_salud", "centro_salud",
     r"\bCENTROS? DE SALUD\b|(?:^|[\s(])C\.?\s?S\.?\s?[UR]?\.?(?=\s|$)|\bCESSA\b|\bSERVICIOS AMPLIADOS\b"
     r"|^[RU][- ]?\d{2}\b|\b(?:RURAL|URBANO) DE \d{1,2} NUC|\bUNIDAD MEDICA RURAL\b|\bUMR\b|\bUNIDAD DE SALUD\b",
     "centro de salud (C.S., C.S.U., C.S.R., CESSA), SSA núcleo-básico names (R-01, U-02, 'RURAL DE 01 "
     "NUCLEO BASICO'…), "
     "IMSS-Bienestar unidad médica rural, unidad de salud"),
    ("clinica", "clinica", r"\bCLINICAS?\b|\bPOLICLINICAS?\b|\bUMF\b|\bMEDICINA FAMILIAR\b",
     "clínica, policlínica, unidad/clínica de medicina familiar (UMF)"),
    ("consultorio", "consultorio", r"\bCONSULTORIOS?\b|\bFARMACIAS?\b",
     "consultorio; CLUES registers the consultorio next to a pharmacy under the pharmacy's name"),
)
_RULES = tuple((rule_id, unit, re.compile(pattern)) for rule_id, unit, pattern, _ in TYPE_RULES)

# The inferred type onto the catalogue's coarse type (hospital / first_level / other).
COARSE_TYPE = {"hospital": "hospital", "clinica": "first_level", "centro_salud": "first_level",
               "uneme": "first_level", "casa_salud": "first_level", "consultorio": "first_level",
               "unidad_movil": "first_level", "other": "other"}
IMB_LEVELS = {"PRIMER NIVEL": "1", "SEGUNDO NIVEL": "2", "TERCER NIVEL": "3"}

COORD_ISSUES = ("outside_mexico", "outside_state")
# Columns of the embedded parquet file, in order (validate checks them).
STORED_COLUMNS = ("clues", "inst_code", "cve_ent", "mun_code", "municipality", "name", "lat", "lon", "unit_type",
                  "type_rule", "coord_issue", "coord_detail", "imb_clues", "imb_level", "imb_typology")
EXTRA_COLUMNS = ["unit_type", "type_rule", "coord_detail", "imb_clues", "imb_level", "imb_typology"]
EXPECTED_ROWS = 44_459


def infer_types(names) -> tuple[np.ndarray, np.ndarray]:
    """(unit_type, rule id) for each name, by ``TYPE_RULES`` (vectorised; "other"/"" when none match)."""
    folded = pd.Series(list(names), dtype="object").fillna("").map(clues.fold)
    unit = np.full(len(folded), "other", dtype=object)
    rule = np.full(len(folded), "", dtype=object)
    open_rows = np.ones(len(folded), dtype=bool)
    for rule_id, unit_type, pattern in _RULES:
        hit = folded.str.contains(pattern, regex=True).to_numpy(dtype=bool) & open_rows
        unit[hit], rule[hit] = unit_type, rule_id
        open_rows &= ~hit
    return unit, rule


def infer_type(name: str) -> str:
    return str(infer_types([name])[0][0])


@dataclass
class NetworkCatalogue(clues.Catalogue):
    """A ``Catalogue`` that knows it is the embedded default (pages label it as such)."""

    embedded: bool = True
    build: dict = field(default_factory=dict)


def network_path(geodata_dir: Path | str | None = None) -> Path:
    return Path(geodata_dir or default_root()) / NETWORK_FILE


def read_stored(geodata_dir: Path | str | None = None) -> pd.DataFrame:
    """The embedded file as stored (``STORED_COLUMNS``), one row per establishment."""
    return pd.read_parquet(network_path(geodata_dir))


def _state_names(root: Path) -> dict[str, str]:
    frame = pd.read_csv(root / "states" / "state_codes.csv", dtype=str, keep_default_na=False)
    return dict(zip(frame["cve_ent"], frame["name_official"]))


def to_catalogue_table(stored: pd.DataFrame, state_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The stored rows in the catalogue's normalised shape (``clues.NORMALISED_COLUMNS`` + extras)."""
    n = len(stored)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    out["clues"] = stored["clues"].astype("string").to_numpy()
    codes = stored["inst_code"].astype(str)
    out["inst_code"] = codes.to_numpy()
    known = {c: clues.INSTITUTIONS.get(c, (c, "other_public")) for c in codes.unique()}
    out["inst_short"] = codes.map({c: v[0] for c, v in known.items()}).to_numpy()
    out["group"] = codes.map({c: v[1] for c, v in known.items()}).to_numpy()
    out["cve_ent"] = stored["cve_ent"].astype(str).to_numpy()
    out["state_name"] = stored["cve_ent"].astype(str).map(state_names or {}).astype("string").to_numpy()
    out["mun_code"] = stored["mun_code"].astype("string").to_numpy()
    out["municipality"] = stored["municipality"].astype("string").to_numpy()
    out["loc_code"] = pd.array([pd.NA] * n, dtype="string")
    out["locality"] = pd.array([pd.NA] * n, dtype="string")
    out["name"] = stored["name"].astype(str).to_numpy()
    out["level"] = stored["imb_level"].astype("string").map(IMB_LEVELS).fillna("").to_numpy()
    unit = stored["unit_type"].astype(str)
    out["type"] = unit.map(COARSE_TYPE).to_numpy()
    out["mobile"] = (unit == "unidad_movil").to_numpy()
    out["status"] = "operating"  # the cut lists operating establishments only
    out["status_label"] = "EN OPERACION"
    out["lat"] = stored["lat"].astype("float64").to_numpy()
    out["lon"] = stored["lon"].astype("float64").to_numpy()
    issue = stored["coord_issue"].astype("string").fillna("")
    out["coord_issue"] = issue.to_numpy()
    out["mappable"] = (issue == "").to_numpy()
    out["last_move"] = pd.array([pd.NA] * n, dtype="string")
    out["last_move_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    out["closure_code"] = pd.array([pd.NA] * n, dtype="string")
    out["closure_reason"] = pd.array([pd.NA] * n, dtype="string")
    out["closure_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    out["transfer_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    out["transfer_basis"] = ""
    out["predecessor"] = pd.array([pd.NA] * n, dtype="string")
    for column in EXTRA_COLUMNS:
        out[column] = stored[column].astype("string").to_numpy()
    for name in ("inst_code", "inst_short", "cve_ent", "group", "level", "type", "status", "coord_issue",
                 "status_label", "last_move", "closure_reason", "transfer_basis", "unit_type", "municipality",
                 "imb_level", "imb_typology"):
        out[name] = out[name].astype("category")
    return out[[*clues.NORMALISED_COLUMNS, *EXTRA_COLUMNS]]


def _issues(table: pd.DataFrame) -> pd.DataFrame:
    """The catalogue's problem list: each flagged coordinate and each institution code we do not know."""
    rows = pd.Series(np.arange(len(table)) + 2, index=table.index)  # as in the build's source CSV
    parts = []
    flagged = table["coord_issue"].astype(str) != ""
    part = table.loc[flagged, ["clues", "name", "inst_code", "cve_ent", "lat", "lon"]].copy()
    part.insert(0, "row", rows[flagged])
    part.insert(0, "kind", table.loc[flagged, "coord_issue"].astype(str))
    part["detail"] = table.loc[flagged, "coord_detail"].astype(str)
    parts.append(part)
    unknown = ~table["inst_code"].astype(str).isin(list(clues.INSTITUTIONS))
    if unknown.any():
        part = table.loc[unknown, ["clues", "name", "inst_code", "cve_ent", "lat", "lon"]].copy()
        part.insert(0, "row", rows[unknown])
        part.insert(0, "kind", "unknown_institution")
        part["detail"] = "code " + table.loc[unknown, "inst_code"].astype(str)
        parts.append(part)
    columns = ["kind", "row", "clues", "name", "inst_code", "cve_ent", "lat", "lon", "detail"]
    issues = pd.concat(parts, ignore_index=True)[columns]
    issues["clues"] = issues["clues"].astype(str)
    issues["name"] = issues["name"].astype(str)
    issues["inst_code"] = issues["inst_code"].astype(str)
    issues["cve_ent"] = issues["cve_ent"].astype(str)
    return issues


@lru_cache(maxsize=2)
def _load(root: str) -> NetworkCatalogue:
    base = Path(root)
    problems = check(base)  # not at app start (tables.load): only the pages that use the network pay for it
    if problems:
        from coverage.tables import DataError

        raise DataError(problems)
    path = base / NETWORK_FILE
    payload = path.read_bytes()
    digest = hashlib.sha256(payload).hexdigest()
    stored = pd.read_parquet(path)
    build_path = base / NETWORK_BUILD
    build = json.loads(build_path.read_text(encoding="utf-8")) if build_path.is_file() else {}
    table = to_catalogue_table(stored, _state_names(base))
    source = clues.SourceFile(name=NETWORK_FILE.rsplit("/", 1)[1], sha256=digest, format="parquet",
                              rows=len(stored), columns=stored.shape[1],
                              detail="derived from " + build.get("source", {}).get("file", "dataset_nacional.csv"))
    return NetworkCatalogue(table=table, issues=_issues(table), release=RELEASE, release_basis=RELEASE_BASIS,
                            sources=[source], key=f"network-{digest[:24]}", embedded=True, build=build)


def load_network(geodata_dir: Path | str | None = None) -> NetworkCatalogue:
    """The embedded 2023 network as a read-only catalogue (cached per process: do not modify it)."""
    return _load(str(Path(geodata_dir or default_root()).resolve()))


def is_embedded(catalogue) -> bool:
    return bool(getattr(catalogue, "embedded", False))


def points_mask(table: pd.DataFrame, groups=clues.GROUPS, unit_types=UNIT_TYPES, cve_ent: str | None = None,
                include_mobile: bool = False) -> pd.Series:
    """Drawable units of the network passing the filters by group, inferred type and state."""
    mask = table["mappable"] & table["group"].isin(list(groups)) & table["unit_type"].isin(list(unit_types))
    if not include_mobile:
        mask &= ~table["mobile"]
    if cve_ent:
        mask &= table["cve_ent"] == cve_ent
    return mask


def type_counts(table: pd.DataFrame) -> dict[str, int]:
    counts = table["unit_type"].value_counts()
    return {unit: int(counts.get(unit, 0)) for unit in UNIT_TYPES}


# ----------------------------------------------------------------------------------------- validation

def check(root: Path) -> list:
    """Problems of the embedded network file (``tables.Problem``), for ``imss-coverage validate``."""
    from coverage.tables import Problem

    path = root / NETWORK_FILE
    name = "network"
    if not path.is_file():
        return [Problem(name, None, None, f"file {path} is missing")]
    try:
        stored = pd.read_parquet(path)
    except Exception as exc:  # any reader failure is a broken table, reported, not raised
        return [Problem(name, None, None, f"cannot be read as parquet ({type(exc).__name__})")]
    missing = [c for c in STORED_COLUMNS if c not in stored.columns]
    if missing:
        return [Problem(name, None, None, f"missing column(s): {', '.join(missing)}")]
    problems: list = []
    if len(stored) != EXPECTED_ROWS:
        problems.append(Problem(name, None, None, f"has {len(stored):,} rows, the 2023 cut has {EXPECTED_ROWS:,}"))

    def report(mask, column: str, message) -> None:
        for position in np.flatnonzero(np.asarray(mask, dtype=bool))[:20]:
            text = message(stored.iloc[position]) if callable(message) else message
            problems.append(Problem(name, int(position) + 2, column, text))

    clue = stored["clues"].astype("string")
    report(clue.isna() | ~clue.fillna("").str.fullmatch(r"[A-Z]{5}\d{6}"), "clues",
           lambda r: f"'{r['clues']}' is not a CLUES code (2 letters state, 3 institution, 6 digits)")
    report(clue.duplicated(keep="first"), "clues", lambda r: f"{r['clues']} repeats an earlier row")
    report(~stored["cve_ent"].astype(str).isin(STATE_CODES), "cve_ent",
           lambda r: f"'{r['cve_ent']}' is not a state code 01–32")
    report(clue.str.slice(0, 2).map(clues.STATE_ABBR) != stored["cve_ent"].astype(str), "cve_ent",
           lambda r: f"state {r['cve_ent']} disagrees with the CLUES prefix of {r['clues']}")
    report(~stored["unit_type"].astype(str).isin(UNIT_TYPES), "unit_type",
           lambda r: f"'{r['unit_type']}' is not one of {', '.join(UNIT_TYPES)}")
    inferred, _ = infer_types(stored["name"].astype(str))
    report(inferred != stored["unit_type"].astype(str).to_numpy(), "unit_type",
           lambda r: f"'{r['unit_type']}' is not what the name rule gives for '{r['name']}' (rebuild the table)")
    issue = stored["coord_issue"].astype("string").fillna("")
    report(~issue.isin(["", *COORD_ISSUES]), "coord_issue", lambda r: f"'{r['coord_issue']}' is not a known reason")
    report((issue != "") & (stored["coord_detail"].astype("string").fillna("") == ""), "coord_detail",
           "a flagged coordinate needs its reason")
    x0, y0, x1, y1 = clues.MEXICO_BBOX
    lat, lon = stored["lat"].astype("float64"), stored["lon"].astype("float64")
    outside = ~(lon.between(x0, x1) & lat.between(y0, y1))
    report((issue == "") & outside, "lat/lon", lambda r: f"({r['lat']}, {r['lon']}) is outside Mexico but not flagged")
    level = stored["imb_level"].astype("string")
    report(level.notna() & ~level.isin(list(IMB_LEVELS)), "imb_level", lambda r: f"'{r['imb_level']}' is not a level")
    return problems


# ----------------------------------------------------------------------------------- release 2026-04

RELEASE_COUNTS_FILE = "facilities/release_202604_counts.csv"
RELEASE_COUNTS_BUILD = "facilities/release_202604_counts.build.json"
RELEASE_2026 = "2026-04"
RELEASE_2026_CODES = 63_800


@lru_cache(maxsize=2)
def _release_counts(root: str) -> pd.DataFrame:
    frame = pd.read_csv(Path(root) / RELEASE_COUNTS_FILE, dtype={"cve_ent": str, "inst_code": str})
    frame["units"] = frame["units"].astype("int64")
    return frame


def release_counts(geodata_dir=None) -> pd.DataFrame:
    """CLUES codes of release 2026-04 per state and institution code: cve_ent, inst_code, units (shared)."""
    return _release_counts(str(Path(geodata_dir or default_root()).resolve()))


def network_figures(table: pd.DataFrame, geodata_dir=None) -> dict[str, int]:
    """The headline counts of the embedded network: units, drawn, flagged, hospitals (2023 cut), and the
    IMSS-BIENESTAR (IMB) codes of release 2026-04 with the number of states that have any."""
    counts = release_counts(geodata_dir)
    imb = counts[counts["inst_code"] == "IMB"]
    drawn = int(table["mappable"].sum())
    return {"units": len(table), "drawn": drawn, "flagged": len(table) - drawn,
            "hospitals": int((table["unit_type"] == "hospital").sum()),
            "imb_2026": int(imb["units"].sum()), "imb_states_2026": int((imb["units"] > 0).sum())}


def _group_of(code: str) -> str:
    return clues.INSTITUTIONS.get(code, (code, "other_public"))[1]


def state_counts(geodata_dir=None) -> pd.DataFrame:
    """Per state (all 32): units by group in the 2023 network, and the 2026-04 IMB and SSA codes.

    Columns: cve_ent, units_2023, <group>_2023 for each group, public_2023, ssa_2023, codes_2026,
    public_2026, imb_2026, ssa_2026, imb_share_public_2026 (IMB among public codes of 2026-04).
    The 2023 cut has no IMB unit: the state-run (SSA) units there are the ones transferred later.
    Computed once per folder (18 ms; the facilities and state pages ask on every run); each caller gets
    its own copy.
    """
    return _state_counts(str(Path(geodata_dir or default_root()).resolve())).copy()


@lru_cache(maxsize=2)
def _state_counts(geodata_dir: str) -> pd.DataFrame:
    table = load_network(geodata_dir).table
    frame = pd.DataFrame(index=pd.Index(list(STATE_CODES), name="cve_ent"))
    codes = table["cve_ent"].astype(str)
    frame["units_2023"] = codes.value_counts()
    for group in clues.GROUPS:
        frame[f"{group}_2023"] = codes[table["group"] == group].value_counts()
    frame["public_2023"] = codes[table["group"].isin(list(clues.PUBLIC_GROUPS))].value_counts()
    frame["ssa_2023"] = codes[table["inst_code"] == "SSA"].value_counts()
    release = release_counts(geodata_dir).copy()
    release["group"] = release["inst_code"].map(_group_of)
    frame["codes_2026"] = release.groupby("cve_ent")["units"].sum()
    frame["public_2026"] = release[release["group"].isin(list(clues.PUBLIC_GROUPS))].groupby("cve_ent")["units"].sum()
    frame["imb_2026"] = release[release["inst_code"] == "IMB"].set_index("cve_ent")["units"]
    frame["ssa_2026"] = release[release["inst_code"] == "SSA"].set_index("cve_ent")["units"]
    frame = frame.fillna(0).astype("int64")
    frame["imb_share_public_2026"] = frame["imb_2026"] / frame["public_2026"].where(frame["public_2026"] > 0)
    return frame.reset_index()


def check_release_counts(root: Path) -> list:
    from coverage.tables import Problem

    path = root / RELEASE_COUNTS_FILE
    name = "release-202604"
    if not path.is_file():
        return [Problem(name, None, None, f"file {path} is missing")]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(frame.columns) != ["cve_ent", "inst_code", "units"]:
        return [Problem(name, None, None, "columns must be cve_ent, inst_code, units")]
    problems = []
    for position, row in enumerate(frame.to_dict("records")):
        if row["cve_ent"] not in STATE_CODES:
            problems.append(Problem(name, position + 2, "cve_ent", f"'{row['cve_ent']}' is not a state code 01–32"))
        if not re.fullmatch(r"[A-Z]{3}", row["inst_code"]):
            problems.append(Problem(name, position + 2, "inst_code", f"'{row['inst_code']}' is not an institution code"))
        if not re.fullmatch(r"[1-9]\d*", row["units"]):
            problems.append(Problem(name, position + 2, "units", f"'{row['units']}' is not a positive count"))
    if frame.duplicated(["cve_ent", "inst_code"]).any():
        problems.append(Problem(name, None, None, "a state × institution pair appears twice"))
    if not problems and int(frame["units"].astype(int).sum()) != RELEASE_2026_CODES:
        problems.append(Problem(name, None, "units", f"codes add up to {int(frame['units'].astype(int).sum()):,}, "
                                                     f"the release has {RELEASE_2026_CODES:,}"))
    return problems


NETWORK_METRICS = ("units_per_10k", "hospitals_per_10k", "imb_share_public_2026")


def state_metrics(census: pd.DataFrame, geodata_dir=None) -> pd.DataFrame:
    """Per-state facility metrics of the embedded data, all 32 states, every component a column.

    - units_per_10k, hospitals_per_10k: fixed public units (hospitals by the name rule) of the 2023
      network per 10,000 people without social security (``rollout.without_social_security``);
    - imb_share_public_2026: IMB codes among public codes of release 2026-04.  The release list has
      no status and keeps the closed SSA records of transferred units, so this is a lower bound of
      IMSS-BIENESTAR's share of operating public units.
    """
    from coverage.rollout import without_social_security

    table = load_network(geodata_dir).table
    fixed_public = table[table["group"].isin(list(clues.PUBLIC_GROUPS)) & ~table["mobile"]]
    frame = pd.DataFrame(index=pd.Index(list(STATE_CODES), name="cve_ent"))
    frame["no_social_security"] = without_social_security(census).reindex(frame.index).astype("int64")
    codes = fixed_public["cve_ent"].astype(str)
    frame["public_units_2023"] = codes.value_counts()
    frame["public_hospitals_2023"] = codes[fixed_public["type"] == "hospital"].value_counts()
    counts = state_counts(geodata_dir).set_index("cve_ent")
    frame["imb_2026"] = counts["imb_2026"]
    frame["public_2026"] = counts["public_2026"]
    frame = frame.fillna(0).astype("int64")
    per = frame["no_social_security"].where(frame["no_social_security"] > 0) / 10_000
    frame["units_per_10k"] = frame["public_units_2023"] / per
    frame["hospitals_per_10k"] = frame["public_hospitals_2023"] / per
    frame["imb_share_public_2026"] = frame["imb_2026"] / frame["public_2026"].where(frame["public_2026"] > 0)
    return frame.reset_index()


def metrics_shown(metrics: pd.DataFrame, state_names: dict[str, str]) -> pd.DataFrame:
    """``state_metrics`` as the page shows it: the state's name, rates rounded, the IMB share in percent."""
    shown = metrics.copy()
    shown.insert(1, "state", shown["cve_ent"].map(state_names))
    shown["units_per_10k"] = shown["units_per_10k"].round(2)
    shown["hospitals_per_10k"] = shown["hospitals_per_10k"].round(3)
    shown["imb_share_public_2026"] = (100 * shown["imb_share_public_2026"]).round(1)
    return shown[["cve_ent", "state", "no_social_security", "public_units_2023", "public_hospitals_2023",
                  "units_per_10k", "hospitals_per_10k", "imb_2026", "public_2026", "imb_share_public_2026"]]
