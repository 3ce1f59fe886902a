"""Rollout against its targets: per-state delays, the national progress series, and the gap.

Definitions (PRODUCT.md, "Definitions"):
- A *target announcement* (``target_id``) is one dated statement; its milestones name states with a
  deadline, promise a number of states, or a share / count of people covered.
- A state's *target date* under an announcement is the deadline of the milestone that names it,
  else the announcement's deadline for "all" states, else none (the announcement did not cover it).
- Its *actual date* is its first ``operating`` event (basis "implementation") or first ``signed``
  event (basis "decision"), kept as the interval the source allows.
- *Delay* on an as-of date: actual − target once the state has (certainly) joined; as-of − target
  while it has not and the deadline has passed; none while the deadline is ahead.  A month-precision
  actual date gives a delay range (``delay_min_days`` … ``delay_days``), never a silent "1st".
- *Population without social security* (the federal programme's universe): people without any
  health affiliation (``PSINDER``) plus those affiliated only through INSABI/Seguro Popular
  (``PDER_SEGP``) or the IMSS-Bienestar programme (``PDER_IMSSB``), Censo 2020.  INEGI counts a person
  once per affiliation, so the sum slightly over-counts people with two affiliations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coverage import rollout
from coverage.dates import FIRST_AS_OF
from coverage.errors import CoverageError, RequestError
from coverage.tables import STATE_CODES, Tables

DEFAULT_TARGET = "2022-08"
BASES = ("implementation", "decision")
DELAY_CLASSES = ("ahead", "late_90", "late_over_90", "overdue", "declined", "not_due", "no_target")
GOVERNMENT_DENOMINATORS = {  # the universe the government quoted, for comparison with ours
    "2023-01-17": 65_604_407,  # Robledo, mañanera (S14b): 11,678,723 + 22,370,329 + 31,555,355
    "2023-03-28": 66_400_000,  # Robledo, mañanera (S15): "66.4 millones"
}


class TargetError(RequestError, ValueError):
    """An unknown target announcement; the message lists the valid ones."""


def target_ids(tables: Tables) -> list[str]:
    return list(dict.fromkeys(tables.targets["target_id"]))


def check_target(tables: Tables, target_id: str, error: type[CoverageError] = TargetError) -> str:
    """``target_id`` when it names an announcement, else ``error`` listing the valid IDs (the one check)."""
    known = target_ids(tables)
    if target_id not in known:
        raise error("unknown_target", f"unknown target '{target_id}'; choose one of: {', '.join(known)}",
                    value=target_id, choices=known)
    return target_id


def milestones(tables: Tables, target_id: str) -> pd.DataFrame:
    check_target(tables, target_id)
    return tables.targets[tables.targets["target_id"] == target_id]


def announcements(tables: Tables, lang: str = "es") -> pd.DataFrame:
    """One row per target announcement: id, date, who, its milestones in one line, first source.

    ``announced_by`` and ``summary`` are in ``lang``; ``milestones`` keeps the milestone IDs."""
    rows = []
    for target_id, group in tables.targets.groupby("target_id", sort=False):
        first = group.iloc[0]
        rows.append({
            "target_id": target_id,
            "announced": first["announced"],
            "announced_by": first["announced_by_en" if lang == "en" else "announced_by_es"],
            "milestones": "; ".join(group["milestone"]),
            "summary": " / ".join(group["note_en" if lang == "en" else "note_es"]),
            "source_url": first["source_url"],
        })
    return pd.DataFrame(rows)


def state_targets(tables: Tables, target_id: str) -> dict[str, tuple[dt.date, str]]:
    """``cve_ent → (target date, milestone)`` for the states this announcement gives a deadline."""
    named: dict[str, tuple[dt.date, str]] = {}
    general: tuple[dt.date, str] | None = None
    for milestone in milestones(tables, target_id).to_dict("records"):
        if milestone["kind"] != "states":
            continue
        deadline = milestone["deadline_date"]
        if milestone["states"] == "all":
            if general is None or deadline < general[0]:
                general = (deadline, milestone["milestone"])
            continue
        for code in milestone["states"].split(";"):
            if code not in named or deadline < named[code][0]:
                named[code] = (deadline, milestone["milestone"])
    if general is not None:
        for code in STATE_CODES:
            named.setdefault(code, general)
    return named


def _first_event(events: list[dict], stage: str) -> dict | None:
    candidates = [e for e in events if e["stage"] == stage]
    return min(candidates, key=lambda e: e["latest"]) if candidates else None


def classify(delay_max: int | None, joined: bool, due: bool, declined: bool, has_target: bool) -> str:
    if not has_target:
        return "no_target"
    if joined:
        if delay_max <= 0:
            return "ahead"
        return "late_90" if delay_max <= 90 else "late_over_90"
    if declined:
        return "declined"
    return "overdue" if due else "not_due"


def state_gaps(tables: Tables, target_id: str, as_of: dt.date, basis: str = "implementation",
               lang: str = "es", status: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per state: target date, actual date, delay (days, with its range) and delay class.

    ``status`` is ``rollout.status_table(tables, as_of, lang)`` when the caller already has it
    (e.g. one state measured against every announcement)."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}")
    if status is None:  # a caller's own status table is not a cache key
        return rollout.cached(tables, "gaps", (target_id, as_of, basis, lang),
                              lambda: _state_gaps(tables, target_id, as_of, basis, lang, None))
    return _state_gaps(tables, target_id, as_of, basis, lang, status)


def _state_gaps(tables: Tables, target_id: str, as_of: dt.date, basis: str, lang: str,
                status: pd.DataFrame | None) -> pd.DataFrame:
    stage = "operating" if basis == "implementation" else "signed"
    targets = state_targets(tables, target_id)
    status = (rollout.status_table(tables, as_of, lang) if status is None else status).set_index("cve_ent")
    by_state = rollout.events_by_state(tables)
    from coverage.target_text import target_source  # (it reads this module's milestones)

    named = target_source(tables, target_id, lang)  # "AMLO, 12 Aug 2022": legends and tooltips, not the id
    rows = []
    for code in STATE_CODES:
        target_date, milestone = targets.get(code, (None, ""))
        first = _first_event(by_state.get(code, []), stage)
        joined = first is not None and first["latest"] <= as_of
        declined = status.at[code, "status"] == "declined"
        delay_min = delay_max = None
        if target_date is not None:
            if joined:
                delay_min = (first["earliest"] - target_date).days
                delay_max = (first["latest"] - target_date).days
            elif as_of > target_date and not declined:
                delay_min = delay_max = (as_of - target_date).days
        rows.append({
            "cve_ent": code,
            "state": status.at[code, "state"],
            "target_id": target_id,
            "target_source": named,
            "milestone": milestone,
            "target_date": target_date.isoformat() if target_date else "",
            "actual_date": first["date"] if joined else "",
            "precision": first["precision"] if joined else "",
            "delay_days": delay_max,
            "delay_min_days": delay_min,
            "delay_class": classify(delay_max, joined, target_date is not None and as_of > target_date,
                                    declined, target_date is not None),
            "status": status.at[code, "status"],
            "actual_source_url": first["source_url"] if joined else "",
        })
    frame = pd.DataFrame(rows)
    for column in ("delay_days", "delay_min_days"):
        frame[column] = frame[column].astype("Int64")
    return frame


# --- national series ------------------------------------------------------------------------------

def uninsured_universe(tables: Tables) -> pd.Series:
    """People without social security by state (see module docstring), indexed by cve_ent."""
    return rollout.without_social_security(tables.census)


def _status_steps(tables: Tables, days: pd.DatetimeIndex) -> pd.DataFrame:
    """Status of every state on every day of ``days`` (rows = days, columns = cve_ent)."""
    by_state = rollout.events_by_state(tables)
    columns = {}
    for code in STATE_CODES:
        events = by_state.get(code, [])
        change_days = sorted({e["latest"] for e in events})
        values = np.full(len(days), "outside", dtype=object)
        for change in change_days:
            values[days >= pd.Timestamp(change)] = rollout.status_of(events, change).status
        columns[code] = values
    return pd.DataFrame(columns, index=days)


def progress(tables: Tables, target_id: str | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Daily national series 2021-12-01 → ``end``: states signed/operating, share of the population
    without social security living in operating states, and (with ``target_id``) the promised values."""
    end = end or dt.date.today()
    days = pd.date_range(FIRST_AS_OF, end, freq="D")
    steps = _status_steps(tables, days)
    universe = uninsured_universe(tables)
    operating = steps.eq("operating")
    frame = pd.DataFrame({
        "date": days.date,
        "states_signed": steps.isin(list(rollout.JOINED)).sum(axis=1).to_numpy(),
        "states_operating": operating.sum(axis=1).to_numpy(),
        "people_operating": np.asarray(rollout.covered_people(steps, universe)),
    })
    frame["share_operating"] = frame["people_operating"] / universe.sum()
    if target_id is not None:
        promised = promised_series(tables, target_id, days)
        frame = pd.concat([frame, promised.reset_index(drop=True)], axis=1)
    return frame


def promised_series(tables: Tables, target_id: str, days: pd.DatetimeIndex) -> pd.DataFrame:
    """What the announcement promised on each day, from each deadline on (NaN before any deadline).

    States promised = the states already operating when it was announced plus every state named
    by a milestone whose deadline has passed (all 32 for an "all states" milestone); a count
    milestone gives its minimum (and maximum).  Coverage milestones give a share of the population
    without social security (people counts are divided by the universe the government quoted).
    """
    chosen = milestones(tables, target_id)
    announced = chosen["announced_date"].min()
    already = set(_status_steps(tables, pd.DatetimeIndex([pd.Timestamp(announced)])).iloc[0]
                  .loc[lambda s: s == "operating"].index)
    states_min = pd.Series(np.nan, index=days)
    states_max = pd.Series(np.nan, index=days)
    share = pd.Series(np.nan, index=days)
    named: set[str] = set(already)
    for milestone in chosen.sort_values("deadline_date").to_dict("records"):
        from_day = days >= pd.Timestamp(milestone["deadline_date"])
        if milestone["kind"] == "states":
            named |= set(STATE_CODES) if milestone["states"] == "all" else set(milestone["states"].split(";"))
            states_min[from_day] = len(named)
            states_max[from_day] = len(named)
        elif milestone["kind"] == "state_count":
            states_min[from_day] = float(milestone["value"])
            states_max[from_day] = float(milestone["value_max"] or milestone["value"])
        elif milestone["kind"] == "coverage_share":
            share[from_day] = float(milestone["value"]) / 100
        elif milestone["kind"] == "covered_people":
            share[from_day] = float(milestone["value"]) / GOVERNMENT_DENOMINATORS["2023-01-17"]
    return pd.DataFrame({"promised_states_min": states_min.to_numpy(), "promised_states_max": states_max.to_numpy(),
                         "promised_share": share.to_numpy()}, index=days)


@dataclass(frozen=True)
class NationalGap:
    as_of: dt.date
    target_id: str
    states_operating: int
    states_signed: int
    people_operating: int
    share_operating: float
    promised_states: float | None  # minimum promised by as_of (None: no deadline passed yet)
    promised_share: float | None
    universe: int

    @property
    def states_gap(self) -> float | None:
        return None if self.promised_states is None else self.promised_states - self.states_operating

    @property
    def share_gap(self) -> float | None:
        return None if self.promised_share is None else self.promised_share - self.share_operating


def national_gap(tables: Tables, target_id: str, as_of: dt.date,
                 series: pd.DataFrame | None = None) -> NationalGap:
    """The gap on ``as_of``; pass the :func:`progress` series of this target if already computed."""
    if series is None:
        series = progress(tables, target_id, end=as_of)
    row = series[series["date"] == as_of].iloc[-1]
    nan_to_none = lambda v: None if pd.isna(v) else float(v)  # noqa: E731
    return NationalGap(
        as_of=as_of, target_id=target_id,
        states_operating=int(row["states_operating"]), states_signed=int(row["states_signed"]),
        people_operating=int(row["people_operating"]), share_operating=float(row["share_operating"]),
        promised_states=nan_to_none(row["promised_states_min"]), promised_share=nan_to_none(row["promised_share"]),
        universe=int(uninsured_universe(tables).sum()),
    )
