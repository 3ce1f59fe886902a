"""What a snapshot shows: the view (state or national, as-of date, target, basis, language, facility
filters), the rows a page, a figure and the files share, and the words around them (title, key
figures, sources, the command that redraws it).

``SnapshotView`` holds one view's rows and texts; ``coverage.snapshot.Snapshot`` adds the figure
(``snapshot.figure``) and the files (``snapshot.files``) to it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from coverage import __version__, freshness, gaps, maps, rollout
from coverage.errors import RequestError
from coverage.i18n import format_date, format_int, format_partial, format_pct, t
from coverage.labels import delay_label, milestone_label, state_name_column, status_label
from coverage.tables import STATE_CODES, Tables, localized

FILTER_KEYS = ("groups", "levels", "types", "include_mobile")


class SnapshotError(RequestError, ValueError):
    """A snapshot that cannot be made as asked (unknown state, target or filter value)."""


# ----------------------------------------------------------------------------------------- the view

@dataclass(frozen=True)
class View:
    """What a snapshot shows: ``cve_ent`` None is the national view."""

    cve_ent: str | None
    as_of: dt.date
    target: str = gaps.DEFAULT_TARGET
    basis: str = "implementation"
    lang: str = "es"
    filters: dict = field(default_factory=dict, hash=False, compare=False)

    def as_dict(self) -> dict:
        return {"state": self.cve_ent or "national", "as_of": self.as_of.isoformat(), "target": self.target,
                "basis": self.basis, "language": self.lang, "filters": normalise_filters(self.filters)}


def normalise_filters(filters: dict | None) -> dict:
    """Facility filters as sorted lists (and a boolean): the same filters always print the same way."""
    out = {}
    for key, value in sorted((filters or {}).items()):
        if key not in FILTER_KEYS:
            raise SnapshotError(f"unknown facility filter '{key}'; use one of {', '.join(FILTER_KEYS)}")
        out[key] = bool(value) if key == "include_mobile" else sorted(str(v) for v in value)
    return out


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def state_name(data: Tables, code: str, lang: str) -> str:
    row = data.states.set_index("cve_ent").loc[code]
    return row[state_name_column(lang)]


def base_name(data: Tables, view: View) -> str:
    """File stem, e.g. ``imss-bienestar-13-hidalgo-2024-06-30`` or ``imss-bienestar-nacional-2024-06-30``."""
    where = f"{view.cve_ent}-{slug(state_name(data, view.cve_ent, 'es'))}" if view.cve_ent else "nacional"
    return f"imss-bienestar-{where}-{view.as_of.isoformat()}"


def check_view(data: Tables, view: View) -> None:
    if view.cve_ent is not None and view.cve_ent not in STATE_CODES:
        raise SnapshotError(f"unknown state code '{view.cve_ent}'; use a two-digit INEGI code 01–32 or 'all'")
    gaps.check_target(data, view.target, SnapshotError)
    if view.basis not in gaps.BASES:
        raise SnapshotError(f"unknown basis '{view.basis}'; use one of {', '.join(gaps.BASES)}")
    normalise_filters(view.filters)


# ----------------------------------------------------------------------------------- tables shown

def state_rows(data: Tables, view: View, status: pd.DataFrame | None = None,
               gap: pd.DataFrame | None = None) -> pd.DataFrame:
    """The row(s) the snapshot shows: status, target and delay, census figures (one state or all 32)."""
    status = status if status is not None else rollout.status_table(data, view.as_of, view.lang)
    gap = gap if gap is not None else gaps.state_gaps(data, view.target, view.as_of, view.basis, view.lang)
    frame = status.merge(
        gap[["cve_ent", "milestone", "target_date", "actual_date", "precision", "delay_min_days", "delay_days",
             "delay_class", "actual_source_url"]], on="cve_ent", how="left")
    frame["status_label"] = frame["status"].map(lambda s: status_label(s, view.lang))
    frame["delay_label"] = [delay_label(c, view.lang) for c in frame["delay_class"]]
    frame["target_id"] = view.target
    frame["basis"] = view.basis
    frame["as_of"] = view.as_of.isoformat()
    columns = ["cve_ent", "iso_3166_2", "state", "as_of", "status", "status_label", "since", "since_precision",
               "instrument", "event_id", "source_url", "possible_status", "possible_since", "target_id",
               "milestone", "basis", "target_date", "actual_date", "precision", "delay_min_days", "delay_days",
               "delay_class", "delay_label", "actual_source_url", "pop_2020", "uninsured_2020",
               "no_social_security_2020", "data_reviewed", "status_basis"]  # freshness travels with the CSV
    frame = frame[columns]
    if view.cve_ent is not None:
        frame = frame[frame["cve_ent"] == view.cve_ent]
    return frame.reset_index(drop=True)


FACILITY_COLUMNS = ["clues", "name", "inst_code", "inst_short", "group", "level", "type", "cve_ent",
                    "municipality", "locality", "lat", "lon", "transfer_date"]


def facility_rows(catalogue, view: View) -> pd.DataFrame | None:
    """The catalogue's mappable operating units the view shows, after its filters (None: no catalogue)."""
    if catalogue is None:
        return None
    from coverage import clues  # only needed with a catalogue

    filters = normalise_filters(view.filters)
    kwargs = {k: filters[k] for k in FILTER_KEYS if k in filters}
    shown = clues.points(catalogue, cve_ent=view.cve_ent, **kwargs)
    frame = shown[[c for c in FACILITY_COLUMNS if c in shown.columns]].copy()
    if "transfer_date" in frame.columns:
        frame["transfer_date"] = pd.to_datetime(frame["transfer_date"]).dt.strftime("%Y-%m-%d").fillna("")
    for column in ("lat", "lon"):
        frame[column] = frame[column].astype("float64").round(6)
    for column in frame.columns:
        if column not in ("lat", "lon"):
            frame[column] = frame[column].astype("string").fillna("").astype(object)
    return frame.sort_values("clues", kind="stable").reset_index(drop=True)


def facility_counts(facilities: pd.DataFrame | None) -> dict | None:
    if facilities is None:
        return None
    from coverage.palette import GROUP_COLOURS

    groups = facilities["group"].value_counts()
    types = facilities["type"].value_counts()
    return {"units": len(facilities), "by_group": {g: int(groups.get(g, 0)) for g in GROUP_COLOURS},
            "hospitals": int(types.get("hospital", 0)), "first_level": int(types.get("first_level", 0))}


def state_events(data: Tables, code: str, as_of: dt.date, lang: str) -> pd.DataFrame:
    """The state's events known by the as-of date (those whose date may have started), oldest first."""
    events = data.events[(data.events["cve_ent"] == code) & (data.events["earliest"] <= as_of)]
    return pd.DataFrame({
        "date": events["date"].map(lambda d: format_partial(d, lang)),
        "stage": events["stage"].map(lambda s: status_label(s, lang)),
        "instrument": localized(events, "instrument", lang),
        "note": localized(events, "note", lang),
        "source_url": events["source_url"],
        "certain": events["latest"] <= as_of,
    }).reset_index(drop=True)


def delay_text(row, lang: str) -> str:
    """A delay in words: '356 days late', 'between 425 and 455 days early', 'overdue by 30 days'…"""
    cls = row["delay_class"]
    low, high = row["delay_min_days"], row["delay_days"]
    if pd.isna(high):
        return delay_label(cls, lang)
    low, high = int(low), int(high)
    if cls == "ahead":
        low, high = -high, -low
    days = format_int(high, lang) if low == high else t("snapshot.days_range", lang, low=format_int(low, lang),
                                                        high=format_int(high, lang))
    return t(f"snapshot.delay.{cls}", lang, days=days)


def targets_for_state(data: Tables, code: str, as_of: dt.date, basis: str, lang: str) -> pd.DataFrame:
    """One row per target announcement: its date and author, the state's target date and delay."""
    rows = []
    announcements = gaps.announcements(data, lang).set_index("target_id")
    status = rollout.status_table(data, as_of, lang)  # the same for every announcement
    for target_id in gaps.target_ids(data):
        row = gaps.state_gaps(data, target_id, as_of, basis, lang, status).set_index("cve_ent").loc[code]
        info = announcements.loc[target_id]
        rows.append({
            "target_id": target_id,
            "announced": format_partial(info["announced"], lang),
            "announced_by": info["announced_by"],
            "milestone": milestone_label(row["milestone"], lang),
            "target_date": format_partial(row["target_date"], lang) if row["target_date"] else "",
            "actual_date": format_partial(row["actual_date"], lang) if row["actual_date"] else "",
            "delay_days": row["delay_days"],
            "delay": delay_text(row, lang),
            "delay_class": row["delay_class"],
            "source_url": info["source_url"],
        })
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------ the national tables, shared

_FRAMES: dict = {}


def national_frames(data: Tables, view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Status and gap tables of all states, shared by the 32 snapshots of one batch (same data object)."""
    key = (id(data), view.as_of, view.target, view.basis, view.lang)
    cached = _FRAMES.get(key)
    if cached is None or cached[0] is not data:
        if len(_FRAMES) > 16:
            _FRAMES.clear()
        status = rollout.status_table(data, view.as_of, view.lang)
        gap = gaps.state_gaps(data, view.target, view.as_of, view.basis, view.lang)
        cached = _FRAMES[key] = (data, status, gap)
    return cached[1], cached[2]


# ------------------------------------------------------------------------------ rows and texts

@dataclass
class SnapshotView:
    """One view's rows and texts; each is made on first use and kept."""

    data: Tables
    view: View
    catalogue: object | None = None
    access: dict | None = None  # coverage.access.snapshot_figures for this state, when measured

    def __post_init__(self):
        check_view(self.data, self.view)

    # --- content -----------------------------------------------------------------------------
    @cached_property
    def status(self) -> pd.DataFrame:
        return national_frames(self.data, self.view)[0]

    @cached_property
    def rows(self) -> pd.DataFrame:
        return state_rows(self.data, self.view, *national_frames(self.data, self.view))

    @cached_property
    def facilities(self) -> pd.DataFrame | None:
        return facility_rows(self.catalogue, self.view)

    @property
    def name(self) -> str:
        return base_name(self.data, self.view)

    @property
    def lang(self) -> str:
        return self.view.lang

    def title(self) -> str:
        date = format_date(self.view.as_of, self.lang)
        if self.view.cve_ent is None:
            return t("snapshot.title_national", self.lang, date=date)
        return t("snapshot.title", self.lang, state=self.rows.iloc[0]["state"], date=date)

    def target_line(self) -> str:
        info = gaps.announcements(self.data, self.lang).set_index("target_id").loc[self.view.target]
        return t("snapshot.target_line", self.lang, target=self.view.target, who=info["announced_by"],
                 date=format_partial(info["announced"], self.lang),
                 basis=t(f"basis.{self.view.basis}", self.lang))

    def headline_record(self) -> dict:
        """The covered population (rollout.covered_people) for the manifest, national or one state."""
        summary = rollout.headline(self.status, self.view.as_of)
        return {"people_without_social_security_in_operating_states": summary.covered,
                "universe_without_social_security": summary.universe,
                "secondary_without_health_affiliation_psinder_in_operating_states": summary.uninsured_operating}

    def key_figures(self) -> list[tuple[str, str]]:
        lang = self.lang
        figures: list[tuple[str, str]] = []
        if self.view.cve_ent is None:
            summary = rollout.headline(self.status, self.view.as_of)
            figures.append((t("metric.operating", lang),
                            t("snapshot.fig.of_32", lang, n=format_int(summary.counts["operating"], lang))))
            figures.append((t("truth.covered.label", lang),
                            f"{format_int(summary.covered, lang)} ({format_pct(summary.covered_share, lang)})"))
            figures.append((t("truth.psinder.label", lang),
                            f"{format_int(summary.uninsured_operating, lang)} "
                            f"({format_pct(summary.uninsured_operating_share, lang)})"))
            national = gaps.national_gap(self.data, self.view.target, self.view.as_of)
            promised = ("—" if national.promised_states is None
                        else format_int(round(national.promised_states), lang))
            figures.append((t("snapshot.fig.promised_states", lang), promised))
            late = self.rows["delay_class"].isin(["late_90", "late_over_90", "overdue"]).sum()
            figures.append((t("snapshot.fig.states_late", lang), format_int(int(late), lang)))
        else:
            row = self.rows.iloc[0]
            since = format_partial(row["since"], lang) if row["since"] else t("map.no_event", lang)
            figures.append((t("snapshot.fig.status", lang), f"{row['status_label']} ({since})"))
            figures.append((t("snapshot.fig.target_date", lang),
                            format_partial(row["target_date"], lang) if row["target_date"] else "—"))
            figures.append((t("snapshot.fig.delay", lang), delay_text(row, lang)))
            figures.append((t("snapshot.fig.population", lang), format_int(row["pop_2020"], lang)))
            figures.append((t("truth.no_social_security.label", lang),
                            f"{format_int(row['no_social_security_2020'], lang)} "
                            f"({format_pct(row['no_social_security_2020'] / row['pop_2020'] if row['pop_2020'] else 0, lang)})"))
            share = row["uninsured_2020"] / row["pop_2020"] if row["pop_2020"] else 0
            figures.append((t("snapshot.fig.uninsured", lang),
                            f"{format_int(row['uninsured_2020'], lang)} ({format_pct(share, lang)})"))
        counts = facility_counts(self.facilities)
        if counts is not None:
            figures.append((t("snapshot.fig.units", lang),
                            t("snapshot.fig.units_value", lang, units=format_int(counts["units"], lang),
                              hospitals=format_int(counts["hospitals"], lang),
                              first=format_int(counts["first_level"], lang))))
        if self.view.cve_ent is not None and getattr(self.catalogue, "embedded", False):
            from coverage.network import state_counts  # the embedded 2023 cut beside release 2026-04

            row = state_counts().set_index("cve_ent").loc[self.view.cve_ent]
            label, value = figures.pop() if counts is not None else (t("network.snapshot.counts", lang), "")
            figures.append((label, (value + "; " if value else "") + t(
                "network.snapshot.counts_value", lang, ssa=format_int(int(row["ssa_2023"]), lang),
                imb=format_int(int(row["imb_2026"]), lang))))
        return figures

    def source_line(self) -> str:
        lang = self.lang
        parts = []
        if self.view.cve_ent is not None:
            row = self.rows.iloc[0]
            if row["source_url"]:
                # The event id stays in the manifest and the CSV: a reader of the page has no use for it.
                parts.append(t("snapshot.source.status", lang, source=maps.source_label(row["source_url"])))
        else:
            parts.append(t("snapshot.source.status_all", lang))
        info = gaps.announcements(self.data, lang).set_index("target_id").loc[self.view.target]
        parts.append(t("snapshot.source.target", lang, source=maps.source_label(info["source_url"])))
        parts.append(t("snapshot.source.census", lang))
        parts.append(t("snapshot.source.boundaries", lang))
        if self.catalogue is not None:
            parts.append(t("snapshot.source.clues", lang, release=self.catalogue.release or "?"))
        return t("snapshot.sources", lang, sources="; ".join(parts)) + " " + freshness.stamp(
            self.data, self.view.as_of, lang)

    def reproduce_command(self) -> str:
        """The command line that redraws this figure from the same inputs."""
        view = self.view
        parts = ["imss-coverage snapshot", f"--state {view.cve_ent or 'national'}", f"--as-of {view.as_of.isoformat()}",
                 f"--target {view.target}", f"--basis {view.basis}", f"--lang {view.lang}"]
        parts += self._extra_command_options()
        if getattr(self.catalogue, "embedded", False):
            parts.append("--clues embedded")
        elif self.catalogue is not None:
            parts.append("--clues " + t("exports.credit.catalogue", self.lang))
        return " ".join(parts)

    def _extra_command_options(self) -> list[str]:
        return []

    def credit_line(self) -> str:
        return t("exports.credit", self.lang, version=__version__, command=self.reproduce_command())
