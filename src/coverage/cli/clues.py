"""``imss-coverage clues …``: read, check and fetch the official CLUES facility catalogue.

Exit codes: 0 success, 1 the download failed (offline, server, checksum), 2 the file given cannot
be read as a CLUES catalogue.  Errors are one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from coverage import clues as _catalogue
from coverage.cli.common import fail, report


@click.group()
def clues() -> None:
    """The official CLUES catalogue of health establishments (DGIS)."""


@clues.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, dir_okay=True))
@click.option("--format", "output_format", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--no-cache", is_flag=True, help="Do not read or write the normalised copy in the cache folder.")
def summary(paths: tuple[Path, ...], output_format: str, no_cache: bool) -> None:
    """Counts of units in operation by state, institution group, level and type, and the validation report.

    PATHS: catalogue files (xlsx, CSV, parquet) or folders of them; default: $COVERAGE_CLUES.
    """
    facts = _catalogue.summary(_read(paths, no_cache))
    if output_format == "json":
        click.echo(json.dumps(facts, ensure_ascii=False, indent=2))
        return
    _print_summary(facts)


def _read(paths: tuple[Path, ...], no_cache: bool):
    spec: list[Path] = []
    for path in paths:
        spec += _catalogue.catalogue_paths(path)
    if not paths:
        env = os.environ.get("COVERAGE_CLUES")
        if not env:
            fail("no catalogue given; pass a file path or set COVERAGE_CLUES to one.")
        spec = _catalogue.catalogue_paths(env)
    if not spec:
        fail(f"no xlsx, CSV or parquet file found in {', '.join(map(str, paths))}.")
    try:
        return _catalogue.load(spec, cache=None if no_cache else _catalogue.cache_dir())
    except _catalogue.CatalogueError as exc:
        report(exc, ".")


def _print_summary(facts: dict) -> None:
    click.echo(f"Release: {facts['release'] or 'unknown'} (from {facts['release_basis'].replace('_', ' ')})")
    click.echo(f"Records: {facts['records']:,}; units in operation: {facts['units_operating']:,} "
               f"({facts['units_mobile']:,} mobile, {facts['units_mappable']:,} with usable coordinates)")
    for title, key in (("Institution group", "by_group"), ("Level of care", "by_level"), ("Type", "by_type")):
        click.echo(f"{title}: " + ", ".join(f"{k} {v:,}" for k, v in facts[key].items()))
    click.echo("By state: " + ", ".join(f"{k} {v['units']:,}" for k, v in facts["by_state"].items()))
    transfers = facts["transfers"]
    click.echo(f"Units transferred to IMSS-BIENESTAR (with a date): {transfers['units_with_transfer_date']:,}")
    problems = {k: v for k, v in facts["validation"].items() if v}
    click.echo("Validation: " + (", ".join(f"{k} {v:,}" for k, v in problems.items()) if problems else "no problems"))

@clues.command()
@click.option("--month", metavar="YYYYMM", default=None, help="A given release instead of the newest.")
@click.option("--base-url", default=None, metavar="URL",
              help="Where the monthly files are (default: the DGIS address, or $COVERAGE_CLUES_URL).")
@click.option("--sha256", "expected_sha256", default=None, help="Refuse the file unless it has this checksum.")
@click.option("--force", is_flag=True, help="Download again even when the release is already cached.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for the server.")
def fetch(month: str | None, base_url: str | None, expected_sha256: str | None, force: bool, timeout: float) -> None:
    """Download the newest official catalogue (resumable, verified, cached in $COVERAGE_CACHE)."""
    from coverage import clues_fetch

    if month is not None and not (len(month) == 6 and month.isdigit() and 1 <= int(month[4:]) <= 12):
        fail(f"--month {month!r} is not a month; write it as YYYYMM, e.g. 202501.")

    def progress(total, start):
        bar = click.progressbar(length=total, label="Downloading", file=sys.stderr, show_pos=True)
        if start:
            bar.update(start)
        return bar

    try:
        result = clues_fetch.fetch(month=month, base=base_url, expected_sha256=expected_sha256, force=force,
                                   timeout=timeout, progress=progress)
    except clues_fetch.FetchError as exc:
        report(exc)
    state = "already cached" if result.from_cache else "downloaded"
    click.echo(f"{result.path}")
    click.echo(f"Release {result.release}, {result.size:,} bytes, sha256 {result.sha256} ({state}).", err=True)
    click.echo(f"Use it with: COVERAGE_CLUES={result.path} streamlit run app.py", err=True)
