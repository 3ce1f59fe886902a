"""Vega-Lite (Altair) charts of the rollout: built here, drawn by the page, readable offline."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from coverage import maps
from coverage.dates import parse_partial
from coverage.i18n import BABEL_LOCALES, format_partial, normalise_language, t
from coverage.tables import STAGES, Tables

def vega_locale(lang: str) -> dict:
    """Vega's number and time locale for the language, from Babel's CLDR data, so axes and tooltips
    say "30 jun 2023" and "18 092 420" on a Spanish page (Vega-Lite's config.locale)."""
    from babel import Locale

    locale = Locale.parse(BABEL_LOCALES[normalise_language(lang)])
    months = [locale.months["format"]["wide"][m] for m in range(1, 13)]
    short = [locale.months["format"]["abbreviated"][m].rstrip(".") for m in range(1, 13)]
    days = [locale.days["format"]["wide"][d] for d in (6, 0, 1, 2, 3, 4, 5)]  # Vega: Sunday first
    short_days = [locale.days["format"]["abbreviated"][d].rstrip(".") for d in (6, 0, 1, 2, 3, 4, 5)]
    es = normalise_language(lang) == "es"
    return {
        # thousands as the rest of the page writes them (i18n.format_int)
        "number": {"decimal": ".", "thousands": "\u202f" if es else ",", "grouping": [3], "currency": ["$", ""],
                   "percent": "\u202f%" if es else "%"},
        "time": {"dateTime": "%A, %e de %B de %Y, %X" if es else "%A, %B %e, %Y, %X",
                 "date": "%d/%m/%Y" if es else "%m/%d/%Y", "time": "%H:%M:%S", "periods": ["a. m.", "p. m."] if es else ["AM", "PM"],
                 "days": days, "shortDays": short_days, "months": months, "shortMonths": short},
    }


def legend_columns(column_width: int) -> dict:
    """A legend's number of columns from the plot's width (Vega's ``width`` signal, which follows the
    page): one column per ``column_width`` px, one to three.  Three fixed columns ran off a phone's
    screen ("Prometido (estados)" cut after its "P"), and off a desktop's where two legends sat side by side."""
    return {"expr": f"max(1, min(3, floor(width / {column_width})))"}


def _finish(chart, lang: str, about: str, column_width: int = 200):
    """Every chart: the language's locale, legends under the plot (they never eat a phone's width), in as
    many columns as the plot's width holds (``column_width`` px each), and one sentence for a screen
    reader (catalogue key ``chart.about.<about>``).  Vega-Lite's own ARIA texts are off: it named every
    mark by its data fields in English ("target: jun 30, 2023; state: Baja California; …", issue 12);
    the page's tables and "Show data" carry the same figures."""
    return chart.properties(description=t(f"chart.about.{about}", lang)).configure(
        locale=vega_locale(lang), aria=False).configure_legend(orient="bottom", direction="horizontal",
                                                                      labelLimit=260,
                                                                      columns=legend_columns(column_width))


def _date_axis() -> alt.Axis:
    return alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True)


def _tip_date(lang: str, field: str = "date") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:T", title=t("ui.chart.date", lang), format="%e %b %Y")


STAGE_COLOURS = {k: maps.STATUS_COLOURS[k] for k in STAGES}  # the stages an event records, in their order


def _as_of_rule(as_of: dt.date) -> alt.Chart:
    return alt.Chart(pd.DataFrame({"as_of": [pd.Timestamp(as_of)]})).mark_rule(
        color="#000000", strokeDash=[2, 2]).encode(x="as_of:T")


def progress_states_chart(series: pd.DataFrame, as_of: dt.date, lang: str) -> alt.Chart:
    """States signed and operating per day, with the promised number of states as a dashed step."""
    frame = series.assign(date=pd.to_datetime(series["date"]))
    actual = frame.melt("date", ["states_operating", "states_signed"], var_name="series", value_name="states")
    promised = frame.dropna(subset=["promised_states_min"]).melt(
        "date", ["promised_states_min"], var_name="series", value_name="states")
    combined = pd.concat([actual, promised])
    names = {"states_operating": t("chart.operating", lang), "states_signed": t("chart.signed", lang),
             "promised_states_min": t("chart.promised_states", lang)}
    combined["series"] = combined["series"].map(names)
    colour = alt.Color("series:N", title=None, legend=alt.Legend(), scale=alt.Scale(
        domain=list(names.values()), range=[maps.STATUS_COLOURS["operating"], "#4477AA", "#882255"]))
    dash = alt.StrokeDash("series:N", legend=None, scale=alt.Scale(
        domain=list(names.values()), range=[[1, 0], [1, 0], [6, 3]]))
    lines = alt.Chart(combined).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=None, axis=_date_axis()), y=alt.Y("states:Q", title=t("chart.states_axis", lang),
                                                                  scale=alt.Scale(domain=[0, 32])),
        color=colour, strokeDash=dash, tooltip=[_tip_date(lang), alt.Tooltip("series:N", title=t("ui.chart.series", lang)),
                                                alt.Tooltip("states:Q", title=t("chart.states_axis", lang))])
    deadlines = _deadline_points(frame, "promised_states_min", "states", names["promised_states_min"])
    points = alt.Chart(deadlines).mark_point(shape="diamond", size=90, filled=True, color="#882255").encode(
        x="date:T", y="states:Q", tooltip=[_tip_date(lang), alt.Tooltip("series:N", title=t("ui.chart.series", lang)),
                                           alt.Tooltip("states:Q", title=t("chart.states_axis", lang))])
    return _finish((lines + points + _as_of_rule(as_of)).properties(height=280), lang, "progress_states")


DATE_AXIS = alt.Axis(format="%Y-%m", labelAngle=0)


def _deadline_points(frame: pd.DataFrame, column: str, value_name: str, label: str) -> pd.DataFrame:
    """The days a promised value starts or changes: each milestone's deadline."""
    values = frame[["date", column]].dropna()
    changed = values[values[column].ne(values[column].shift())]
    return pd.DataFrame({"date": changed["date"], value_name: changed[column], "series": label})


def progress_share_chart(series: pd.DataFrame, as_of: dt.date, lang: str) -> alt.Chart:
    """Share of the population without social security living in operating states, and the promise."""
    frame = series.assign(date=pd.to_datetime(series["date"]))
    names = {"share_operating": t("chart.share_actual", lang), "promised_share": t("chart.share_promised", lang)}
    long = frame.melt("date", [c for c in names if c in frame], var_name="series", value_name="share").dropna()
    long["series"] = long["series"].map(names)
    chart = alt.Chart(long).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=None, axis=_date_axis()),
        y=alt.Y("share:Q", title=t("chart.share_axis", lang), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("series:N", title=None, scale=alt.Scale(
            domain=list(names.values()), range=[maps.STATUS_COLOURS["operating"], "#882255"])),
        strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(
            domain=list(names.values()), range=[[1, 0], [6, 3]])),
        tooltip=[_tip_date(lang), alt.Tooltip("series:N", title=t("ui.chart.series", lang)),
                 alt.Tooltip("share:Q", format=".1%", title=t("ui.chart.share", lang))])
    layers = chart + _as_of_rule(as_of)
    if "promised_share" in frame and frame["promised_share"].notna().any():
        deadlines = _deadline_points(frame, "promised_share", "share", names["promised_share"])
        layers += alt.Chart(deadlines).mark_point(shape="diamond", size=90, filled=True, color="#882255").encode(
            x="date:T", y="share:Q", tooltip=[_tip_date(lang), alt.Tooltip("series:N", title=t("ui.chart.series", lang)),
                                              alt.Tooltip("share:Q", format=".1%", title=t("ui.chart.share", lang))])
    return _finish(layers.properties(height=240), lang, "progress_share")


def state_timeline_chart(tables: Tables, gap_table: pd.DataFrame, as_of: dt.date, lang: str) -> alt.Chart:
    """One row per state: its events as marks, the target date as a tick, the gap coloured by delay."""
    names = dict(zip(gap_table["cve_ent"], gap_table["state"]))
    order = gap_table.sort_values(["delay_days", "state"], na_position="last")["state"].tolist()
    events = tables.events[tables.events["latest"] <= as_of].copy()
    events["state"] = events["cve_ent"].map(names)
    events["when"] = pd.to_datetime(events["latest"])
    events["stage_label"] = events["stage"].map(lambda s: t(f"status.{s}", lang))
    events["day"] = events["date"].map(lambda d: format_partial(str(d), lang))
    stage_domain = [t(f"status.{s}", lang) for s in STAGE_COLOURS]
    marks = alt.Chart(events).mark_point(filled=True, size=45, opacity=0.9).encode(
        x=alt.X("when:T", title=None, axis=_date_axis()),
        y=alt.Y("state:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=180)),
        # the events' key above the rows, the delays' under them: side by side under the plot they ran off
        # a phone's screen (and, in three columns each, off a desktop's)
        color=alt.Color("stage_label:N", title=t("chart.event", lang), legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=stage_domain, range=list(STAGE_COLOURS.values()))),
        shape=alt.Shape("stage_label:N", legend=None, scale=alt.Scale(
            domain=stage_domain, range=["circle", "square", "triangle-up", "cross"])),
        tooltip=[alt.Tooltip("state:N", title=t("table.state", lang)), alt.Tooltip("stage_label:N", title=t("chart.event", lang)),
                 alt.Tooltip("day:N", title=t("ui.chart.date", lang)),
                 alt.Tooltip("instrument:N", title=t("ui.chart.instrument", lang)),
                 alt.Tooltip("source_url:N", title=t("table.source", lang))])
    targets = gap_table[gap_table["target_date"] != ""].copy()
    targets["target"] = pd.to_datetime(targets["target_date"])
    targets["delay_label"] = targets["delay_class"].map(lambda c: t(f"delay.{c}", lang))
    targets["target_day"] = targets["target_date"].map(lambda d: format_partial(str(d), lang))
    ticks = alt.Chart(targets).mark_tick(thickness=3, size=16, color="#000000").encode(
        x="target:T", y=alt.Y("state:N", sort=order),
        tooltip=[alt.Tooltip("state:N", title=t("table.state", lang)),
                 alt.Tooltip("target_day:N", title=t("rollout.col.target", lang)),
                 alt.Tooltip("delay_label:N", title=t("rollout.col.class", lang)),
                 alt.Tooltip("delay_days:Q", title=t("rollout.col.delay", lang))])
    joined = targets[targets["actual_date"] != ""].copy()
    joined["actual"] = joined["actual_date"].map(lambda d: pd.Timestamp(parse_partial(d).latest))
    delay_domain = [t(f"delay.{c}", lang) for c in maps.DELAY_COLOURS]
    spans = alt.Chart(joined).mark_rule(strokeWidth=3, opacity=0.6).encode(
        x="target:T", x2="actual:T", y=alt.Y("state:N", sort=order),
        color=alt.Color("delay_label:N", title=t("chart.delay", lang),
                        scale=alt.Scale(domain=delay_domain, range=list(maps.DELAY_COLOURS.values()))))
    return _finish((spans + ticks + marks + _as_of_rule(as_of)).resolve_scale(color="independent").properties(
        height=alt.Step(22)), lang, "state_timeline")


def ranking_table(gap_table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The delays as a table people sort and download, most delayed first."""
    frame = gap_table.sort_values("delay_days", ascending=False, na_position="last")
    return pd.DataFrame({
        t("table.state", lang): frame["state"],
        t("rollout.col.target", lang): frame["target_date"],
        t("rollout.col.actual", lang): frame["actual_date"],
        t("rollout.col.delay", lang): frame["delay_days"],
        t("rollout.col.delay_min", lang): frame["delay_min_days"],
        t("rollout.col.class", lang): frame["delay_class"].map(lambda c: t(f"delay.{c}", lang)),
        t("table.status", lang): frame["status"].map(lambda s: t(f"status.{s}", lang)),
        t("table.source", lang): frame["actual_source_url"],
    })


def transfer_chart(monthly: pd.DataFrame, events: pd.DataFrame, cve_ent: str, lang: str) -> alt.Chart:
    """Units transferred to IMSS-BIENESTAR per month on a time axis (a month with no transfer is a gap,
    not a missing category), with the state's rollout events as labelled rules on the same axis."""
    frame = monthly.assign(when=pd.to_datetime(monthly["month"] + "-01"))
    frame["day"] = frame["when"].dt.date.map(lambda d: format_partial(d.strftime("%Y-%m"), lang))
    bars = alt.Chart(frame).mark_bar(color=maps.STATUS_COLOURS["operating"], width={"band": 0.8}).encode(
        x=alt.X("yearmonth(when):T", title=None, axis=_date_axis()),
        y=alt.Y("units:Q", title=t("ui.chart.units_transferred", lang), axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("day:N", title=t("ui.chart.month", lang)),
                 alt.Tooltip("units:Q", title=t("ui.chart.units_transferred", lang))])
    own = events[events["cve_ent"] == cve_ent].copy()
    if own.empty:
        return _finish(bars.properties(height=240), lang, "transfers")
    own["when"] = pd.to_datetime(own["latest"])
    own["what"] = own["stage"].map(lambda s: t(f"status.{s}", lang))
    own["day"] = own["date"].map(lambda d: format_partial(str(d), lang))
    rules = alt.Chart(own).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x="when:T", tooltip=[alt.Tooltip("what:N", title=t("chart.event", lang)),
                             alt.Tooltip("day:N", title=t("ui.chart.date", lang))])
    labels = alt.Chart(own).mark_text(align="left", dx=3, dy=-4, fontSize=10, color="#333333").encode(
        x="when:T", y=alt.value(8), text="what:N")
    return _finish((bars + rules + labels).properties(height=240), lang, "transfers")
