"""The official CLUES catalogue of health establishments (DGIS): read, normalise, validate, count.

The catalogue is supplied by the user (xlsx, CSV or parquet, one file or several extracts of the
same release).  Columns are found by *name*, never by position (the 2025 release has 67 columns,
later ones 68), after folding accents, case, underscores and stray spaces.

Rules (``../shared/data/README.md``):
- Count each physical unit once: operating records only.  A closed ``SSA`` record whose reason is
  "POR CAMBIO DE INSTITUCION" is the transfer trace of its ``IMB`` successor; its closure date is
  the unit's transfer date.
- Nothing is dropped silently: every row with a problem (no coordinates, outside Mexico, outside
  its declared state, swapped latitude/longitude, duplicate CLUES, unknown institution code) is
  listed in ``Catalogue.issues`` with its kind, and the counts say how many of each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from coverage.errors import RequestError
from coverage.tables import FILES, default_root

NORMALISED_VERSION = "1"  # bump when the normalised table changes shape: invalidates the disk cache
MAX_UPLOAD_MB = 200

# Canonical column name → internal name.  Matching folds accents, case, "_" and whitespace.
COLUMNS = {
    "CLUES": "clues",
    "CLAVE DE LA INSTITUCION": "inst_code",
    "NOMBRE DE LA INSTITUCION": "inst_name",
    "CLAVE DE LA ENTIDAD": "cve_ent",
    "ENTIDAD": "state_name",
    "CLAVE DEL MUNICIPIO": "mun_code",
    "MUNICIPIO": "municipality",
    "CLAVE DE LA LOCALIDAD": "loc_code",
    "LOCALIDAD": "locality",
    "NOMBRE TIPO ESTABLECIMIENTO": "establishment",
    "NOMBRE DE TIPOLOGIA": "typology",
    "NOMBRE DE LA UNIDAD": "name",
    "CLAVE ESTATUS DE OPERACION": "status_code",
    "ESTATUS DE OPERACION": "status_label",
    "CLAVE NIVEL ATENCION": "level_code",
    "NIVEL ATENCION": "level_label",
    "LATITUD": "lat",
    "LONGITUD": "lon",
    "ULTIMO MOVIMIENTO": "last_move",
    "FECHA ULTIMO MOVIMIENTO": "last_move_date",
    "COMENTARIOS DE LA VALIDACION": "comments",
    "CLAVE MOTIVO BAJA": "closure_code",
    "MOTIVO BAJA": "closure_reason",
    "FECHA EFECTIVA DE BAJA": "closure_date",
    "UNIDAD MOVIL TIPO": "mobile_kind",
}
# Without these the file is not a CLUES catalogue we can use.
REQUIRED = ("CLUES", "CLAVE DE LA INSTITUCION", "CLAVE DE LA ENTIDAD", "NOMBRE DE LA UNIDAD", "LATITUD",
            "LONGITUD", "NOMBRE TIPO ESTABLECIMIENTO")

# Institution code → (short name, group).  Groups, in map order.
GROUPS = ("imss_bienestar", "state", "imss", "issste", "other_public", "private")
PUBLIC_GROUPS = GROUPS[:5]
INSTITUTIONS = {
    "IMB": ("IMSS-BIENESTAR", "imss_bienestar"),
    "SSA": ("SSA (servicios estatales)", "state"),
    "SME": ("Servicios médicos estatales", "state"),
    "IMS": ("IMSS", "imss"),
    "IMO": ("IMSS régimen Bienestar", "imss"),
    "IST": ("ISSSTE", "issste"),
    "PMX": ("PEMEX", "other_public"),
    "SDN": ("SEDENA", "other_public"),
    "SMA": ("SEMAR", "other_public"),
    "SMM": ("Servicios médicos municipales", "other_public"),
    "UNI": ("Servicios médicos universitarios", "other_public"),
    "DIF": ("DIF", "other_public"),
    "CIJ": ("Centros de Integración Juvenil", "other_public"),
    "SCT": ("SCT", "other_public"),
    "FGE": ("Fiscalía", "other_public"),
    "SSP": ("Seguridad pública", "other_public"),
    "HUN": ("Hospitales universitarios", "other_public"),
    "PGR": ("FGR (antes PGR)", "other_public"),
    "SMP": ("Servicios médicos privados", "private"),
    "CRO": ("Cruz Roja Mexicana", "private"),
}
# Unknown codes are reported and grouped by what the institution's name says.
_NAME_GROUPS = (("IMSS BIENESTAR", "imss_bienestar"), ("REGIMEN BIENESTAR", "imss"),
                ("SEGURO SOCIAL", "imss"), ("ISSSTE", "issste"), ("SEGURIDAD Y SERVICIOS SOCIALES", "issste"),
                ("PRIVAD", "private"), ("CRUZ ROJA", "private"), ("SECRETARIA DE SALUD", "state"),
                ("ESTATAL", "state"))

LEVELS = ("1", "2", "3", "")  # first, second, third level of care; "" = not stated
TYPES = ("hospital", "first_level", "other")
STATUSES = ("operating", "closed", "other")
ISSUE_KINDS = ("no_coordinates", "outside_mexico", "swapped", "outside_state", "duplicate_clues",
               "unknown_institution", "unknown_state")
TRANSFER_REASON = "POR CAMBIO DE INSTITUCION"

# Mainland + islands (Revillagigedo, Guadalupe), generous: the state check is the fine one.
MEXICO_BBOX = (-118.6, 14.3, -86.4, 32.8)  # lon_min, lat_min, lon_max, lat_max
# Natural Earth's simplified borders are coarse: a point within this distance of its state is in it.
STATE_TOLERANCE_DEG = 0.1  # ≈ 11 km; the Hidalgo extract is at most 0.02° outside

STATE_ABBR = {  # CLUES prefix → INEGI CVE_ENT
    "AS": "01", "BC": "02", "BS": "03", "CC": "04", "CL": "05", "CM": "06", "CS": "07", "CH": "08",
    "DF": "09", "DG": "10", "GT": "11", "GR": "12", "HG": "13", "JC": "14", "MC": "15", "MN": "16",
    "MS": "17", "NT": "18", "NL": "19", "OC": "20", "PL": "21", "QT": "22", "QR": "23", "SP": "24",
    "SL": "25", "SR": "26", "TC": "27", "TS": "28", "TL": "29", "VZ": "30", "YN": "31", "ZS": "32",
}

NORMALISED_COLUMNS = [
    "clues", "inst_code", "inst_short", "group", "cve_ent", "state_name", "mun_code", "municipality",
    "loc_code", "locality", "name", "level", "type", "mobile", "status", "status_label", "lat", "lon",
    "coord_issue", "mappable", "last_move", "last_move_date", "closure_code", "closure_reason",
    "closure_date", "transfer_date", "transfer_basis", "predecessor",
]


class CatalogueError(RequestError, ValueError):
    """A file that cannot be used as a CLUES catalogue; ``str()`` is one English sentence.

    ``code`` and ``values`` let the interface say it in the reader's language
    (catalogue keys ``clues_error.<code>``).
    """

    def __init__(self, code: str, message: str, **values: object):
        super().__init__(message)
        self.code = code
        self.values = values


@dataclass
class SourceFile:
    name: str
    sha256: str
    format: str
    rows: int
    columns: int
    detail: str = ""  # sheet name or text encoding


@dataclass
class Catalogue:
    table: pd.DataFrame  # one row per distinct CLUES record, NORMALISED_COLUMNS
    issues: pd.DataFrame  # one row per (record, problem): kind, clues, name, inst_code, cve_ent, lat, lon, detail
    release: str | None  # "YYYY-MM" when known
    release_basis: str  # "file_name", "sheet", "latest_movement" or "unknown"
    sources: list[SourceFile] = field(default_factory=list)
    key: str = ""  # content hash of the source files (``cache_key``); "" when built by hand

    @property
    def issue_counts(self) -> dict[str, int]:
        counts = self.issues["kind"].value_counts()
        return {kind: int(counts.get(kind, 0)) for kind in ISSUE_KINDS}


# --------------------------------------------------------------------------------------------- reading

def fold(text: object) -> str:
    """Upper case, no accents, single spaces, no underscores: how names and labels are compared."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip().upper()


def _match_columns(columns) -> dict[str, str]:
    """Original column → internal name, for the columns we know (first match wins)."""
    wanted = {fold(k): v for k, v in COLUMNS.items()}
    found: dict[str, str] = {}
    for column in columns:
        key = wanted.get(fold(column))
        if key and key not in found.values():
            found[column] = key
    return found


def _release_from_name(name: str) -> str | None:
    match = re.search(r"(?:ESTABLECIMIENTO_SALUD_|CLUES_)(\d{4})(\d{2})?", name.upper())
    if not match:
        return None
    year, month = match.group(1), match.group(2)
    if month and 1 <= int(month) <= 12:
        return f"{year}-{month}"
    return year


def _sniff_format(data: bytes, name: str) -> str:
    if data[:4] == b"PAR1":
        return "parquet"
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".parquet"):
        return suffix[1:]  # claimed but the bytes disagree: reading will say so
    return "csv"


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _read_csv(data: bytes) -> tuple[pd.DataFrame, str]:
    text, encoding = _decode(data)
    if "\x00" in text[:4096]:
        raise CatalogueError("binary", "the file is binary, not a CSV, xlsx or parquet CLUES catalogue")
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "|", "\t"), key=first.count)
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    return frame, encoding


def _read_xlsx(data: bytes) -> tuple[pd.DataFrame, str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = book.sheetnames
        preferred = [n for n in names if re.fullmatch(r"CLUES_\d{6}", n.strip().upper())] + names
        for sheet_name in dict.fromkeys(preferred):
            rows = book[sheet_name].iter_rows(values_only=True)
            header, skipped = None, 0
            for row in rows:  # the header is the first row that names the CLUES column
                if any(fold(c) == "CLUES" for c in row if c is not None):
                    header = [("" if c is None else str(c)) for c in row]
                    break
                skipped += 1
                if skipped > 20:
                    break
            if header is None:
                continue
            body = [r for r in rows if any(v is not None for v in r)]
            frame = pd.DataFrame(body, columns=header[: len(body[0])] if body else header)
            return frame, sheet_name
    finally:
        book.close()
    raise CatalogueError("no_clues_sheet", "the workbook has no sheet with a CLUES column, so it is not a CLUES catalogue")


def read_raw(data: bytes, name: str) -> tuple[pd.DataFrame, SourceFile]:
    """The file's rows as given, with its format; raises CatalogueError for anything unusable."""
    if not data:
        raise CatalogueError("empty", f"{name} is empty", name=name)
    fmt = _sniff_format(data, name)
    detail = ""
    try:
        if fmt == "parquet":
            frame = pd.read_parquet(io.BytesIO(data))
        elif fmt == "xlsx":
            frame, detail = _read_xlsx(data)
        else:
            frame, detail = _read_csv(data)
    except CatalogueError as exc:
        if "name" not in exc.values:
            exc.values["name"] = name
            exc.args = (f"{name}: {exc}",)
        raise
    except Exception as exc:  # any parser failure becomes one sentence, never a traceback
        raise CatalogueError("unreadable", f"{name} cannot be read as {fmt} ({type(exc).__name__})",
                             name=name, format=fmt) from exc
    missing = [c for c in REQUIRED if fold(c) not in {fold(x) for x in frame.columns}]
    if len(missing) == len(REQUIRED) or "CLUES" in missing:
        raise CatalogueError("not_catalogue", f"{name} is not a CLUES catalogue: it has no CLUES column",
                             name=name)
    if missing:
        raise CatalogueError("missing_columns", f"{name} lacks the CLUES column(s) {', '.join(missing)}",
                             name=name, columns=", ".join(missing))
    if frame.empty:
        raise CatalogueError("no_rows", f"{name} has the CLUES columns but no rows", name=name)
    source = SourceFile(name=Path(name).name, sha256=hashlib.sha256(data).hexdigest(), format=fmt,
                        rows=len(frame), columns=frame.shape[1], detail=detail)
    return frame, source


# --------------------------------------------------------------------------------------------- normalising

def _text(series: pd.Series) -> pd.Series:
    out = series.astype("string").str.strip()
    return out.mask(out.isin(["", "nan", "NaN", "None", "NULL"]))


def _code(series: pd.Series, width: int) -> pd.Series:
    """Numeric codes that may arrive as 13, 13.0, '13' or '013' → zero-padded text."""
    text = _text(series).str.replace(r"\.0+$", "", regex=True)
    return text.where(~text.str.fullmatch(r"\d+").fillna(False), text.str.zfill(width))


def _dates(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return pd.to_datetime(series, errors="coerce").dt.normalize()
    values = series.map(lambda v: v.strftime("%d/%m/%Y") if isinstance(v, (dt.date, dt.datetime)) else v)
    text = _text(values).str.slice(0, 10)
    parsed = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    iso = pd.to_datetime(text.where(parsed.isna()), format="%Y-%m-%d", errors="coerce")
    return parsed.fillna(iso)


def _numbers(series: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64")
    return pd.to_numeric(_text(series).str.replace(",", ".", regex=False), errors="coerce").astype("float64")


def _group_for(code: str, name: str) -> str | None:
    if code in INSTITUTIONS:
        return INSTITUTIONS[code][1]
    folded = fold(name or "")
    for needle, group in _NAME_GROUPS:
        if needle in folded:
            return group
    return None


def _state_shapes(path: Path | None = None):
    import shapely
    from shapely.geometry import shape

    geojson = json.loads(Path(path or default_root() / FILES["boundaries"]).read_text(encoding="utf-8"))
    shapes = {}
    for feature in geojson["features"]:
        geom = shape(feature["geometry"]).buffer(STATE_TOLERANCE_DEG)
        shapely.prepare(geom)
        shapes[feature["properties"]["cve_ent"]] = geom
    return shapes


_SHAPES: dict = {}


def state_shapes():
    if not _SHAPES:
        _SHAPES.update(_state_shapes())
    return _SHAPES


def _in_bbox(lon: pd.Series, lat: pd.Series) -> pd.Series:
    x0, y0, x1, y1 = MEXICO_BBOX
    return lon.between(x0, x1) & lat.between(y0, y1)


def normalise(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The compact table (NORMALISED_COLUMNS) and the list of problems found on the way."""
    import shapely

    renamed = frame.rename(columns=_match_columns(frame.columns))
    renamed = renamed.loc[:, ~renamed.columns.duplicated()]
    col = lambda name: renamed[name] if name in renamed.columns else pd.Series(pd.NA, index=renamed.index)  # noqa: E731
    out = pd.DataFrame(index=renamed.index)
    out["row"] = np.arange(len(renamed)) + 2  # as a spreadsheet shows it: header is row 1
    out["clues"] = _text(col("clues")).str.upper()
    out["inst_code"] = _text(col("inst_code")).str.upper().fillna("")
    inst_name = _text(col("inst_name")).fillna("")
    groups = {(c, n): _group_for(c, n) for c, n in set(zip(out["inst_code"], inst_name))}
    out["group"] = [groups[(c, n)] for c, n in zip(out["inst_code"], inst_name)]
    unknown_inst = out["group"].isna()
    out["group"] = out["group"].fillna("other_public")
    out["inst_short"] = [INSTITUTIONS[c][0] if c in INSTITUTIONS else (n.strip().title() or c)
                         for c, n in zip(out["inst_code"], inst_name)]
    cve = _code(col("cve_ent"), 2)
    from_clues = out["clues"].str.slice(0, 2).map(STATE_ABBR)
    out["cve_ent"] = cve.fillna(from_clues)
    unknown_state = ~out["cve_ent"].isin([f"{n:02d}" for n in range(1, 33)])
    out["state_name"] = _text(col("state_name"))
    out["mun_code"] = _code(col("mun_code"), 3)
    out["municipality"] = _text(col("municipality"))
    out["loc_code"] = _code(col("loc_code"), 4)
    out["locality"] = _text(col("locality"))
    out["name"] = _text(col("name")).fillna("")

    level_code = _code(col("level_code"), 1)
    level_label = _text(col("level_label")).map(lambda v: fold(v) if isinstance(v, str) else "")
    level = level_code.where(level_code.isin(["1", "2", "3"]))
    for word, value in (("PRIMER", "1"), ("SEGUNDO", "2"), ("TERCER", "3")):
        level = level.fillna(level_label.where(level_label.str.startswith(word)).map(lambda v, x=value: x))
    out["level"] = level.fillna("")

    establishment = _text(col("establishment")).fillna("").map(fold)
    out["type"] = np.select([establishment.str.contains("HOSPITALIZ"), establishment.str.contains("CONSULTA EXTERNA")],
                            ["hospital", "first_level"], "other")
    typology = _text(col("typology")).fillna("").map(fold)
    out["mobile"] = typology.str.contains("MOVIL") | _text(col("mobile_kind")).notna()

    status_label = _text(col("status_label")).fillna("")
    folded_status = status_label.map(fold)
    status_code = _code(col("status_code"), 1)
    operating = (folded_status == "EN OPERACION") | ((folded_status == "") & (status_code == "1"))
    closed = folded_status.str.contains("FUERA DE OPERACION") | ((folded_status == "") & (status_code == "3"))
    out["status"] = np.select([operating, closed], ["operating", "closed"], "other")
    out["status_label"] = status_label

    lat, lon = _numbers(col("lat")), _numbers(col("lon"))
    missing = lat.isna() | lon.isna() | ((lat == 0) & (lon == 0))
    inside = _in_bbox(lon, lat) & ~missing
    swapped = ~missing & ~inside & _in_bbox(lat, lon)  # latitude given as longitude and vice versa
    lat, lon = lat.where(~swapped, lon), lon.where(~swapped, lat)  # corrected, and reported
    outside_mexico = ~missing & ~inside & ~swapped
    out["lat"], out["lon"] = lat.round(6), lon.round(6)
    check = ~missing & ~outside_mexico & ~unknown_state
    outside_state = pd.Series(False, index=out.index)
    shapes = state_shapes()
    for code, idx in out.index[check].groupby(out.loc[check, "cve_ent"]).items():
        geom = shapes.get(code)
        if geom is not None:
            ok = shapely.contains_xy(geom, out.loc[idx, "lon"].to_numpy(), out.loc[idx, "lat"].to_numpy())
            outside_state.loc[idx] = ~ok
    out["coord_issue"] = np.select([missing, outside_mexico, swapped, outside_state],
                                   ["no_coordinates", "outside_mexico", "swapped", "outside_state"], "")
    out["mappable"] = ~missing & ~outside_mexico

    out["last_move"] = _text(col("last_move"))
    out["last_move_date"] = _dates(col("last_move_date"))
    out["closure_code"] = _code(col("closure_code"), 1)
    out["closure_reason"] = _text(col("closure_reason"))
    out["closure_date"] = _dates(col("closure_date"))
    comments = _text(col("comments")).fillna("").map(fold)

    issues = []

    def report(mask: pd.Series, kind: str, detail: pd.Series | str = "") -> None:
        if mask.any():
            part = out.loc[mask, ["row", "clues", "name", "inst_code", "cve_ent", "lat", "lon"]].copy()
            part.insert(0, "kind", kind)
            part["detail"] = detail[mask] if isinstance(detail, pd.Series) else detail
            issues.append(part)

    report(missing, "no_coordinates")
    report(outside_mexico, "outside_mexico")
    report(swapped, "swapped", "corrected: latitude and longitude exchanged")
    report(outside_state, "outside_state", "declared state " + out["cve_ent"].fillna("?"))
    report(unknown_inst, "unknown_institution", "code " + out["inst_code"].replace("", "(empty)"))
    report(unknown_state, "unknown_state", "declared " + cve.fillna("(empty)"))
    no_id = out["clues"].isna()
    duplicate = out["clues"].duplicated(keep="first") & ~no_id
    report(duplicate | no_id, "duplicate_clues",
           pd.Series(np.where(no_id, "no CLUES id", "repeats an earlier row"), index=out.index))
    kept = out[~(duplicate | no_id)].copy()
    kept["comments"] = comments[kept.index]
    table = _link_transfers(kept)
    table = table[NORMALISED_COLUMNS].reset_index(drop=True)
    for name in ("inst_code", "inst_short", "cve_ent", "group", "level", "type", "status", "coord_issue",
                 "status_label", "last_move", "closure_reason", "transfer_basis"):
        table[name] = table[name].astype("category")
    issue_columns = ["kind", "row", "clues", "name", "inst_code", "cve_ent", "lat", "lon", "detail"]
    issue_table = (pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=issue_columns))
    return table, issue_table[issue_columns]


def _link_transfers(table: pd.DataFrame) -> pd.DataFrame:
    """Give each operating IMB unit the closure date of the SSA record it replaced.

    The predecessor is found in the same state by municipality, locality and unit name; failing
    that, by identical coordinates.  A successor with no predecessor in the file whose record
    says it was transferred keeps its registration date, marked as such.
    """
    table["transfer_date"] = pd.NaT
    table["transfer_basis"] = ""
    table["predecessor"] = pd.Series(pd.NA, index=table.index, dtype="string")
    reason = table["closure_reason"].fillna("").map(fold)
    traces = table[(table["inst_code"] == "SSA") & (table["status"] == "closed") & (reason == TRANSFER_REASON)]
    successors = table[(table["inst_code"] == "IMB") & (table["status"] == "operating")]
    if traces.empty and successors.empty:
        return table

    def name_key(frame):
        return (frame["cve_ent"].fillna("") + "|" + frame["mun_code"].fillna("") + "|"
                + frame["loc_code"].fillna("") + "|" + frame["name"].map(fold))

    def coord_key(frame):
        return frame["cve_ent"].fillna("") + "|" + frame["lat"].round(5).astype(str) + "|" + frame["lon"].round(5).astype(str)

    unmatched_traces = traces
    matched: dict = {}
    for keyer in (name_key, coord_key):
        if unmatched_traces.empty:
            break
        trace_keys = keyer(unmatched_traces)
        unique_traces = trace_keys[~trace_keys.duplicated(keep=False)]
        lookup = pd.Series(unique_traces.index, index=unique_traces.values)
        open_successors = successors.drop(index=list(matched), errors="ignore")
        keys = keyer(open_successors)
        keys = keys[~keys.duplicated(keep=False) & keys.isin(lookup.index)]
        for successor_index, key in keys.items():
            matched[successor_index] = lookup[key]
        unmatched_traces = unmatched_traces.drop(index=list(matched.values()), errors="ignore")
    if matched:
        succ = pd.Index(list(matched))
        pred = pd.Index(list(matched.values()))
        table.loc[succ, "transfer_date"] = table.loc[pred, "closure_date"].to_numpy()
        table.loc[succ, "predecessor"] = table.loc[pred, "clues"].to_numpy()
        table.loc[succ, "transfer_basis"] = "predecessor_closure"
    registered = (table.index.isin(successors.index) & table["transfer_date"].isna()
                  & table["comments"].str.contains("TRANSFIERE") & (table["last_move"].fillna("").map(fold) == "ALTA"))
    table.loc[registered, "transfer_date"] = table.loc[registered, "last_move_date"]
    table.loc[registered, "transfer_basis"] = "registration"
    table["transfer_date"] = pd.to_datetime(table["transfer_date"])
    return table


# --------------------------------------------------------------------------------------------- loading

def _release(sources: list[SourceFile], raw_names: list[str], table: pd.DataFrame) -> tuple[str | None, str]:
    for name in raw_names:
        release = _release_from_name(name)
        if release:
            return release, "file_name"
    for source in sources:
        release = _release_from_name(source.detail) if source.format == "xlsx" else None
        if release:
            return release, "sheet"
    latest = table["last_move_date"].max()
    if pd.notna(latest):
        return latest.strftime("%Y-%m"), "latest_movement"
    return None, "unknown"


def from_bytes(files: list[tuple[str, bytes]]) -> Catalogue:
    """A catalogue from one or more files (name, bytes) of the same release, e.g. state extracts."""
    if not files:
        raise CatalogueError("empty", "no catalogue file was given", name="")
    frames, sources = [], []
    for name, data in files:
        frame, source = read_raw(data, name)
        frames.append(frame.rename(columns=_match_columns(frame.columns)))
        sources.append(source)
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    table, issues = normalise(combined)
    release, basis = _release(sources, [n for n, _ in files], table)
    return Catalogue(table=table, issues=issues, release=release, release_basis=basis, sources=sources,
                     key=cache_key(files))


def catalogue_paths(spec: str | os.PathLike) -> list[Path]:
    """Files named by a path, a folder (every xlsx/csv/parquet in it) or several joined by os.pathsep."""
    paths: list[Path] = []
    for part in str(spec).split(os.pathsep):
        if not part.strip():
            continue
        path = Path(part.strip()).expanduser()
        if path.is_dir():
            paths += sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".csv", ".parquet"))
        else:
            paths.append(path)
    return paths


def cache_dir() -> Path:
    env = os.environ.get("COVERAGE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "imss-coverage"


def cache_key(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(NORMALISED_VERSION.encode())
    for name, data in sorted(files, key=lambda f: f[0]):
        digest.update(Path(name).name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


def load_files(files: list[tuple[str, bytes]], cache: Path | None = None) -> Catalogue:
    """Like ``from_bytes`` with a disk cache of the normalised table (parquet + json), keyed by content."""
    if cache is None:
        return from_bytes(files)
    key = cache_key(files)
    folder = cache / "normalised"
    table_path, issues_path, meta_path = (folder / f"{key}.{s}" for s in ("table.parquet", "issues.parquet", "json"))
    if table_path.is_file() and issues_path.is_file() and meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return Catalogue(table=pd.read_parquet(table_path), issues=pd.read_parquet(issues_path),
                             release=meta["release"], release_basis=meta["release_basis"],
                             sources=[SourceFile(**s) for s in meta["sources"]], key=key)
        except Exception:  # a damaged cache entry is rebuilt
            pass
    result = from_bytes(files)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        result.table.to_parquet(table_path, index=False)
        result.issues.astype({"lat": "float64", "lon": "float64"}).to_parquet(issues_path, index=False)
        meta_path.write_text(json.dumps({"release": result.release, "release_basis": result.release_basis,
                                         "sources": [s.__dict__ for s in result.sources]}), encoding="utf-8")
    except OSError:
        pass  # a read-only cache folder only costs speed
    return result


def load(spec: str | os.PathLike | list, cache: Path | None = None) -> Catalogue:
    """Read the catalogue at a path (see ``catalogue_paths``); CatalogueError when it cannot be used."""
    paths = spec if isinstance(spec, list) else catalogue_paths(spec)
    if not paths:
        raise CatalogueError("not_found", f"no catalogue file at {spec}", name=str(spec))
    files = []
    for path in paths:
        try:
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError as exc:
            raise CatalogueError("not_found", f"{path} cannot be opened ({exc.strerror or type(exc).__name__})",
                                 name=str(path)) from None
    return load_files(files, cache)


# --------------------------------------------------------------------------------------------- counting

def units(catalogue: Catalogue | pd.DataFrame) -> pd.DataFrame:
    """Each physical unit once: the operating records."""
    table = catalogue.table if isinstance(catalogue, Catalogue) else catalogue
    return table[table["status"] == "operating"]


def points_mask(table: pd.DataFrame, groups=GROUPS, levels=LEVELS, types=TYPES, include_mobile: bool = False,
                cve_ent: str | None = None) -> pd.Series:
    """Which rows of ``table`` are drawable operating units passing the filters (``points`` uses it)."""
    mask = ((table["status"] == "operating") & table["mappable"] & table["group"].isin(list(groups))
            & table["level"].isin(list(levels)) & table["type"].isin(list(types)))
    if not include_mobile:
        mask &= ~table["mobile"]
    if cve_ent:
        mask &= table["cve_ent"] == cve_ent
    return mask


def points(catalogue: Catalogue, groups=GROUPS, levels=LEVELS, types=TYPES, include_mobile: bool = False,
           cve_ent: str | None = None) -> pd.DataFrame:
    """Operating units that can be drawn, filtered (empty selections mean nothing is shown)."""
    table = catalogue.table if isinstance(catalogue, Catalogue) else catalogue
    return table[points_mask(table, groups, levels, types, include_mobile, cve_ent)]


def _counts(frame: pd.DataFrame, column: str, order) -> dict[str, int]:
    counts = frame[column].value_counts()
    return {key: int(counts.get(key, 0)) for key in order if counts.get(key, 0) or key in GROUPS + TYPES}


def summary(catalogue: Catalogue) -> dict:
    """Counts of operating units by state, group, level and type, the validation report and release."""
    live = units(catalogue)
    by_state = {}
    for code, frame in live.groupby("cve_ent", observed=True):
        by_state[code] = {"units": len(frame), "groups": _counts(frame, "group", GROUPS),
                          "types": _counts(frame, "type", TYPES)}
    transfers = live[live["transfer_date"].notna()]
    return {
        "release": catalogue.release,
        "release_basis": catalogue.release_basis,
        "files": [s.__dict__ for s in catalogue.sources],
        "records": len(catalogue.table),
        "records_by_status": {k: int(v) for k, v in catalogue.table["status"].value_counts().items()},
        "units_operating": len(live),
        "units_mobile": int(live["mobile"].sum()),
        "units_mappable": int(live["mappable"].sum()),
        "by_group": _counts(live, "group", GROUPS),
        "by_level": {("none" if k == "" else k): v for k, v in _counts(live, "level", LEVELS).items()},
        "by_type": _counts(live, "type", TYPES),
        "by_state": dict(sorted(by_state.items())),
        "transfers": {
            "units_with_transfer_date": len(transfers),
            "by_basis": {k: int(v) for k, v in transfers["transfer_basis"].value_counts().items() if v},
            "by_date": {d.strftime("%Y-%m-%d"): int(n) for d, n in
                        transfers["transfer_date"].value_counts().sort_index().items()},
        },
        "validation": catalogue.issue_counts,
    }


def transfer_timeline(catalogue: Catalogue, cve_ent: str | None = None) -> pd.DataFrame:
    """Units transferred to IMSS-BIENESTAR per state and month: cve_ent, month (YYYY-MM), units, cumulative."""
    live = units(catalogue)
    live = live[live["transfer_date"].notna() & (live["group"] == "imss_bienestar")]
    if cve_ent:
        live = live[live["cve_ent"] == cve_ent]
    if live.empty:
        return pd.DataFrame(columns=["cve_ent", "month", "units", "cumulative"])
    frame = (live.assign(month=live["transfer_date"].dt.strftime("%Y-%m"))
             .groupby(["cve_ent", "month"], observed=True).size().rename("units").reset_index())
    frame["cve_ent"] = frame["cve_ent"].astype(str)
    frame["cumulative"] = frame.groupby("cve_ent")["units"].cumsum()
    return frame.sort_values(["cve_ent", "month"]).reset_index(drop=True)


METRICS = ("units_per_10k", "hospitals_per_10k", "imb_share_first_level", "transferred")


def state_metrics(catalogue: Catalogue, census: pd.DataFrame) -> pd.DataFrame:
    """One row per state (all 32): facility counts joined to the census, with the derived metrics.

    - units_per_10k / hospitals_per_10k: public operating fixed units (hospitals) per 10,000 people
      without health-service affiliation (INEGI PSINDER 2020);
    - imb_share_first_level: IMSS-BIENESTAR units among public first-level units;
    - transferred: units with a transfer date (closure of their SSA predecessor).
    Every component is a column, so the page can show how each number was made.
    """
    live = units(catalogue)
    public = live[live["group"].isin(PUBLIC_GROUPS) & ~live["mobile"]]
    first = public[public["level"] == "1"]
    frame = pd.DataFrame({"cve_ent": census["cve_ent"].astype(str),
                          "uninsured": census["PSINDER"].astype("int64")}).set_index("cve_ent")

    def per_state(series: pd.Series) -> pd.Series:
        return series.groupby(series, observed=True).size() if len(series) else pd.Series(dtype="int64")

    frame["public_units"] = per_state(public["cve_ent"].astype(str))
    frame["public_hospitals"] = per_state(public.loc[public["type"] == "hospital", "cve_ent"].astype(str))
    frame["first_level_public"] = per_state(first["cve_ent"].astype(str))
    frame["first_level_imb"] = per_state(first.loc[first["group"] == "imss_bienestar", "cve_ent"].astype(str))
    transferred = live[live["transfer_date"].notna() & (live["group"] == "imss_bienestar")]
    frame["transferred"] = per_state(transferred["cve_ent"].astype(str))
    frame["first_transfer"] = transferred.groupby(transferred["cve_ent"].astype(str))["transfer_date"].min()
    frame["last_transfer"] = transferred.groupby(transferred["cve_ent"].astype(str))["transfer_date"].max()
    counts = ["public_units", "public_hospitals", "first_level_public", "first_level_imb", "transferred"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    present = live["cve_ent"].astype(str).unique()
    frame["in_catalogue"] = frame.index.isin(present)
    per = frame["uninsured"].where(frame["uninsured"] > 0) / 10_000
    frame["units_per_10k"] = (frame["public_units"] / per).where(frame["in_catalogue"])
    frame["hospitals_per_10k"] = (frame["public_hospitals"] / per).where(frame["in_catalogue"])
    frame["imb_share_first_level"] = (frame["first_level_imb"] / frame["first_level_public"].where(
        frame["first_level_public"] > 0)).where(frame["in_catalogue"])
    return frame.reset_index()


def state_timeline(catalogue: Catalogue, events: pd.DataFrame, cve_ent: str) -> pd.DataFrame:
    """A state's transfer days next to its rollout events, in date order, to compare the two.

    Columns: date, kind ("transfer" or the event stage), units (transferred that day), cumulative,
    source_url (events only).  Event dates are the start of the interval the source gives.
    """
    from coverage.dates import parse_partial

    live = units(catalogue)
    live = live[(live["cve_ent"] == cve_ent) & live["transfer_date"].notna() & (live["group"] == "imss_bienestar")]
    days = live["transfer_date"].dt.date.value_counts().sort_index()
    transfers = pd.DataFrame({"date": days.index, "kind": "transfer", "units": days.to_numpy(),
                              "cumulative": days.cumsum().to_numpy(), "source_url": ""})
    own = events[events["cve_ent"] == cve_ent]
    steps = pd.DataFrame({"date": [parse_partial(d).earliest for d in own["date"]], "kind": own["stage"].to_numpy(),
                          "units": pd.NA, "cumulative": pd.NA, "source_url": own["source_url"].to_numpy()})
    frames = [f for f in (transfers, steps) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["date", "kind", "units", "cumulative", "source_url"])
    both = pd.concat(frames, ignore_index=True)
    both["units"] = both["units"].astype("Int64")
    both["cumulative"] = both["cumulative"].astype("Int64")
    return both.sort_values(["date", "kind"], kind="stable").reset_index(drop=True)
