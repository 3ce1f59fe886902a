"""The facility tables as a reader sees them: metric values in words, codes as words, headers in ``lang``.

Used by the facilities, network and state pages; the CSV exports keep the codes (machine-readable).
"""

from __future__ import annotations

import pandas as pd

from coverage.i18n import format_int, format_pct, t
from coverage.labels import state_name_column


def format_metric(metric: str, value: float, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("facilities.metric.no_data", lang)
    if metric.startswith("imb_share"):
        return format_pct(value, lang)
    if metric == "transferred":
        return format_int(value, lang)
    return f"{value:.2f}"  # decimal point in both languages (INEGI convention, see i18n)


def metrics_display(metrics: pd.DataFrame, states: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The per-state metric table with every component, labelled in ``lang``, states in the file only."""
    names = states.set_index("cve_ent")[state_name_column(lang)]
    shown = metrics[metrics["in_catalogue"]].copy()
    shown.insert(1, "state", shown["cve_ent"].map(names))
    shown["first_transfer"] = shown["first_transfer"].dt.date
    shown["last_transfer"] = shown["last_transfer"].dt.date
    shown["imb_share_first_level"] = (100 * shown["imb_share_first_level"]).round(1)
    shown["units_per_10k"] = shown["units_per_10k"].round(2)
    shown["hospitals_per_10k"] = shown["hospitals_per_10k"].round(3)
    columns = ["cve_ent", "state", "uninsured", "public_units", "public_hospitals", "units_per_10k",
               "hospitals_per_10k", "first_level_public", "first_level_imb", "imb_share_first_level", "transferred",
               "first_transfer", "last_transfer"]
    return shown[columns].rename(columns={c: t(f"facilities.col.{c}", lang) for c in columns})


def issues_display(issues: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = issues.copy()
    shown["kind"] = shown["kind"].map(lambda k: t(f"facilities.issue.{k}", lang))
    return shown.rename(columns={c: t(f"facilities.issuecol.{c}", lang) for c in shown.columns})


def timeline_display(timeline: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = timeline.copy()
    shown["kind"] = shown["kind"].map(lambda k: t("facilities.timeline.transfer", lang) if k == "transfer"
                                      else t(f"status.{k}", lang))
    columns = ["date", "kind", "units", "cumulative", "source_url"]
    return shown[columns].rename(columns={c: t(f"facilities.timeline.col.{c}", lang) for c in columns})


def facility_table_display(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``snapshot.facility_rows`` for a reader: catalogue codes as words, headers in ``lang``.

    The CSV export keeps the codes (machine-readable); only the on-screen table is translated.
    ``cve_ent`` is dropped (the page is already one state's), and ``inst_code`` where the institution's
    short name is there."""
    words = {
        "group": lambda v: t(f"facilities.group.{v}", lang) if v else "",
        "type": lambda v: t(f"facilities.type.{v}", lang) if v else "",
        "level": lambda v: t(f"facilities.level.{v or 'none'}", lang),
    }
    # the institution's code says again what its short name says ("CRO" next to "Cruz Roja Mexicana")
    redundant = ("cve_ent", "inst_code") if "inst_short" in rows.columns else ("cve_ent",)
    shown = rows.drop(columns=[c for c in redundant if c in rows.columns]).copy()
    for column, word in words.items():
        if column in shown.columns:
            shown[column] = shown[column].map(word)
    headers = {"clues": "facui.col.clues", "name": "state.facility.name", "inst_code": "facui.col.inst_code",
               "inst_short": "state.facility.institution", "group": "facui.col.group", "level": "facui.col.level",
               "type": "facui.col.type", "municipality": "state.facility.municipality",
               "locality": "facui.col.locality", "lat": "facui.col.lat", "lon": "facui.col.lon",
               "transfer_date": "state.facility.transfer"}
    return shown.rename(columns={c: t(k, lang) for c, k in headers.items() if c in shown.columns})


def units_split(table: pd.DataFrame, lang: str, cve_ent: str | None = None) -> str:
    """'492 con ubicación fija + 20 unidades móviles': operating units, so that every page's count adds up
    the same way (the map and the state table show the fixed ones; mobile units have no fixed place)."""
    operating = table["status"] == "operating"
    if cve_ent is not None:
        operating &= table["cve_ent"] == cve_ent
    mobile = operating & table["mobile"].astype(bool)
    return t("facui.units_split", lang, fixed=format_int(int((operating & ~mobile).sum()), lang),
             mobile=format_int(int(mobile.sum()), lang))
