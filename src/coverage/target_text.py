"""Targets in words: "AMLO, 12 ago 2022: todos los estados para junio de 2023", not a bare id.

Built from the targets table (who, when, each milestone's kind, states and deadline), so a new
announcement gets its label without new text; only the announcers' short names are in the locales.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coverage import gaps, rollout
from coverage.dates import parse_partial
from coverage.i18n import format_int, format_partial, format_short_date, t
from coverage.tables import Tables

HEADLINE_KINDS = ("states", "state_count", "coverage_share", "covered_people")


def _who(row: pd.Series, lang: str) -> str:
    """The announcer's short name (keyed by the English name, the same key in both catalogues), else
    the table's name in the language."""
    column = f"announced_by_{lang}" if f"announced_by_{lang}" in row else "announced_by"
    key = f"ui.announcer.{row.get('announced_by_en', row[column])}"
    try:
        return t(key, lang)
    except KeyError:
        return str(row[column])


def _milestone_text(row: pd.Series, lang: str) -> str:
    when = format_partial(str(row["deadline"]), lang)
    kind = row["kind"]
    if kind == "states":
        if str(row["states"]).strip() == "all":
            return t("ui.target.all_states", lang, when=when)
        count = len([c for c in str(row["states"]).split(";") if c.strip()])
        return t("ui.target.one_state" if count == 1 else "ui.target.n_states", lang, n=count, when=when)
    if kind == "state_count":
        low, high = row["value"], row["value_max"]
        n = f"{int(float(low))}–{int(float(high))}" if str(high).strip() else f"{int(float(low))}"
        return t("ui.target.n_states", lang, n=n, when=when)
    if kind == "coverage_share":
        return t("ui.target.share", lang, share=str(row["value"]), when=when)
    if kind == "covered_people":
        return t("ui.target.people", lang, people=format_int(int(float(row["value"])), lang), when=when)
    return t("ui.target.other", lang, when=when)


def target_source(tables: Tables, target_id: str, lang: str) -> str:
    """Who announced and when ("AMLO, 12 ago 2022"): the announcement named in a few words, where the
    whole promise would not fit (a card's line, a caption)."""
    # made once per loaded tables: the sidebar's target box wrote every announcement's label each rerun
    return rollout.cached(tables, "target_source", (target_id, lang), lambda: _target_source(tables, target_id, lang))


def _target_source(tables: Tables, target_id: str, lang: str) -> str:
    first = gaps.milestones(tables, target_id).iloc[0]
    announced = parse_partial(str(first["announced"]))
    when = (format_short_date(announced.earliest, lang) if announced.precision == "day"
            else format_partial(str(first["announced"]), lang))
    return t("ui.target.source", lang, who=_who(first, lang), when=when)


def target_label(tables: Tables, target_id: str, lang: str, longest: int = 2) -> str:
    """Who announced, when, and what was promised by when (at most ``longest`` milestones, the last ones)."""
    return t("ui.target.label", lang, source=target_source(tables, target_id, lang),
             what=target_promise(tables, target_id, lang, longest))


def target_promise(tables: Tables, target_id: str, lang: str, longest: int = 2) -> str:
    """What an announcement promised by when (at most ``longest`` milestones, the last ones)."""
    return rollout.cached(tables, "target_promise", (target_id, lang, longest),
                          lambda: _target_promise(tables, target_id, lang, longest))


def _target_promise(tables: Tables, target_id: str, lang: str, longest: int) -> str:
    rows = gaps.milestones(tables, target_id)
    # states first: what a reader asks of a promise is "how many states by when"
    promises = ([row for _, row in rows.iterrows() if row["kind"] in ("states", "state_count")]
                or [row for _, row in rows.iterrows() if row["kind"] in HEADLINE_KINDS])
    shown = [_milestone_text(row, lang) for row in promises[-longest:]] or [_milestone_text(rows.iloc[-1], lang)]
    return "; ".join(shown)


def promise_sentence(tables: Tables, target_id: str, lang: str, longest: int = 1) -> str:
    """The promise as a sentence ('Todos los estados para 30 de junio de 2023.'), for under a closed box."""
    promise = target_promise(tables, target_id, lang, longest)
    return f"{promise[:1].upper()}{promise[1:]}."


def deadline_gap(tables: Tables, target_id: str, series: pd.DataFrame, today: dt.date | None = None):
    """How far short the announcement was when its last deadline came: ``(deadline, gap)``, the gap None
    while the deadline is still ahead, ``(None, None)`` for an announcement that promised no states."""
    deadline = final_deadline(tables, target_id)
    if deadline is None or deadline > (today or dt.date.today()):
        return deadline, None
    return deadline, gaps.national_gap(tables, target_id, deadline, series)


def final_deadline(tables: Tables, target_id: str):
    """The last deadline of an announcement's state milestones (None if it promised no states)."""
    rows = gaps.milestones(tables, target_id)
    rows = rows[rows["kind"].isin(("states", "state_count"))]
    if rows.empty:
        return None
    return max(pd.to_datetime(rows["deadline_date"]).dt.date)
