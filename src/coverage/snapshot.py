"""State (and national) snapshots for journalists: PNG, one-page PDF, CSV, GeoJSON, manifest, zip.

Everything here is a pure function of its inputs (the embedded tables, the view — state, as-of
date, target, basis, language, facility filters — and an optional CLUES catalogue), so the same
inputs give byte-identical files:
- the static map is drawn with matplotlib's object API (``Figure`` + Agg, never pyplot) from the
  boundaries projected to EPSG:6372 (Mexico's Lambert conformal conic), with metadata that would
  carry a timestamp or a software version stripped;
- the manifest has no generation time, only the view and the sha256 of every input and output;
- the zip uses a fixed timestamp and file order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from coverage import __version__, freshness, gaps, maps, rollout
from coverage.errors import RequestError
from coverage.facility_maps import GROUP_COLOURS  # the facilities page's colours, so both maps agree
from coverage.i18n import format_date, format_int, format_partial, format_pct, t
from coverage.labels import milestone_label
from coverage.tables import FILES, STATE_CODES, Tables, localized

CRS = "EPSG:6372"  # Mexico ITRF2008 / LCC: true shapes for the whole country
PAGE_SIZE = (11.69, 8.27)  # A4 landscape, inches
PNG_DPI = 300  # 3508 × 2480 px: what a print editor asks for on A4
SCREEN_DPI = 150  # 1754 × 1240 px: sharp on a screen, light enough for a web page
SAVE_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none", "font.family": "DejaVu Sans",
           "svg.hashsalt": "imss-coverage", "path.simplify": True}
# Metadata that would carry a timestamp or a software version, per format.
SAVE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                 "pdf": {"CreationDate": None, "Producer": None, "Creator": None}}
NEIGHBOUR_FILL = "#E4E4E4"
NEIGHBOUR_EDGE = "#FFFFFF"
TEXT_COLOUR = "#222222"
MUTED_TEXT = "#555555"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
INPUT_TABLES = ("states", "boundaries", "census", "events", "targets")
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
    return row["name_en" if lang == "en" else "name_es"]


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
    frame["status_label"] = frame["status"].map(lambda s: t(f"status.{s}", view.lang))
    frame["delay_label"] = [t(f"snapshot.delay_class.{c}", view.lang) for c in frame["delay_class"]]
    frame["target_id"] = view.target
    frame["basis"] = view.basis
    frame["as_of"] = view.as_of.isoformat()
    columns = ["cve_ent", "iso_3166_2", "state", "as_of", "status", "status_label", "since", "since_precision",
               "instrument", "event_id", "source_url", "possible_status", "possible_since", "target_id",
               "milestone", "basis", "target_date", "actual_date", "precision", "delay_min_days", "delay_days",
               "delay_class", "delay_label", "actual_source_url", "pop_2020", "uninsured_2020",
               "no_social_security_2020"]
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
    groups = facilities["group"].value_counts()
    types = facilities["type"].value_counts()
    return {"units": len(facilities), "by_group": {g: int(groups.get(g, 0)) for g in GROUP_COLOURS},
            "hospitals": int(types.get("hospital", 0)), "first_level": int(types.get("first_level", 0))}


def state_events(data: Tables, code: str, as_of: dt.date, lang: str) -> pd.DataFrame:
    """The state's events known by the as-of date (those whose date may have started), oldest first."""
    events = data.events[(data.events["cve_ent"] == code) & (data.events["earliest"] <= as_of)]
    return pd.DataFrame({
        "date": events["date"].map(lambda d: format_partial(d, lang)),
        "stage": events["stage"].map(lambda s: t(f"status.{s}", lang)),
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
        return t(f"snapshot.delay_class.{cls}", lang)
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


# ------------------------------------------------------------------------------------- provenance

def sha256_file(path: Path) -> str:
    return _sha256_cached(str(path), *_stat(path))


def _stat(path: Path) -> tuple[int, int]:
    stat = Path(path).stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=64)
def _sha256_cached(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_files(data: Tables) -> list[dict]:
    """Every embedded file a snapshot reads, with its sha256 (the datapackage descriptor too)."""
    entries = []
    for table in INPUT_TABLES:
        path = Path(data.root) / FILES[table]
        entries.append({"path": f"geodata/{FILES[table]}", "sha256": sha256_file(path), "bytes": path.stat().st_size})
    package = Path(data.root) / "datapackage.json"
    if package.is_file():
        entries.append({"path": "geodata/datapackage.json", "sha256": sha256_file(package),
                        "bytes": package.stat().st_size})
    return entries


def layers(data: Tables, catalogue=None) -> list[dict]:
    """Each layer with its source and release (or access) date, from geodata/datapackage.json."""
    from coverage.provenance import datapackage

    try:
        resources = {r["path"]: r for r in datapackage(data.root)["resources"]}
    except (OSError, ValueError, KeyError):
        resources = {}
    out = []
    for table in INPUT_TABLES:
        resource = resources.get(FILES[table], {})
        sources = resource.get("sources", [])
        out.append({
            "layer": table,
            "title": resource.get("title", FILES[table]),
            "source": "; ".join(s.get("title", "") for s in sources),
            "url": next((s.get("url") or s.get("path") for s in sources if s.get("url") or s.get("path")), ""),
            "release": "2020" if table == "census" else resource.get("accessed", ""),
            "release_basis": "census year" if table == "census" else "date accessed",
            "sha256": resource.get("hash", "").removeprefix("sha256:"),
        })
    if catalogue is not None:
        out.append({
            "layer": "clues",
            "title": "CLUES catalogue of health establishments (DGIS, Secretaría de Salud)",
            "source": "DGIS", "url": "http://www.dgis.salud.gob.mx/contenidos/intercambio/clues_gobmx.html",
            "release": catalogue.release or "", "release_basis": catalogue.release_basis,
            "files": [{"name": s.name, "sha256": s.sha256, "rows": s.rows} for s in catalogue.sources],
        })
    return out


def data_versions(data: Tables, catalogue, lang: str) -> str:
    """One line naming the data versions: app version, each table's short hash, the CLUES release."""
    hashes = {e["path"]: e["sha256"][:8] for e in input_files(data)}
    parts = [f"app {__version__}"]
    for table in ("events", "targets", "census", "boundaries"):
        parts.append(f"{t('snapshot.layer.' + table, lang)} {hashes['geodata/' + FILES[table]]}")
    if catalogue is not None:
        parts.append(f"CLUES {catalogue.release or '?'} "
                     + ",".join(s.sha256[:8] for s in catalogue.sources))
    return t("snapshot.versions", lang, versions=" · ".join(parts))


# -------------------------------------------------------------------------------------- rendering

@lru_cache(maxsize=4)
def projected_states(path: str):
    """The 32 state boundaries in EPSG:6372, read and projected once per process."""
    import geopandas as gpd

    frame = gpd.read_file(path).to_crs(CRS)
    return frame.sort_values("cve_ent").reset_index(drop=True)


def _polygon_path(geometry):
    from matplotlib.path import Path as MplPath

    polygons = getattr(geometry, "geoms", [geometry])
    parts = []
    for polygon in polygons:
        if polygon.geom_type in ("MultiPolygon", "GeometryCollection"):
            sub = _polygon_path(polygon)
            if sub is not None:
                parts.append(sub)
            continue
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue  # clipping can leave lines or points on the frame edge
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)
            codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
            parts.append(MplPath(coords, codes))
    return MplPath.make_compound_path(*parts) if parts else None


def _draw_states(ax, geometries, facecolors, edgecolor, linewidth, zorder):
    """Polygons as one collection (no per-patch autoscaling: the limits are set from the bounds)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch

    pairs = [(_polygon_path(geometry), colour) for geometry, colour in zip(geometries, facecolors)]
    pairs = [(path, colour) for path, colour in pairs if path is not None]
    patches = [PathPatch(path) for path, _ in pairs]
    ax.add_collection(PatchCollection(patches, facecolors=[colour for _, colour in pairs], edgecolors=edgecolor,
                                      linewidths=linewidth, zorder=zorder), autolim=False)


@dataclass
class Snapshot:
    """All files of one view; each is made on first use and kept (``files()`` makes all of them)."""

    data: Tables
    view: View
    catalogue: object | None = None
    access: dict | None = None  # coverage.access.snapshot_figures for this state, when measured

    def __post_init__(self):
        check_view(self.data, self.view)

    # --- content -----------------------------------------------------------------------------
    @cached_property
    def status(self) -> pd.DataFrame:
        return _national_frames(self.data, self.view)[0]

    @cached_property
    def rows(self) -> pd.DataFrame:
        return state_rows(self.data, self.view, *_national_frames(self.data, self.view))

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

    # --- drawing -----------------------------------------------------------------------------
    def figure(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        lang = self.lang
        states = projected_states(str(Path(self.data.root) / FILES["boundaries"]))
        status_by_code = dict(zip(self.status["cve_ent"], self.status["status"]))
        fig = Figure(figsize=PAGE_SIZE, dpi=PNG_DPI, facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.025, 0.155, 0.60, 0.71))
        ax.set_aspect("equal")
        ax.set_axis_off()
        chosen = self.view.cve_ent
        if chosen is None:
            colours = [maps.STATUS_COLOURS[status_by_code[c]] for c in states["cve_ent"]]
            _draw_states(ax, states.geometry, colours, "#FFFFFF", 0.6, 1)
            bounds = states.total_bounds
        else:
            others = states[states["cve_ent"] != chosen]
            mine = states[states["cve_ent"] == chosen]
            mx0, my0, mx1, my1 = mine.total_bounds
            margin = 1.0 * max(mx1 - mx0, my1 - my0)  # neighbours are cut to (more than) the visible frame
            clipped = others.geometry.clip_by_rect(mx0 - margin, my0 - margin, mx1 + margin, my1 + margin)
            keep = ~clipped.is_empty
            _draw_states(ax, clipped[keep], [NEIGHBOUR_FILL] * int(keep.sum()), NEIGHBOUR_EDGE, 0.8, 1)
            colour = maps.STATUS_COLOURS[status_by_code[chosen]]
            fill = colour if self.facilities is None else _lighten(colour, 0.75)
            _draw_states(ax, mine.geometry, [fill], "#333333", 1.4, 2)
            from coverage.municipalities import draw_shares  # municipalities by share, status as the outline

            municipal = draw_shares(ax, chosen, CRS, lang)
            _draw_states(ax, mine.geometry, ["none"], colour, 2.6, 3)
            bounds = mine.total_bounds
            self._label_neighbours(ax, others, bounds)
        x0, y0, x1, y1 = bounds
        pad = 0.08 * max(x1 - x0, y1 - y0) + 5_000
        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad, y1 + pad)
        if chosen is None:
            counts = rollout.headline(self.status, self.view.as_of).counts
            handles = [Patch(facecolor=maps.STATUS_COLOURS[s], edgecolor="#333333", linewidth=0.6,
                             label=f"{t(f'status.{s}', lang)} ({format_int(counts[s], lang)})")
                       for s in maps.LEGEND_ORDER]
        else:  # one state is coloured: the legend names its status, in the colour drawn
            handles = [Patch(facecolor="none", edgecolor=colour, linewidth=2.6,
                             label=f"{self.rows.iloc[0]['state']}: {t(f'status.{status_by_code[chosen]}', lang)}")]
        legend_title = t("snapshot.legend_status", lang)
        if self.facilities is not None and len(self.facilities):
            handles += self._draw_facilities(ax)
        elif self.facilities is not None:
            handles.append(Line2D([], [], linestyle="none", label=t("snapshot.no_units", lang)))
        if chosen is not None:  # neighbours and municipal shares: a legend inside the map
            neighbours = Patch(facecolor=NEIGHBOUR_FILL, edgecolor="#999999", linewidth=0.6,
                               label=t("snapshot.legend_neighbours", lang))
            shares = ax.legend(handles=[*municipal[1:], neighbours], loc="lower right", fontsize=7.5,
                               title=municipal[0].get_label(),
                               title_fontsize=8, frameon=True, framealpha=0.9, edgecolor="#cccccc")
            shares.set_zorder(6)
        self._scale_bar(ax)
        # Title block.
        fig.text(0.025, 0.955, self.title(), fontsize=19, fontweight="bold", color=TEXT_COLOUR, va="top")
        fig.text(0.025, 0.905, self.target_line(), fontsize=10.5, color=MUTED_TEXT, va="top")
        # Right panel: key figures, then the legend.
        panel_x = 0.655
        fig.text(panel_x, 0.85, t("snapshot.key_figures", lang), fontsize=12.5, fontweight="bold",
                 color=TEXT_COLOUR, va="top")
        y = 0.81
        for label, value in self.key_figures():
            wrapped = _wrap(value, 40)
            fig.text(panel_x, y, label, fontsize=9.5, color=MUTED_TEXT, va="top")
            fig.text(panel_x, y - 0.024, wrapped, fontsize=11.5, color=TEXT_COLOUR, va="top",
                     fontweight="bold", linespacing=1.15)
            y -= 0.040 + 0.0235 * (wrapped.count("\n") + 1)
        legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(panel_x - 0.008, y - 0.005),
                            frameon=False, fontsize=9.5, title=legend_title, title_fontsize=10.5,
                            alignment="left", handlelength=1.6)
        legend.get_title().set_fontweight("bold")
        if chosen is not None:
            self._locator(fig, ax, states, chosen)
        self._footer(fig)
        return fig

    def _footer(self, fig) -> None:
        """As-of date, sources, credit with the command that redraws the figure, data versions."""
        lang = self.lang
        fig.text(0.025, 0.135, t("snapshot.as_of_line", lang, date=format_date(self.view.as_of, lang),
                                 iso=self.view.as_of.isoformat()),
                 fontsize=9, color=TEXT_COLOUR, va="top")
        fig.text(0.025, 0.111, _wrap(self.source_line(), 175), fontsize=8, color=MUTED_TEXT, va="top",
                 linespacing=1.3)
        # The credit (with the command, which can be long) and the data versions grow upwards from the foot.
        fig.text(0.025, 0.020, _wrap(self.credit_line(), 215) + "\n" + data_versions(self.data, self.catalogue, lang),
                 fontsize=7, color=TEXT_COLOUR, va="bottom", linespacing=1.35)

    def _locator(self, fig, ax, states, chosen: str) -> None:
        """A small Mexico with the state in black, in the map corner the state covers least."""
        from matplotlib.patches import Rectangle
        from shapely.geometry import box

        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        mine = states.loc[states["cve_ent"] == chosen, "geometry"].iloc[0]
        # The axes' box in figure fractions is the data frame once the equal aspect is applied.
        fx0, fy0, fx1, fy1 = _axes_data_box(fig, ax)
        left, bottom, width, height = fx0, fy0, fx1 - fx0, fy1 - fy0
        size = 0.27  # share of the map frame's width
        fw, fh = fig.get_size_inches()
        mx0, my0, mx1, my1 = states.total_bounds
        # The inset box in figure fractions, shaped like the country.
        iw = size * width
        ih = iw * fw / fh * (my1 - my0) / (mx1 - mx0)
        # Candidate corners (the scale bar sits bottom left): top right, top left, bottom right.
        corners = {"tr": (left + width - iw, bottom + height - ih), "tl": (left, bottom + height - ih),
                   "br": (left + width - iw, bottom)}

        def data_box(cx, cy):
            to_x = lambda f: x0 + (f - fx0) / (fx1 - fx0) * (x1 - x0)
            to_y = lambda f: y0 + (f - fy0) / (fy1 - fy0) * (y1 - y0)
            return box(to_x(cx), to_y(cy), to_x(cx + iw), to_y(cy + ih))

        covered = {key: data_box(*corner).intersection(mine).area for key, corner in corners.items()}
        key = min(corners, key=lambda k: (covered[k], list(corners).index(k)))
        inset = fig.add_axes((*corners[key], iw, ih))
        inset.set_aspect("equal")
        inset.set_xticks([])
        inset.set_yticks([])
        for spine in inset.spines.values():
            spine.set_edgecolor("#999999")
            spine.set_linewidth(0.6)
        inset.set_facecolor("white")
        geometries = _simplified_states(str(Path(self.data.root) / FILES["boundaries"]))
        colours = ["#222222" if code == chosen else "#D0D0D0" for code in states["cve_ent"]]
        _draw_states(inset, geometries, colours, "#FFFFFF", 0.25, 1)
        inset.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#CC3311", linewidth=0.8,
                                  zorder=3))
        pad = 0.03 * (mx1 - mx0)
        inset.set_xlim(mx0 - pad, mx1 + pad)
        inset.set_ylim(my0 - pad, my1 + pad)
        inset.set_zorder(6)
        inset.set_label(t("exports.locator", self.lang))

    def _label_neighbours(self, ax, others, bounds):
        x0, y0, x1, y1 = bounds
        pad = 0.08 * max(x1 - x0, y1 - y0) + 5_000
        names = neighbour_labels(self.data, self.lang)
        from shapely.geometry import box

        view = box(x0 - 0.6 * pad, y0 - 0.6 * pad, x1 + 0.6 * pad, y1 + 0.6 * pad)
        for code, geometry in zip(others["cve_ent"], others.geometry):
            visible = geometry.intersection(view)
            if visible.is_empty or visible.area < 0.004 * view.area:
                continue
            point = visible.representative_point()
            ax.text(point.x, point.y, names[code], fontsize=8, color="#6F6F6F", ha="center", va="center",
                    zorder=3, clip_on=True, linespacing=1.0)

    def _draw_facilities(self, ax):
        from matplotlib.lines import Line2D

        transformer = _transformer()
        frame = self.facilities
        x, y = transformer.transform(frame["lon"].to_numpy(), frame["lat"].to_numpy())
        size = 14 if self.view.cve_ent else 2
        handles = []
        counts = frame["group"].value_counts()
        for group, colour in GROUP_COLOURS.items():
            mask = (frame["group"] == group).to_numpy()
            if not mask.any():
                continue
            ax.scatter(x[mask], y[mask], s=size, c=colour, edgecolors="#222222" if self.view.cve_ent else "none",
                       linewidths=0.3, zorder=4)
            handles.append(Line2D([], [], marker="o", linestyle="none", markerfacecolor=colour,
                                  markeredgecolor="#222222", markersize=6,
                                  label=f"{t('snapshot.group.' + group, self.lang)} "
                                        f"({format_int(int(counts[group]), self.lang)})"))
        return handles

    def _scale_bar(self, ax):
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        span = (x1 - x0) / 5
        length = _nice_length(span)
        bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
        ax.plot([bx, bx + length], [by, by], color=TEXT_COLOUR, linewidth=2, solid_capstyle="butt", zorder=5)
        ax.text(bx + length / 2, by + (y1 - y0) * 0.012, f"{format_int(length // 1000, self.lang)} km",
                ha="center", va="bottom", fontsize=8, color=TEXT_COLOUR, zorder=5)

    # --- files -------------------------------------------------------------------------------
    @cached_property
    def _figure(self):
        import matplotlib

        with matplotlib.rc_context(SAVE_RC):
            return self.figure()  # drawn once, saved in every format

    def _save(self, fmt: str, dpi: int = PNG_DPI) -> bytes:
        import matplotlib

        with matplotlib.rc_context(SAVE_RC):
            buffer = io.BytesIO()
            metadata = dict(SAVE_METADATA[fmt])
            if fmt != "png":
                metadata["Title"] = self.title()
            self._figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
        return buffer.getvalue()

    @cached_property
    def png(self) -> bytes:
        """For print: 300 dpi."""
        return self._save("png")

    @cached_property
    def png_screen(self) -> bytes:
        return self._save("png", SCREEN_DPI)

    @cached_property
    def pdf(self) -> bytes:
        return self._save("pdf")

    @cached_property
    def svg(self) -> bytes:
        """Text stays text (svg.fonttype 'none'), so an editor can restyle or translate it."""
        return self._save("svg")

    @cached_property
    def csv(self) -> bytes:
        from coverage.exports import csv_bytes

        return csv_bytes(self.rows)

    @cached_property
    def facilities_csv(self) -> bytes | None:
        from coverage.exports import csv_bytes

        return None if self.facilities is None else csv_bytes(self.facilities)

    @cached_property
    def geojson(self) -> bytes:
        return geojson_bytes(self.data, self.rows, self.facilities)

    @cached_property
    def access_csv(self) -> bytes | None:
        from coverage.exports import csv_bytes

        return None if self.access is None else csv_bytes(self.access["municipalities"])

    def outputs(self) -> dict[str, bytes]:
        """The data and picture files (everything but the manifest and the zip), by file name."""
        files = {f"{self.name}.png": self.png, f"{self.name}-pantalla.png": self.png_screen,
                 f"{self.name}.pdf": self.pdf, f"{self.name}.svg": self.svg, f"{self.name}.csv": self.csv,
                 f"{self.name}.geojson": self.geojson}
        if self.facilities_csv is not None:
            files[f"{self.name}-unidades.csv"] = self.facilities_csv
        if self.access_csv is not None:
            files[f"{self.name}-acceso.csv"] = self.access_csv
        return files

    @cached_property
    def manifest(self) -> bytes:
        outputs = self.outputs()
        body = {
            "app": "imss-coverage",
            "app_version": __version__,
            "name": self.name,
            **self.view.as_dict(),
            "title": self.title(),
            **freshness.record(self.data, self.view.as_of),
            "headline": self.headline_record(),
            "renderer": {"library": "matplotlib (Figure, Agg) + geopandas", "crs": CRS,
                         "page": "A4 landscape", "png_dpi": PNG_DPI, "screen_png_dpi": SCREEN_DPI,
                         "svg_text": "text elements (svg.fonttype none)"},
            "reproduce": self.reproduce_command(),
            "status_events": dict(zip(self.rows["cve_ent"], self.rows["event_id"])),
            "layers": layers(self.data, self.catalogue),
            "inputs": input_files(self.data) + (
                [{"path": s.name, "sha256": s.sha256, "layer": "clues"} for s in self.catalogue.sources]
                if self.catalogue is not None else []),
            "files": [{"name": n, "bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                      for n, b in outputs.items()],
            "shown": {"states": len(self.rows),
                      "facilities": None if self.facilities is None else len(self.facilities)},
        }
        if self.access is not None:
            body["access"] = {**self.access["summary"], "method": self.access["method"],
                              "file": f"{self.name}-acceso.csv"}
        return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")

    def files(self) -> dict[str, bytes]:
        return {**self.outputs(), "manifest.json": self.manifest}

    @cached_property
    def zip(self) -> bytes:
        return zip_bytes(self.files(), folder=self.name)


# ---------------------------------------------------------------------------------------- helpers

_FRAMES: dict = {}


def _national_frames(data: Tables, view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
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


def geojson_bytes(data: Tables, rows: pd.DataFrame, facilities: pd.DataFrame | None) -> bytes:
    """The shown states (polygons, WGS84 as in the app) then the shown facilities (points)."""
    shapes = {f["properties"]["cve_ent"]: f["geometry"] for f in
              json.loads((Path(data.root) / FILES["boundaries"]).read_text(encoding="utf-8"))["features"]}
    features = []
    for record in rows.to_dict("records"):
        features.append({"type": "Feature", "properties": {"layer": "state", **_json_safe(record)},
                         "geometry": shapes[record["cve_ent"]]})
    if facilities is not None:
        for record in facilities.to_dict("records"):
            props = _json_safe({k: v for k, v in record.items() if k not in ("lat", "lon")})
            features.append({"type": "Feature", "properties": {"layer": "facility", **props},
                             "geometry": {"type": "Point",
                                          "coordinates": [round(float(record["lon"]), 6),
                                                          round(float(record["lat"]), 6)]}})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_safe(record: dict) -> dict:
    out = {}
    for key, value in record.items():
        if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
            out[key] = None
        elif hasattr(value, "item"):
            out[key] = value.item()
        elif isinstance(value, (dt.date, pd.Timestamp)):
            out[key] = value.isoformat()[:10]
        else:
            out[key] = value
    return out


def zip_bytes(files: dict[str, bytes], folder: str | None = None) -> bytes:
    """A zip whose bytes depend only on the files: fixed timestamp, fixed order, fixed permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}" if folder else name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


def neighbour_labels(data: Tables, lang: str) -> dict[str, str]:
    """State names as a map label: whole names (an abbreviation such as MEX reads as the country),
    a few shortened by the locale, long ones on two lines."""
    import textwrap

    names = dict(zip(data.states["cve_ent"], data.states["name_en" if lang == "en" else "name_es"]))
    out = {}
    for code, name in names.items():
        key = f"exports.neighbour.{code}"
        label = t(key, lang) if key in _catalogue(lang) else name
        out[code] = "\n".join(textwrap.wrap(label, 15)) if len(label) > 15 else label
    return out


def _catalogue(lang: str) -> dict:
    from coverage.i18n import catalogue

    return catalogue(lang)


@lru_cache(maxsize=4)
def _simplified_states(path: str):
    """The states for the locator inset: a few hundred metres of detail are invisible there."""
    return projected_states(path).geometry.simplify(3_000, preserve_topology=True)


def _axes_data_box(fig, ax) -> tuple[float, float, float, float]:
    """The part of the figure (in fractions) the map's data limits fill once the equal aspect is applied."""
    ax.apply_aspect()
    box = ax.get_position()
    return box.x0, box.y0, box.x1, box.y1


def _lighten(hex_colour: str, amount: float) -> str:
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _nice_length(span: float) -> int:
    """A round scale-bar length in metres not longer than ``span`` (1, 2 or 5 × 10^n km)."""
    exponent = 10 ** math.floor(math.log10(max(span, 1_000)))
    for step in (5, 2, 1):
        if step * exponent <= span:
            return int(step * exponent)
    return int(exponent)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def write(snapshot: Snapshot, folder: Path) -> list[Path]:
    """Write every file of a snapshot (and its zip) into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, payload in {**snapshot.files(), f"{snapshot.name}.zip": snapshot.zip}.items():
        path = folder / name
        path.write_bytes(payload)
        written.append(path)
    return written


# ------------------------------------------------------------------------------------ URL values

def url_state(value: str | None) -> tuple[str | None, bool]:
    """``?estado=`` → (state code or None for the national view, whether the value was unusable)."""
    if value is None or value == "":
        return None, False
    value = str(value).strip()
    if value.isdigit() and len(value) == 1:
        value = value.zfill(2)
    return (value, False) if value in STATE_CODES else (None, True)


def url_choices(value: str | None, allowed) -> tuple[list[str] | None, bool]:
    """A comma-separated filter in the URL → (valid values, or None for "all"; whether any was unknown)."""
    if value is None:
        return None, False
    if value == "":
        return [], False  # the reader cleared the filter: nothing of it is shown
    parts = [p for p in str(value).split(",") if p != ""]
    known = [p for p in parts if p in allowed]
    bad = len(known) != len(parts)
    return (list(dict.fromkeys(known)) if known else None), bad
