"""Moving through time: the dates worth stopping at (events and target deadlines), a step to the
previous or next one, and the month-by-month walk of the play button."""

from __future__ import annotations

import calendar
import datetime as dt

import altair as alt
import pandas as pd

from coverage import gaps
from coverage.i18n import t
from coverage.tables import Tables

EVENT_COLOUR = "#555555"
DEADLINE_COLOUR = "#882255"


def key_dates(tables: Tables, target_id: str, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Days on which a state's status can change (an event's last possible day, as the status model
    counts it) and the chosen announcement's deadlines, between ``first`` and ``last``; one row each:
    ``date``, ``kind`` ("event" or "deadline"), ``count`` (events that day)."""
    events = pd.Series(pd.to_datetime(tables.events["latest"])).dt.date.value_counts()
    frame = pd.DataFrame({"date": events.index, "kind": "event", "count": events.to_numpy()})
    deadlines = pd.to_datetime(gaps.milestones(tables, target_id)["deadline_date"]).dt.date.drop_duplicates()
    frame = pd.concat([frame, pd.DataFrame({"date": deadlines.to_numpy(), "kind": "deadline", "count": 1})])
    frame = frame[(frame["date"] >= first) & (frame["date"] <= last)]
    return frame.sort_values(["date", "kind"]).reset_index(drop=True)


def step(dates: pd.DataFrame, current: dt.date, direction: int) -> dt.date | None:
    """The nearest key date strictly before (direction -1) or after (+1) ``current``; None at either end."""
    days = sorted(set(dates["date"]))
    if direction < 0:
        earlier = [d for d in days if d < current]
        return earlier[-1] if earlier else None
    later = [d for d in days if d > current]
    return later[0] if later else None


def next_month(current: dt.date, last: dt.date) -> dt.date | None:
    """The play button's next frame: the last day of the following month, capped at ``last``;
    None once ``last`` is reached."""
    if current >= last:
        return None
    year, month = (current.year + 1, 1) if current.month == 12 else (current.year, current.month + 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return min(end, last)


def play_start(current: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """Where a press on play starts: from the shown date, or from the beginning when it is at the end."""
    return first if current >= last else current


def marks_chart(dates: pd.DataFrame, as_of: dt.date, first: dt.date, last: dt.date, lang: str) -> alt.Chart:
    """A thin strip under the date slider: a grey tick per event day, a red diamond per deadline,
    the shown date as a black line (the same span as the slider, so the marks sit under its track)."""
    frame = dates.assign(when=pd.to_datetime(dates["date"]),
                         what=dates["kind"].map({"event": t("ui.time.event", lang),
                                                 "deadline": t("ui.time.deadline", lang)}),
                         day=dates["date"].map(lambda d: d.isoformat()))
    x = alt.X("when:T", title=None, axis=None, scale=alt.Scale(domain=[first.isoformat(), last.isoformat()]))
    tooltip = [alt.Tooltip("day:N", title=t("ui.time.date", lang)), alt.Tooltip("what:N", title=" ")]
    events = alt.Chart(frame[frame["kind"] == "event"]).mark_tick(color=EVENT_COLOUR, thickness=1, size=12).encode(
        x=x, tooltip=tooltip)
    deadlines = alt.Chart(frame[frame["kind"] == "deadline"]).mark_point(
        shape="diamond", filled=True, size=60, color=DEADLINE_COLOUR, opacity=1).encode(x=x, tooltip=tooltip)
    now = alt.Chart(pd.DataFrame({"when": [pd.Timestamp(as_of)]})).mark_rule(color="#000000", strokeWidth=2).encode(
        x=alt.X("when:T", scale=alt.Scale(domain=[first.isoformat(), last.isoformat()])))
    return (events + deadlines + now).properties(height=22).configure_view(strokeWidth=0)
