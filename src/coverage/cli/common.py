"""What every ``imss-coverage`` command shares: options, loaders, output, and the one error mapping.

Command modules import from here and never from each other or from the group (``coverage.cli``),
so the package has no import circle (the pattern of datasette's ``publish/common.py``).

Errors and exit codes are decided here only: :func:`fail` is the one place a command exits with a
code, :func:`report` maps a :class:`~coverage.errors.CoverageError` to its message and exit code,
:func:`reject` turns one into click's "Invalid value for <option>" (exit 2).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from coverage import errors, exports, gaps, tables
from coverage.dates import parse_as_of
from coverage.tables import STATE_CODES

EXIT_FAILURE, EXIT_REQUEST = errors.EXIT_FAILURE, errors.EXIT_REQUEST
CLUES_HINT = "; give a CLUES file (xlsx, csv or parquet) or a folder of them"
UNKNOWN_STATE = "unknown state code '{}'; use a two-digit INEGI code 01–32 (e.g. 13 = Hidalgo)"


# --- errors: messages and exit codes -------------------------------------------------------------

def fail(message: str, exit_code: int = EXIT_REQUEST, prefix: str = "Error: ") -> NoReturn:
    """Say why on stderr (one sentence, never a traceback) and exit with ``exit_code``."""
    click.echo(f"{prefix}{message}", err=True)
    sys.exit(exit_code)


def report(error: errors.CoverageError, end: str = "") -> NoReturn:
    """The message and exit code of an error no option is to blame for."""
    if isinstance(error, errors.BrokenDataError):
        fail(f"{error}\nRun `imss-coverage validate` for the full report.", error.exit_code, prefix="")
    fail(f"{error}{end}", error.exit_code)


@contextmanager
def reject(param_hint: str, end: str = "", kinds: tuple = (errors.RequestError,)):
    """Inside, an error of ``kinds`` becomes click's "Invalid value for <param_hint>: <sentence><end>"."""
    try:
        yield
    except kinds as exc:
        raise click.BadParameter(f"{exc}{end}", param_hint=param_hint) from None


class Group(click.Group):
    """A command group whose commands' unhandled package errors end as :func:`report` says."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except errors.CoverageError as exc:
            report(exc)


# --- options -------------------------------------------------------------------------------------

def geodata_option(function):
    return click.option(
        "--geodata", type=click.Path(path_type=Path, file_okay=False), default=None,
        help="Folder with the embedded tables (default: the project's geodata/, or $COVERAGE_GEODATA).",
    )(function)


def format_option(*choices: str, default: str = "csv"):
    return click.option("--format", "output_format", type=click.Choice(list(choices or ("csv", "json"))),
                        default=default, show_default=True)


def lang_option(help: str | None = None):
    return click.option("--lang", type=click.Choice(["es", "en"]), default="es", show_default=True, help=help)


def as_of_option(help: str, required: bool = False):
    return click.option("--as-of", "as_of", default=None, required=required, metavar="YYYY-MM-DD", help=help)


def target_option(help: str = "Target announcement ID (see `imss-coverage targets`)."):
    return click.option("--target", "target_id", default=gaps.DEFAULT_TARGET, show_default=True, help=help)


def basis_option(function):
    return click.option(
        "--basis", type=click.Choice(gaps.BASES), default="implementation", show_default=True,
        help="Measure the first 'operating' (implementation) or first 'signed' (decision) date.")(function)


def clues_option(help: str):
    return click.option("--clues", "clues_path", type=click.Path(path_type=Path), default=None, help=help)


def out_options(function):
    """``--out`` (a folder, created if needed) and ``--force``."""
    function = click.option("--force", is_flag=True, help="Overwrite files that already exist.")(function)
    return click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
                        help="Output folder (created if needed).")(function)


# --- checks and loaders --------------------------------------------------------------------------

def as_of_date(value: str | None, param_hint: str = "--as-of") -> dt.date:
    """A date a command was given (2021-12-01 to today), today when none."""
    with reject(param_hint):
        return parse_as_of(value) if value is not None else dt.date.today()


def check_target(data: tables.Tables, target_id: str) -> str:
    with reject("--target", " (see `imss-coverage targets`)"):
        return gaps.check_target(data, target_id)


def state_code(value: str) -> str:
    """What was typed as a state, as its two-digit form ('9' → '09', ' 13 ' → '13'); not checked."""
    code = value.strip()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def check_state(value: str | None, end: str = "", shown: str | None = None) -> str | None:
    """An INEGI state code from ``--state`` (None stays None); else "unknown state code" (exit 2)."""
    if value is None:
        return None
    code = state_code(value)
    if code not in STATE_CODES:
        raise click.BadParameter(UNKNOWN_STATE.format(value if shown is None else shown) + end, param_hint="--state")
    return code


def load(geodata: Path | None) -> tables.Tables:
    """The embedded tables (or those of ``--geodata``); broken data ends with exit code 1."""
    try:
        return tables.load(geodata)
    except tables.DataError as exc:
        report(exc)


def load_clues(path: Path):
    """A CLUES catalogue given with ``--clues``; one that cannot be read is a bad ``--clues`` value."""
    from coverage import clues

    with reject("--clues", CLUES_HINT, (clues.CatalogueError,)):
        return clues.load(path, cache=clues.cache_dir())


def load_units(path: Path | None):
    """--clues, else $COVERAGE_CLUES, else the embedded national network."""
    from coverage import clues

    spec = str(path) if path else os.environ.get("COVERAGE_CLUES")
    if spec:
        try:
            return clues.load(spec, cache=clues.cache_dir())
        except clues.CatalogueError as exc:
            report(exc, ".")
    try:
        from coverage import network
    except ImportError:
        fail("no facility catalogue: pass --clues PATH or set COVERAGE_CLUES.")
    return network.load_network()


def load_localities(path: Path | None):
    """--localities, else $COVERAGE_LOCALITIES, else the embedded 1,000+ table."""
    from coverage import localities

    try:
        return localities.load(path) if path else localities.from_env()
    except localities.LocalitiesError as exc:
        report(exc, ".")


# --- output --------------------------------------------------------------------------------------

def echo_csv(frame) -> None:
    """The table as CSV on stdout (UTF-8 without the BOM the downloads carry for spreadsheets)."""
    sys.stdout.buffer.write(exports.csv_bytes(frame).removeprefix(b"\xef\xbb\xbf"))


def emit(frame, output_format: str, extra: dict | None = None) -> None:
    """A table as CSV, or as JSON ``{**extra, "rows": [...]}``; calendar days stay YYYY-MM-DD."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, dt.date)).any():
            frame[column] = frame[column].map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    if output_format == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        click.echo(json.dumps({**(extra or {}), "rows": records}, ensure_ascii=False, indent=2))
    else:
        echo_csv(frame)


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, payload in files.items():
        (folder / name).write_bytes(payload)
