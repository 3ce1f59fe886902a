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


def marks_svg(dates: pd.DataFrame, as_of: dt.date, first: dt.date, last: dt.date, lang: str) -> str:
    """A thin strip under the date slider, as inline SVG (no chart library in the browser): a grey tick
    per event day, a red diamond per deadline, the shown date as a black line, on the slider's span so
    the marks sit under its track.  Each mark's ``<title>`` is its tooltip (date and kind); the strip
    is one image for a screen reader, named by how many events and deadlines it shows."""
    kinds = {"event": t("ui.time.event", lang), "deadline": t("ui.time.deadline", lang)}
    marks = []
    for row in dates.itertuples(index=False):
        x, tip = _x(row.date, first, last), escape(f"{t('ui.time.date', lang)}: {row.date.isoformat()} · {kinds[row.kind]}")
        if row.kind == "event":
            marks.append(f'<g><title>{tip}</title><line x1="{x}" x2="{x}" y1="5" y2="17" stroke="{EVENT_COLOUR}" '
                         f'stroke-width="1"/><line x1="{x}" x2="{x}" y1="3" y2="19" stroke="transparent" '
                         'stroke-width="7"/></g>')
        else:
            marks.append(f'<svg x="{x}" y="11" overflow="visible"><title>{tip}</title>'
                         f'<polygon points="0,-6 6,0 0,6 -6,0" fill="{DEADLINE_COLOUR}"/></svg>')
    now = _x(as_of, first, last)
    label = escape(t("map.time.strip", lang, events=int((dates["kind"] == "event").sum()),
                     deadlines=int((dates["kind"] == "deadline").sum()), date=format_date(as_of, lang)))
    # in a <div> block, so Markdown leaves the element as it is (no paragraph, no inline parsing)
    return (f'<div class="imss-time-marks"><svg role="img" aria-label="{label}" width="100%" height="22" '
            'style="display:block;box-sizing:border-box;padding:0 7px;overflow:visible">'
            f'<title>{label}</title>{"".join(marks)}'
            f'<line x1="{now}" x2="{now}" y1="0" y2="22" stroke="#000000" stroke-width="2"/></svg></div>')
