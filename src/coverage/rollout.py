"""The rollout model: the status of every state on any date, with the event and source behind it.

Rules (PRODUCT.md, "Definitions"):
- Stages go ``outside`` → ``in_process`` → ``signed`` → ``partial`` → ``operating``; ``declined`` is a
  public refusal.  ``partial`` is IMSS-BIENESTAR already running some of the state's units before the
  formal start of operation (2024-03-21 for the 2023 joiners): more than a signature, not yet the
  whole system, so it is not counted as operating in the headline.
- An event counts from the day it is *certainly* past: the last day of its date interval.  A
  month-precision event therefore does not silently count from the 1st; until the interval ends
  the state reports it as a possible, not a settled, change (``possible_status``).
- A later event of a lower or equal stage does not demote a state: a state already operating that
  signs the 2023 Acuerdo Nacional is formalising, not stepping back.  Only a dated ``declined``
  event moves a state out of the sequence, and any event after a refusal counts again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from coverage import freshness
from coverage.labels import state_name_column
from coverage.tables import Tables

STAGE_ORDER = ("outside", "in_process", "signed", "partial", "operating")
JOINED = ("signed", "partial", "operating")  # an agreement is signed (whatever else has happened)
STATUSES = (*STAGE_ORDER, "declined")
_RANK = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}


@dataclass(frozen=True)
class Status:
    status: str
    event: dict | None  # the event row that put the state in this status (None: no event yet)
    possible: dict | None  # a higher-stage event whose date interval contains the as-of date


def _advance(current: str, stage: str) -> bool:
    if stage == "declined":
        return current != "declined"
    return current == "declined" or _RANK[stage] > _RANK[current]


def status_of(events: list[dict], as_of: dt.date) -> Status:
    """Status of one state on ``as_of`` from its events (each with ``stage``, ``earliest``, ``latest``)."""
    current, establishing, possible = "outside", None, None
    for event in sorted(events, key=lambda e: e["latest"]):
        if event["latest"] <= as_of:
            if _advance(current, event["stage"]):
                current, establishing = event["stage"], event
        elif event["earliest"] <= as_of and possible is None:
            possible = event
    if possible is not None and not _advance(current, possible["stage"]):
        possible = None
    return Status(current, establishing, possible)


def without_social_security(census: pd.DataFrame) -> pd.Series:
    """People without social security by state (PSINDER + PDER_SEGP + PDER_IMSSB), indexed by cve_ent.

    INEGI counts a person once per affiliation declared, so the sum slightly over-counts people with two."""
    frame = census.set_index("cve_ent") if "cve_ent" in census.columns else census
    return (frame["PSINDER"] + frame["PDER_SEGP"] + frame["PDER_IMSSB"]).astype("int64")


def covered_people(statuses, universe: pd.Series):
    """The headline: people without social security living in states whose status is ``operating``.

    ``statuses`` is one status per state (a Series indexed by cve_ent) or one row per day with a column
    per state; the result is one number, or one number per day.  Every page, chart, export and CLI
    output takes its "covered" figure from here."""
    if isinstance(statuses, pd.Series):
        return int((statuses.eq("operating") * universe.reindex(statuses.index)).sum())
    return (statuses.eq("operating") * universe.reindex(statuses.columns).to_numpy()).sum(axis=1)


def later_events(data: Tables, code: str, as_of: dt.date) -> int:
    """How many of the state's events may begin only after ``as_of`` (not listed on that date)."""
    events = data.events
    return int(((events["cve_ent"] == code) & ~(events["earliest"] <= as_of)).sum())


# Per-(date, language) results kept on the Tables object they came from: each rerun of the national
# map, another reader on the same date and every frame of an animation asked for them again (about a
# third of a rerun).  Bounded; callers get their own copy, so changing a result changes no later one.
CACHE_ENTRIES = 1024


def cached(tables, kind: str, key: tuple, build):
    cache = tables.__dict__.setdefault("_results_cache", {})
    if (kind, *key) not in cache:
        if len(cache) >= CACHE_ENTRIES:
            cache.pop(next(iter(cache)), None)
        cache[(kind, *key)] = build()
    value = cache[(kind, *key)]
    return value.copy() if hasattr(value, "copy") else value  # (a text needs no copy)


def status_table(tables: Tables, as_of: dt.date, lang: str = "es") -> pd.DataFrame:
    """One row per state: status on ``as_of``, the event and source behind it, census figures."""
    return cached(tables, "status", (as_of, lang), lambda: _status_table(tables, as_of, lang))


def events_by_state(tables: Tables) -> dict[str, list[dict]]:
    """Each state's events as rows (cve_ent → records in the table's order), what :func:`status_of` reads.

    Grouped once per events table and kept on the Tables object (regrouping the events was nine tenths
    of a status table, and an animation asks for one status per state and frame); grouped again only
    when ``tables.events`` is another frame.  Shared by every caller: read the rows, do not change them."""
    events = tables.events
    held = tables.__dict__.get("_events_by_state")
    if held is None or held[0] is not events:
        held = (events, {code: group.to_dict("records") for code, group in events.groupby("cve_ent")})
        tables.__dict__["_events_by_state"] = held
    return held[1]


def statuses_on(tables: Tables, as_of: dt.date) -> dict[str, str]:
    """Each state's status on ``as_of`` (cve_ent → status), as :func:`status_table` has it, without the
    rest of its row."""
    by_state = events_by_state(tables)
    return {code: status_of(by_state.get(code, []), as_of).status for code in tables.states["cve_ent"]}


def _status_table(tables: Tables, as_of: dt.date, lang: str) -> pd.DataFrame:
    by_state = events_by_state(tables)
    census = tables.census.set_index("cve_ent")
    universe = without_social_security(census)
    basis = freshness.record(tables, as_of) if tables.reviewed is not None else {"data_reviewed": "", "status_basis": ""}
    rows = []
    for state in tables.states.to_dict("records"):
        code = state["cve_ent"]
        result = status_of(by_state.get(code, []), as_of)
        event = result.event or {}
        possible = result.possible or {}
        rows.append({
            "cve_ent": code,
            "iso_3166_2": state["iso_3166_2"],
            "state": state[state_name_column(lang)],
            "status": result.status,
            "since": event.get("date", ""),
            "since_precision": event.get("precision", ""),
            "certain_since": event["latest"].isoformat() if event else "",
            "instrument": event.get("instrument_en" if lang == "en" else "instrument_es", ""),
            "event_id": event.get("event_id", ""),
            "source_url": event.get("source_url", ""),
            "possible_status": possible.get("stage", ""),
            "possible_since": possible.get("date", ""),
            "pop_2020": int(census.at[code, "POBTOT"]),
            "uninsured_2020": int(census.at[code, "PSINDER"]),
            "no_social_security_2020": int(universe[code]),
            **basis,
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Headline:
    as_of: dt.date
    counts: dict[str, int]
    universe: int  # people without social security, all 32 states
    covered: int  # the headline: people without social security in operating states (covered_people)
    uninsured_total: int  # secondary: PSINDER only (no health affiliation at all)
    uninsured_operating: int  # secondary: PSINDER in operating states

    @property
    def covered_share(self) -> float:
        return self.covered / self.universe if self.universe else 0.0

    @property
    def uninsured_operating_share(self) -> float:
        return self.uninsured_operating / self.uninsured_total if self.uninsured_total else 0.0


def headline(table: pd.DataFrame, as_of: dt.date) -> Headline:
    """Counts by status and the covered population of a :func:`status_table`."""
    counts = {status: int((table["status"] == status).sum()) for status in STATUSES}
    indexed = table.set_index("cve_ent")
    universe = indexed["no_social_security_2020"]
    operating = indexed["status"] == "operating"
    return Headline(as_of, counts, int(universe.sum()), covered_people(indexed["status"], universe),
                    int(indexed["uninsured_2020"].sum()), int(indexed.loc[operating, "uninsured_2020"].sum()))
