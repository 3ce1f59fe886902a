"""Moving through time: the dates worth stopping at (events and target deadlines), a step to the
previous or next one, and the month-by-month walk of the play button."""

from __future__ import annotations

import calendar
import datetime as dt
from html import escape

import pandas as pd

from coverage import gaps
from coverage.i18n import format_date, t
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


def _x(day: dt.date, first: dt.date, last: dt.date) -> str:
    """A day's place on the strip, as a percentage of its width (the slider's span: first → last)."""
    span = max((last - first).days, 1)
    return f"{100 * min(max((day - first).days, 0), span) / span:.2f}%"


def marks_html(dates: pd.DataFrame, as_of: dt.date, first: dt.date, last: dt.date, lang: str) -> str:
    """A thin strip under the date slider, as plain positioned HTML (no chart library in the browser,
    and no SVG, which ``st.html``'s sanitiser drops): a grey tick per event day, a red diamond per
    deadline, the shown date as a black line, on the slider's span so the marks sit under its track.
    Each mark's ``title`` is its tooltip (date and kind); for a screen reader the strip is one image,
    named by how many events and deadlines it shows and the date shown."""
    kinds = {"event": t("ui.time.event", lang), "deadline": t("ui.time.deadline", lang)}
    marks = []
    for row in dates.itertuples(index=False):
        tip = escape(f"{t('ui.time.date', lang)}: {row.date.isoformat()} · {kinds[row.kind]}", quote=True)
        # a 7 px wide box (easy to point at) around a 1 px tick, or a 9 px square turned 45° (a diamond)
        mark = (f'<span style="position:absolute;left:3px;top:5px;width:1px;height:12px;background:{EVENT_COLOUR}">'
                "</span>" if row.kind == "event" else
                f'<span style="position:absolute;left:-1px;top:7px;width:9px;height:9px;background:{DEADLINE_COLOUR};'
                'transform:rotate(45deg)"></span>')
        marks.append(f'<span title="{tip}" style="position:absolute;left:calc({_x(row.date, first, last)} - 3.5px);'
                     f'top:0;width:7px;height:22px">{mark}</span>')
    label = escape(t("map.time.strip", lang, events=int((dates["kind"] == "event").sum()),
                     deadlines=int((dates["kind"] == "deadline").sum()), date=format_date(as_of, lang)), quote=True)
    now = (f'<span style="position:absolute;left:calc({_x(as_of, first, last)} - 1px);top:0;width:2px;height:22px;'
           'background:#000000"></span>')
    return (f'<div class="imss-time-marks" role="img" aria-label="{label}" title="{label}" '
            f'style="position:relative;height:22px;margin:0 7px">{"".join(marks)}{now}</div>')
