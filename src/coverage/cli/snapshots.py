"""``imss-coverage snapshot`` (print-ready state snapshots for journalists, in batches) and ``animate``.

Writes the files the state page offers (print and screen PNG, PDF, SVG, CSV, GeoJSON, manifest.json
and a zip of them all); ``--html`` adds the embeddable interactive map.  ``national`` writes the
national map in each colouring (or the one given with ``--colouring``).  One state goes into
``--out`` itself; ``all`` writes one folder per state (``--out/13-hidalgo/…``) on as many processes
as there are cores (at most 2 by default), with a progress bar.  ``--scope`` and ``--km`` choose the
access figures of a state and the national access colouring alike (``--access-scope`` and
``--access-km``, their older spellings for a state, still work).  ``animate`` writes the national
timeline as GIF or MP4.  Exit code 2: unknown state, target or date, an output folder that cannot be
written, or existing files without ``--force``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import click
from click.core import ParameterSource

from coverage import tables
from coverage import snapshot as snapshots
from coverage.access import SCOPES
from coverage.cli.common import (as_of_date, as_of_option, basis_option, check_state, check_target, clues_option,
                                 fail, geodata_option, lang_option, load, load_clues, load_localities, load_units,
                                 out_options, reject, state_code, target_option, write_files)
from coverage.tables import STATE_CODES

NATIONAL = ("national", "nacional")
_WORKER: dict = {}


def _folder_name(data: tables.Tables, code: str) -> str:
    return f"{code}-{snapshots.slug(snapshots.state_name(data, code, 'es'))}"


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise click.BadParameter(
            f"cannot write to {folder} ({exc.strerror or type(exc).__name__}); choose a folder you can write to",
            param_hint="--out") from None


def _load_catalogue(path: Path):
    if str(path) == "embedded":  # the national network embedded in the app (CLUES 2023 cut)
        from coverage import network

        return network.load_network()
    try:
        from coverage import clues  # noqa: F401
    except ImportError:
        raise click.BadParameter("this installation has no CLUES support (coverage.clues is missing)",
                                 param_hint="--clues") from None
    return load_clues(path)


def _render(view: snapshots.View, folder: Path) -> str:
    from coverage import embed

    if view.cve_ent is None:
        from coverage.snapshot.national import NationalSnapshot

        for mode in _WORKER["colourings"]:
            snap = NationalSnapshot(_WORKER["data"], view, mode=mode,
                                    shading=_WORKER.get("shading") if mode == "access" else None)
            write_files(folder, {**snap.files(), f"{snap.name}.zip": snap.zip})
            if _WORKER.get("html") and mode in embed.NATIONAL_COLOURINGS:
                write_files(folder, {embed.file_name(snap): embed.national_html(snap)})
        return "national"
    snap = snapshots.Snapshot(_WORKER["data"], view, _WORKER.get("catalogue"), access=_access_figures(view.cve_ent))
    snapshots.write(snap, folder)
    if _WORKER.get("html"):
        write_files(folder, {embed.file_name(snap): embed.state_html(snap)})
    return view.cve_ent


def _expected_names(data, view, colourings, html: bool, shading=None) -> list[str]:
    """Every file a view will write, to refuse overwriting any of them without --force."""
    if view.cve_ent is None:
        from coverage.snapshot.national import NationalSnapshot

        from coverage import embed

        stems = [(NationalSnapshot(data, view, mode=mode, shading=shading if mode == "access" else None).name, mode)
                 for mode in colourings]
        return [f"{stem}{suffix}" for stem, mode in stems
                for suffix in (".png", "-pantalla.png", ".pdf", ".svg", ".csv", "-manifest.json", ".zip",
                               *((".html",) if html and mode in embed.NATIONAL_COLOURINGS else ()))]
    stem = snapshots.base_name(data, view)
    return [f"{stem}{suffix}" for suffix in (".png", "-pantalla.png", ".pdf", ".svg", ".csv", "-unidades.csv",
                                             "-acceso.csv", ".geojson", ".zip", *((".html",) if html else ()))] + ["manifest.json"]


def _init_worker(data, catalogue, colourings=(), html=False, shading=None, access=None) -> None:
    _WORKER.update(data=data, catalogue=catalogue, colourings=colourings, html=html, shading=shading, access=access)


def _access_figures(cve_ent: str) -> dict | None:
    """The state's access figures for its manifest and ``-acceso.csv`` (one nearest search per batch)."""
    if _WORKER.get("access") is None:
        return None
    from coverage import access

    result, km = _WORKER["access"]
    figures = access.snapshot_figures(result, km, cve_ent)
    municipal = figures["municipalities"]
    municipal["municipality"] = access.census_names(municipal["cvegeo"], municipal["municipality"])
    return figures if figures["summary"]["localities_measured"] else None


@click.command("snapshot")
@click.option("--state", "state", required=True, metavar="CVE_ENT|all|national",
              help="INEGI state code 01–32 (e.g. 13 for Hidalgo), 'all' for one folder per state, "
                   "or 'national' for the national view.")
@as_of_option("Date of the snapshot (2021-12-01 to today).", required=True)
@target_option()
@basis_option
@lang_option()
@clues_option("CLUES catalogue (file or folder) to draw and count the facilities; 'embedded' for the "
              "national network embedded in the app (CLUES 2023 cut), as the state page uses by default.")
@out_options
@click.option("--jobs", type=click.IntRange(1, 32), default=None,
              help="Processes for --state all (default: number of cores, at most 2).")
@click.option("--colouring", "colouring", type=click.Choice(["all", "status", "delay", "uninsured", "access", "municipal"]),
              default="all", show_default=True, help="National view only: which colouring of the national map to write.")
@click.option("--scope", type=click.Choice(SCOPES), default="first_level", show_default=True,
              help="Units for the access figures: a state's manifest and -acceso.csv, and the national map's access "
                   "colouring (see `imss-coverage access`).")
@click.option("--km", type=float, default=None,
              help="Distance for the access figures and colouring, 1–100 km (default: the scope's, 5 or 30).")
@click.option("--html", "html", is_flag=True,
              help="Also write the embeddable interactive map (one self-contained HTML file, no requests).")
# the spellings --scope and --km had for a state's figures before they were one pair; still accepted
@click.option("--access-scope", "access_scope", type=click.Choice(SCOPES), default=None, hidden=True)
@click.option("--access-km", "access_km", default=None, hidden=True)
@geodata_option
def snapshot(state: str, as_of: str, target_id: str, basis: str, lang: str, clues_path: Path | None,
             out: Path, force: bool, jobs: int | None, colouring: str, scope: str, km: float | None,
             html: bool, geodata: Path | None, access_scope: str | None, access_km: str | None) -> None:
    """Write a state's snapshot files (PNG, PDF, SVG, CSV, GeoJSON, manifest, zip; --html for the embed)."""
    from coverage.snapshot.national import COLOURINGS

    state = _check_state(state)
    day = as_of_date(as_of)
    data = load(geodata)
    check_target(data, target_id)
    codes = list(STATE_CODES) if state == "all" else [None if state in NATIONAL else state]
    _check_writable(out)
    views = [snapshots.View(code, day, target_id, basis, lang) for code in codes]
    folders = {view: (out / _folder_name(data, view.cve_ent) if state == "all" else out) for view in views}
    colourings = COLOURINGS if colouring == "all" else (colouring,)
    reach = _Reach.of(scope, km, access_scope, access_km)
    shading = reach.shading(data, day) if "access" in colourings and None in codes else None
    if not force:
        _refuse_existing(data, folders, colourings, html, shading)
    catalogue = _load_catalogue(clues_path) if clues_path is not None else None
    _init_worker(data, catalogue, colourings, html, shading, _access_search(catalogue, reach, codes))
    try:
        if len(views) == 1:
            _render(views[0], folders[views[0]])
        else:
            _render_many(views, folders, jobs or min(2, os.cpu_count() or 1))
    except OSError as exc:
        fail(f"could not write the snapshot files ({exc}); check the --out folder")
    click.echo(f"{len(views)} snapshot(s) written to {out}", err=True)


def _check_state(value: str) -> str:
    """``all``, ``national`` (or ``nacional``) or a state code."""
    state = value.strip().lower()
    if state in ("all", *NATIONAL):
        return state
    return check_state(state, ", 'all' or 'national'", shown=state_code(state))


@dataclass(frozen=True)
class _Reach:
    """The one access pair, ``--scope`` and ``--km``, and the option a bad distance is blamed on."""

    scope: str
    km: float | str | None
    km_option: str = "--km"

    @classmethod
    def of(cls, scope, km, access_scope, access_km) -> "_Reach":
        if access_scope is not None and click.get_current_context().get_parameter_source("scope") is ParameterSource.DEFAULT:
            scope = access_scope
        if km is None and access_km is not None:
            return cls(scope, access_km, "--access-km")
        return cls(scope, km)

    def distance(self) -> float:
        from coverage import access

        with reject(self.km_option):
            return access.check_km(self.km) if self.km is not None else float(access.DEFAULT_KM[self.scope])

    def shading(self, data, day):
        """The national map's access colouring."""
        from coverage.snapshot.national import access_shading

        with reject(self.km_option):
            return access_shading(data, day, self.scope, self.km)


def _refuse_existing(data, folders, colourings, html: bool, shading) -> None:
    existing = []
    for view, folder in folders.items():
        names = _expected_names(data, view, colourings, html, shading)
        existing += [folder / n for n in names if (folder / n).exists()]
    if existing:
        raise click.UsageError(
            f"{len(existing)} output file(s) already exist (e.g. {existing[0]}); "
            "pass --force to overwrite them or choose another --out folder")


def _access_search(catalogue, reach: _Reach, codes) -> tuple | None:
    """Nearest units for the embedded (or $COVERAGE_LOCALITIES) localities, when state snapshots are asked for."""
    if all(code is None for code in codes):
        return None
    from coverage import access

    distance = reach.distance()
    units = catalogue if catalogue is not None else load_units(None)
    return access.nearest(load_localities(None), units, reach.scope), distance


def _render_many(views, folders, jobs: int) -> None:
    with click.progressbar(length=len(views), label="Snapshots", file=sys.stderr,
                           show_pos=True, item_show_func=lambda code: code or "") as bar:
        if jobs == 1:
            for view in views:
                bar.update(1, _render(view, folders[view]))
            return
        # Workers are forked after the data (and catalogue) are loaded, so they share it.
        import multiprocessing

        context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(_WORKER["data"], _WORKER.get("catalogue"), _WORKER["colourings"],
                                           _WORKER["html"], _WORKER.get("shading"), _WORKER.get("access"))) as pool:
            futures = [pool.submit(_render, view, folders[view]) for view in views]
            for future in as_completed(futures):
                bar.update(1, future.result())



@click.command("animate")
@click.option("--format", "fmt", type=click.Choice(["gif", "mp4"]), default="gif", show_default=True)
@click.option("--size", type=click.Choice(["1200x675", "1080x1080"]), default="1200x675", show_default=True,
              help="Frame size in pixels (16:9 for the web, square for social media).")
@target_option("Target announcement whose deadlines get a held frame with the promise.")
@lang_option()
@click.option("--end", "end", default=None, metavar="YYYY-MM-DD",
              help="Last frame (default: the data's review date, else its newest event date).")
@out_options
@geodata_option
def animate(fmt: str, size: str, target_id: str, lang: str, end: str | None, out: Path, force: bool,
            geodata: Path | None) -> None:
    """Write the animated national timeline (GIF or MP4) and its manifest."""
    from coverage import animation

    last = as_of_date(end, "--end") if end is not None else None
    data = load(geodata)
    check_target(data, target_id)
    with reject("--end", kinds=(animation.AnimationError,)):
        movie = animation.Animation(data, target_id, lang, size, last)
    _check_writable(out)
    names = [f"{movie.name}.{fmt}", f"{movie.name}-{fmt}-manifest.json"]
    existing = [out / n for n in names if (out / n).exists()]
    if existing and not force:
        raise click.UsageError(f"{existing[0]} already exists; pass --force to overwrite it or choose another --out")
    files = movie.files(fmt)
    if len(files[names[0]]) > animation.MAX_BYTES:
        click.echo(f"Warning: {names[0]} is {len(files[names[0]]) / 1e6:.1f} MB, over the 5 MB many platforms "
                   "accept", err=True)
    try:
        write_files(out, files)
    except OSError as exc:
        fail(f"could not write the animation ({exc}); check the --out folder")
    click.echo(f"{names[0]}: {len(movie.frames)} frames, {movie.end_basis.replace('_', ' ')} {movie.end}, "
               f"{len(files[names[0]]) / 1e6:.2f} MB, written to {out}", err=True)
