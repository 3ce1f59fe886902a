"""The embedded tables in ``geodata/``: where they are, how they load, and the rules they obey.

Each table is read as text first and checked before anything is converted, so a broken copy is
reported row by row (table, row, column, what is wrong) instead of failing somewhere deeper.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coverage import resources
from coverage.dates import DateError, parse_partial
from coverage.errors import BrokenDataError
from coverage.i18n import catalogue

STAGES = ("in_process", "signed", "partial", "operating", "declined")
TARGET_KINDS = ("states", "state_count", "coverage_share", "covered_people")
STATE_CODES = tuple(f"{n:02d}" for n in range(1, 33))
# INEGI Censo 2020 national totals (ITER): the census table must reproduce them exactly.
NATIONAL_POBTOT = 126_014_024
NATIONAL_PSINDER = 32_999_713

FILES = {
    "states": "states/state_codes.csv",
    "boundaries": "states.geojson",
    "census": "census_2020.csv",
    "events": "rollout_events.csv",
    "targets": "rollout_targets.csv",
}
COLUMNS = {
    "states": ["cve_ent", "iso_3166_2", "name_official", "name_es", "name_en", "abbr"],
    "census": ["cve_ent", "POBTOT", "PSINDER", "PDER_SS", "PDER_SEGP", "PDER_IMSSB", "PDER_IMSS"],
    "events": ["event_id", "cve_ent", "stage", "date", "precision", "instrument_es", "instrument_en",
               "source_ref", "source_url", "note_es", "note_en"],
    "targets": ["target_id", "milestone", "announced", "announced_by_es", "announced_by_en", "kind", "deadline",
                "states", "value", "value_max", "source_ref", "source_url", "note_es", "note_en"],
}
# Text a reader sees, one column per language (a code such as a stage or a kind is translated by the
# catalogues instead).  ``localized(frame, "note", lang)`` picks the reader's column.
BILINGUAL = {"events": ("instrument", "note"), "targets": ("announced_by", "note")}
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def default_root() -> Path:
    """The geodata folder: ``$COVERAGE_GEODATA`` if set, else the one shipped with the package (a wheel)
    or the repository's ``geodata/`` (a checkout or an editable install); see ``coverage.resources``."""
    env = os.environ.get("COVERAGE_GEODATA")
    return Path(env) if env else resources.geodata()


@dataclass(frozen=True)
class Problem:
    table: str
    row: int | None  # 1-based data row as a spreadsheet shows it (header = row 1), None = whole table
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.table
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.message}"


class DataError(BrokenDataError):
    """The embedded data is broken; ``problems`` lists every violation found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the embedded data:\n{lines}{more}")


@dataclass
class Tables:
    root: Path
    states: pd.DataFrame
    census: pd.DataFrame
    events: pd.DataFrame
    targets: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    # the day the events were last checked against their sources (datapackage.json, rollout-events)
    reviewed: dt.date | None = None


def _read_text_table(path: Path, table: str, problems: list[Problem]) -> pd.DataFrame | None:
    if not path.is_file():
        problems.append(Problem(table, None, None, f"file {path} is missing"))
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(table, None, None, f"cannot be read as UTF-8 CSV: {exc}"))
        return None
    missing = [c for c in COLUMNS[table] if c not in frame.columns]
    if missing:
        problems.append(Problem(table, None, None, f"missing column(s): {', '.join(missing)}"))
        return None
    return frame


def _rows(frame: pd.DataFrame):
    for position, row in enumerate(frame.to_dict("records")):
        yield position + 2, row


def _check_states(frame: pd.DataFrame, problems: list[Problem]) -> None:
    for rownum, row in _rows(frame):
        if row["cve_ent"] not in STATE_CODES:
            problems.append(Problem("states", rownum, "cve_ent", f"'{row['cve_ent']}' is not an INEGI state code 01–32"))
        if not re.fullmatch(r"MX-[A-Z]{3}", row["iso_3166_2"]):
            problems.append(Problem("states", rownum, "iso_3166_2", f"'{row['iso_3166_2']}' is not an ISO 3166-2:MX code"))
        for column in ("name_official", "name_es", "name_en", "abbr"):
            if not row[column].strip():
                problems.append(Problem("states", rownum, column, "is empty"))
    codes = list(frame["cve_ent"])
    if sorted(set(codes)) != list(STATE_CODES) or len(codes) != 32:
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        problems.append(Problem("states", None, "cve_ent",
                                f"must list each of the 32 states once (found {len(codes)} rows, duplicates: {dupes or 'none'})"))
    if "MX-DIF" in set(frame["iso_3166_2"]):
        problems.append(Problem("states", None, "iso_3166_2", "Ciudad de México is MX-CMX since 2017, not MX-DIF"))


def _check_census(frame: pd.DataFrame, problems: list[Problem]) -> None:
    numeric = COLUMNS["census"][1:]
    ok = True
    for rownum, row in _rows(frame):
        if row["cve_ent"] not in STATE_CODES:
            problems.append(Problem("census", rownum, "cve_ent", f"'{row['cve_ent']}' is not a state code"))
        for column in numeric:
            if not re.fullmatch(r"\d+", row[column]):
                problems.append(Problem("census", rownum, column, f"'{row[column]}' is not a whole number of people"))
                ok = False
        if ok and int(row["PSINDER"]) + int(row["PDER_SS"]) > int(row["POBTOT"]):
            problems.append(Problem("census", rownum, "PSINDER",
                                    "people with and without affiliation add up to more than the population"))
    if sorted(frame["cve_ent"]) != list(STATE_CODES):
        problems.append(Problem("census", None, "cve_ent", "must have exactly one row for each of the 32 states"))
    if ok:
        totals = {c: sum(int(v) for v in frame[c]) for c in ("POBTOT", "PSINDER")}
        if totals["POBTOT"] != NATIONAL_POBTOT:
            problems.append(Problem("census", None, "POBTOT",
                                    f"national total {totals['POBTOT']:,} differs from INEGI's {NATIONAL_POBTOT:,}"))
        if totals["PSINDER"] != NATIONAL_PSINDER:
            problems.append(Problem("census", None, "PSINDER",
                                    f"national total {totals['PSINDER']:,} differs from INEGI's {NATIONAL_PSINDER:,}"))


def _check_source(table: str, rownum: int, row: dict, problems: list[Problem]) -> None:
    if not _URL.match(row["source_url"].strip()):
        problems.append(Problem(table, rownum, "source_url", "every row needs the http(s) address of its source"))
    if not row["source_ref"].strip():
        problems.append(Problem(table, rownum, "source_ref", "is empty (cite the reference code)"))


def _check_bilingual(table: str, rownum: int, row: dict, problems: list[Problem]) -> None:
    for base in BILINGUAL[table]:
        for lang in ("es", "en"):
            value = row[f"{base}_{lang}"].strip()
            if not value or value.lower() in ("none", "nan", "null"):
                problems.append(Problem(table, rownum, f"{base}_{lang}",
                                        f"is empty or '{value}': every text a reader sees needs Spanish and English"))


def localized(frame: pd.DataFrame, base: str, lang: str) -> pd.Series:
    """The reader's language version of a bilingual text column (``note`` → ``note_es``/``note_en``)."""
    return frame[f"{base}_en" if lang == "en" else f"{base}_es"]


def _check_events(frame: pd.DataFrame, problems: list[Problem]) -> None:
    seen_ids: set[str] = set()
    last_latest: dict[str, object] = {}
    first: dict[tuple[str, str], object] = {}
    for rownum, row in _rows(frame):
        if row["event_id"] in seen_ids or not row["event_id"].strip():
            problems.append(Problem("events", rownum, "event_id", f"'{row['event_id']}' is empty or repeated"))
        seen_ids.add(row["event_id"])
        state = row["cve_ent"]
        if state not in STATE_CODES:
            problems.append(Problem("events", rownum, "cve_ent", f"'{state}' is not a state code 01–32"))
        if row["stage"] not in STAGES:
            problems.append(Problem("events", rownum, "stage", f"'{row['stage']}' is not one of {', '.join(STAGES)}"))
        _check_bilingual("events", rownum, row, problems)
        _check_source("events", rownum, row, problems)
        try:
            when = parse_partial(row["date"])
        except DateError as exc:
            problems.append(Problem("events", rownum, "date", str(exc)))
            continue
        if when.precision != row["precision"]:
            problems.append(Problem("events", rownum, "precision",
                                    f"date '{row['date']}' has precision '{when.precision}', not '{row['precision']}'"))
        previous = last_latest.get(state)
        if previous is not None and when.latest < previous:
            problems.append(Problem("events", rownum, "date",
                                    f"events of state {state} are out of order ({row['date']} after an event certain by {previous})"))
        last_latest[state] = when.latest
        first.setdefault((state, row["stage"]), when)
    missing = [c for c in STATE_CODES if c not in last_latest]
    if missing:
        problems.append(Problem("events", None, "cve_ent", f"states without any event: {', '.join(missing)}"))
    for (state, stage), when in first.items():
        if stage != "operating":
            continue
        signed = first.get((state, "signed"))
        if signed is None:
            problems.append(Problem("events", None, "stage", f"state {state} is operating without any signed agreement"))
        elif when.latest < signed.earliest:
            problems.append(Problem("events", None, "date",
                                    f"state {state} operates ({when}) before its first agreement ({signed})"))


def _check_targets(frame: pd.DataFrame, problems: list[Problem]) -> None:
    seen: set[tuple[str, str]] = set()
    for rownum, row in _rows(frame):
        key = (row["target_id"], row["milestone"])
        if key in seen or not all(key):
            problems.append(Problem("targets", rownum, "milestone", f"{key} is empty or repeated"))
        seen.add(key)
        _check_source("targets", rownum, row, problems)
        _check_bilingual("targets", rownum, row, problems)
        for lang in ("es", "en"):  # a milestone code must have a reader's name, or the code reaches the screen
            if f"truth.milestone.{row['milestone']}" not in catalogue(lang):
                problems.append(Problem("targets", rownum, "milestone",
                                        f"'{row['milestone']}' has no name in locales/{lang}.common.json "
                                        f"(add truth.milestone.{row['milestone']})"))
        if row["kind"] not in TARGET_KINDS:
            problems.append(Problem("targets", rownum, "kind", f"'{row['kind']}' is not one of {', '.join(TARGET_KINDS)}"))
        try:
            announced = parse_partial(row["announced"])
            deadline = parse_partial(row["deadline"])
        except DateError as exc:
            problems.append(Problem("targets", rownum, "announced/deadline", str(exc)))
            continue
        if deadline.latest < announced.earliest:
            problems.append(Problem("targets", rownum, "deadline", "falls before the announcement"))
        if row["kind"] == "states":
            codes = row["states"].split(";") if row["states"] != "all" else list(STATE_CODES)
            bad = [c for c in codes if c not in STATE_CODES]
            if bad or not codes or len(set(codes)) != len(codes):
                problems.append(Problem("targets", rownum, "states",
                                        f"must be 'all' or distinct state codes separated by ';' (bad: {bad})"))
        elif row["kind"] in TARGET_KINDS:
            try:
                value = float(row["value"])
                upper = float(row["value_max"]) if row["value_max"] else value
            except ValueError:
                problems.append(Problem("targets", rownum, "value", f"'{row['value']}' is not a number"))
                continue
            if upper < value or value < 0 or (row["kind"] == "coverage_share" and upper > 100):
                problems.append(Problem("targets", rownum, "value", "is out of range"))


def _check_boundaries(root: Path, states: pd.DataFrame | None, problems: list[Problem]) -> None:
    path = root / FILES["boundaries"]
    if not path.is_file():
        problems.append(Problem("boundaries", None, None, f"file {path} is missing"))
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
        codes = [f["properties"]["cve_ent"] for f in features]
    except (ValueError, KeyError, TypeError) as exc:
        problems.append(Problem("boundaries", None, None, f"is not a GeoJSON FeatureCollection with cve_ent: {exc}"))
        return
    if sorted(codes) != list(STATE_CODES):
        problems.append(Problem("boundaries", None, "cve_ent", f"must hold the 32 states once each (found {len(codes)})"))
    from shapely.geometry import shape  # imported here: only this check needs shapely

    for position, feature in enumerate(features):
        geometry = shape(feature["geometry"])
        if geometry.is_empty or not geometry.is_valid:
            problems.append(Problem("boundaries", position + 1, "geometry",
                                    f"state {feature['properties'].get('cve_ent')} has an empty or invalid geometry"))
    if states is not None:
        iso = dict(zip(states["cve_ent"], states["iso_3166_2"]))
        for feature in features:
            props = feature["properties"]
            if props.get("cve_ent") in iso and props.get("iso_3166_2") != iso[props["cve_ent"]]:
                problems.append(Problem("boundaries", None, "iso_3166_2",
                                        f"state {props['cve_ent']} is {props.get('iso_3166_2')} here but {iso[props['cve_ent']]} in the states table"))


def _check_descriptor(root: Path, problems: list[Problem]) -> None:
    path = root / "datapackage.json"
    if not path.is_file():
        problems.append(Problem("datapackage", None, None, "geodata/datapackage.json (provenance) is missing"))
        return
    package = json.loads(path.read_text(encoding="utf-8"))
    described = {r.get("path"): r for r in package.get("resources", [])}
    for table, relative in FILES.items():
        resource = described.get(relative)
        if resource is None:
            problems.append(Problem("datapackage", None, None, f"no resource describes {relative}"))
            continue
        for key in ("sources", "licenses", "hash"):
            if not resource.get(key):
                problems.append(Problem("datapackage", None, key, f"resource {relative} has no {key}"))
        for source in resource.get("sources", []):
            if not source.get("path") and not source.get("url"):
                problems.append(Problem("datapackage", None, "sources", f"a source of {relative} has no address"))
        if relative == FILES["events"]:
            _check_reviewed(resource, root, problems)
        digest = hashlib.sha256((root / relative).read_bytes()).hexdigest() if (root / relative).is_file() else None
        if digest and resource.get("hash") != f"sha256:{digest}":
            problems.append(Problem("datapackage", None, "hash",
                                    f"{relative} changed since its provenance was recorded; rerun geodata/build_datapackage.py"))
    # Every other described file (network, municipalities, …) must exist and match its recorded hash.
    for relative, resource in described.items():
        if relative in FILES.values() or not relative:
            continue
        if not (root / relative).is_file():
            problems.append(Problem("datapackage", None, None, f"{relative} is described but missing"))
            continue
        for key in ("sources", "licenses", "hash"):
            if not resource.get(key):
                problems.append(Problem("datapackage", None, key, f"resource {relative} has no {key}"))
        if resource.get("hash") != "sha256:" + hashlib.sha256((root / relative).read_bytes()).hexdigest():
            problems.append(Problem("datapackage", None, "hash",
                                    f"{relative} changed since its provenance was recorded; rerun geodata/build_datapackage.py"))


def events_reviewed(resource: dict) -> dt.date:
    """The ``reviewed`` date of the events resource (ValueError if absent or not YYYY-MM-DD)."""
    return dt.date.fromisoformat(str(resource.get("reviewed", "")))


def _check_reviewed(resource: dict, root: Path, problems: list[Problem]) -> None:
    try:
        reviewed = events_reviewed(resource)
    except ValueError:
        problems.append(Problem("datapackage", None, "reviewed",
                                "the events resource needs 'reviewed' (YYYY-MM-DD, the day the events were last "
                                "checked against their sources); set EVENTS_REVIEWED in geodata/build_datapackage.py"))
        return
    path = root / FILES["events"]
    if path.is_file():
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            newest = max(parse_partial(d).latest for d in frame["date"])
        except (KeyError, ValueError, DateError, pd.errors.ParserError):
            return  # the events check reports a broken table itself
        if newest > reviewed:
            problems.append(Problem("datapackage", None, "reviewed",
                                    f"events were reviewed on {reviewed} but one is dated up to {newest}; "
                                    "review the events again and update EVENTS_REVIEWED"))


def validate_tables(root: Path | None = None) -> list[Problem]:
    """Every schema and cross-table violation of the four core tables and the descriptor (empty = clean).

    The embedded network and municipal tables have their own rules in their modules, which import this
    one; ``coverage.validation.validate`` runs them all (so this module imports neither: no circle)."""
    root = Path(root) if root else default_root()
    problems: list[Problem] = []
    frames = {t: _read_text_table(root / FILES[t], t, problems) for t in COLUMNS}
    checks = {"states": _check_states, "census": _check_census, "events": _check_events, "targets": _check_targets}
    for table, check in checks.items():
        if frames[table] is not None:
            check(frames[table], problems)
    _check_boundaries(root, frames["states"], problems)
    if frames["states"] is not None:
        known = set(frames["states"]["cve_ent"])
        for table in ("census", "events"):
            if frames[table] is not None:
                unknown = sorted(set(frames[table]["cve_ent"]) - known)
                if unknown:
                    problems.append(Problem(table, None, "cve_ent", f"codes not in the states table: {unknown}"))
    _check_descriptor(root, problems)
    return problems


def load(root: Path | None = None) -> Tables:
    """Load and type every table; raise :class:`DataError` listing all problems if any rule fails."""
    root = Path(root) if root else default_root()
    # The network's name rule over 44,459 names took 2.5 of the 8 s of the first script run while the
    # national map never reads the network: it is checked where it is loaded (network.load_network).
    problems = validate_tables(root)
    if problems:
        raise DataError(problems)
    read = lambda t: pd.read_csv(root / FILES[t], dtype=str, keep_default_na=False, encoding="utf-8")  # noqa: E731
    states = read("states")
    census = read("census")
    for column in COLUMNS["census"][1:]:
        census[column] = census[column].astype("int64")
    events = read("events")
    parsed = events["date"].map(parse_partial)
    events["earliest"] = parsed.map(lambda d: d.earliest)
    events["latest"] = parsed.map(lambda d: d.latest)
    targets = read("targets")
    deadlines = targets["deadline"].map(parse_partial)
    targets["deadline_date"] = deadlines.map(lambda d: d.latest)
    targets["announced_date"] = targets["announced"].map(lambda t: parse_partial(t).earliest)
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r.get("path") == FILES["events"])
    return Tables(root=root, states=states, census=census, events=events, targets=targets,
                  reviewed=events_reviewed(resource))
