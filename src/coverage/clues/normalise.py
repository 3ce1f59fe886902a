"""Normalising a catalogue's raw rows: the compact table (``NORMALISED_COLUMNS``) and its problems.

Nothing is dropped silently: every row with a problem (no coordinates, outside Mexico, outside its
declared state, swapped latitude/longitude, duplicate CLUES, unknown institution code) is listed with
its kind.  ``state_shapes`` and ``outside_state`` are shared with ``coverage.localities``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from coverage.clues.reading import _match_columns
from coverage.clues.schema import (INSTITUTIONS, MEXICO_BBOX, NORMALISED_COLUMNS, STATE_ABBR, STATE_TOLERANCE_DEG,
                                   _NAME_GROUPS, fold)
from coverage.clues.transfers import _link_transfers
from coverage.tables import FILES, default_root


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


def outside_state(out: pd.DataFrame, check: pd.Series) -> pd.Series:
    """Which of the ``check`` rows (``cve_ent``, ``lat``, ``lon``) lie outside their declared state."""
    import shapely

    outside = pd.Series(False, index=out.index)
    shapes = state_shapes()
    for code, idx in out.index[check].groupby(out.loc[check, "cve_ent"]).items():
        geom = shapes.get(code)
        if geom is not None:
            outside.loc[idx] = ~shapely.contains_xy(geom, out.loc[idx, "lon"].to_numpy(), out.loc[idx, "lat"].to_numpy())
    return outside


def _institution(out: pd.DataFrame, col) -> pd.Series:
    """Sets clues, inst_code, group and inst_short; returns which rows have an unknown institution."""
    out["clues"] = _text(col("clues")).str.upper()
    out["inst_code"] = _text(col("inst_code")).str.upper().fillna("")
    inst_name = _text(col("inst_name")).fillna("")
    groups = {(c, n): _group_for(c, n) for c, n in set(zip(out["inst_code"], inst_name))}
    out["group"] = [groups[(c, n)] for c, n in zip(out["inst_code"], inst_name)]
    unknown_inst = out["group"].isna()
    out["group"] = out["group"].fillna("other_public")
    out["inst_short"] = [INSTITUTIONS[c][0] if c in INSTITUTIONS else (n.strip().title() or c)
                         for c, n in zip(out["inst_code"], inst_name)]
    return unknown_inst


def _place(out: pd.DataFrame, col) -> tuple[pd.Series, pd.Series]:
    """Sets the state, municipality, locality and name; returns the declared state code and which
    rows have no known state."""
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
    return cve, unknown_state


def _kind(out: pd.DataFrame, col) -> None:
    """Sets level, type, mobile, status and status_label."""
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


def _coordinates(out: pd.DataFrame, col, unknown_state: pd.Series) -> dict[str, pd.Series]:
    """Sets lat, lon (swapped pairs corrected), coord_issue and mappable; returns the problem masks."""
    lat, lon = _numbers(col("lat")), _numbers(col("lon"))
    missing = lat.isna() | lon.isna() | ((lat == 0) & (lon == 0))
    inside = _in_bbox(lon, lat) & ~missing
    swapped = ~missing & ~inside & _in_bbox(lat, lon)  # latitude given as longitude and vice versa
    lat, lon = lat.where(~swapped, lon), lon.where(~swapped, lat)  # corrected, and reported
    outside_mexico = ~missing & ~inside & ~swapped
    out["lat"], out["lon"] = lat.round(6), lon.round(6)
    outside = outside_state(out, ~missing & ~outside_mexico & ~unknown_state)
    out["coord_issue"] = np.select([missing, outside_mexico, swapped, outside],
                                   ["no_coordinates", "outside_mexico", "swapped", "outside_state"], "")
    out["mappable"] = ~missing & ~outside_mexico
    return {"missing": missing, "outside_mexico": outside_mexico, "swapped": swapped, "outside_state": outside}


def _movements(out: pd.DataFrame, col) -> pd.Series:
    """Sets the last movement and closure columns; returns the folded validation comments."""
    out["last_move"] = _text(col("last_move"))
    out["last_move_date"] = _dates(col("last_move_date"))
    out["closure_code"] = _code(col("closure_code"), 1)
    out["closure_reason"] = _text(col("closure_reason"))
    out["closure_date"] = _dates(col("closure_date"))
    return _text(col("comments")).fillna("").map(fold)


ISSUE_COLUMNS = ["kind", "row", "clues", "name", "inst_code", "cve_ent", "lat", "lon", "detail"]


def _issues(out: pd.DataFrame, coords: dict[str, pd.Series], unknown_inst: pd.Series, unknown_state: pd.Series,
            cve: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """The problem list, and which rows are dropped as duplicates (or without a CLUES id)."""
    issues = []

    def report(mask: pd.Series, kind: str, detail: pd.Series | str = "") -> None:
        if mask.any():
            part = out.loc[mask, ["row", "clues", "name", "inst_code", "cve_ent", "lat", "lon"]].copy()
            part.insert(0, "kind", kind)
            part["detail"] = detail[mask] if isinstance(detail, pd.Series) else detail
            issues.append(part)

    report(coords["missing"], "no_coordinates")
    report(coords["outside_mexico"], "outside_mexico")
    report(coords["swapped"], "swapped", "corrected: latitude and longitude exchanged")
    report(coords["outside_state"], "outside_state", "declared state " + out["cve_ent"].fillna("?"))
    report(unknown_inst, "unknown_institution", "code " + out["inst_code"].replace("", "(empty)"))
    report(unknown_state, "unknown_state", "declared " + cve.fillna("(empty)"))
    no_id = out["clues"].isna()
    duplicate = out["clues"].duplicated(keep="first") & ~no_id
    report(duplicate | no_id, "duplicate_clues",
           pd.Series(np.where(no_id, "no CLUES id", "repeats an earlier row"), index=out.index))
    issue_table = (pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=ISSUE_COLUMNS))
    return issue_table[ISSUE_COLUMNS], duplicate | no_id


def normalise(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The compact table (NORMALISED_COLUMNS) and the list of problems found on the way."""
    renamed = frame.rename(columns=_match_columns(frame.columns))
    renamed = renamed.loc[:, ~renamed.columns.duplicated()]
    col = lambda name: renamed[name] if name in renamed.columns else pd.Series(pd.NA, index=renamed.index)  # noqa: E731
    out = pd.DataFrame(index=renamed.index)
    out["row"] = np.arange(len(renamed)) + 2  # as a spreadsheet shows it: header is row 1
    unknown_inst = _institution(out, col)
    cve, unknown_state = _place(out, col)
    _kind(out, col)
    coords = _coordinates(out, col, unknown_state)
    comments = _movements(out, col)
    issue_table, dropped = _issues(out, coords, unknown_inst, unknown_state, cve)
    kept = out[~dropped].copy()
    kept["comments"] = comments[kept.index]
    table = _link_transfers(kept)
    table = table[NORMALISED_COLUMNS].reset_index(drop=True)
    for name in ("inst_code", "inst_short", "cve_ent", "group", "level", "type", "status", "coord_issue",
                 "status_label", "last_move", "closure_reason", "transfer_basis"):
        table[name] = table[name].astype("category")
    return table, issue_table
