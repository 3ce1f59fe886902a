"""Command line: ``imss-coverage validate`` and ``imss-coverage status``.

Exit codes: 0 success, 1 the embedded data breaks a rule, 2 the user asked for something invalid.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from coverage import __version__, exports, freshness, gaps, rollout, tables
from coverage.dates import DateError, parse_as_of

STATUS_COLUMNS = ["cve_ent", "iso_3166_2", "state", "status", "since", "since_precision", "certain_since",
                  "instrument", "event_id", "source_url", "possible_status", "possible_since",
                  "pop_2020", "no_social_security_2020", "uninsured_2020", "data_reviewed", "status_basis"]


def _geodata_option(function):
    return click.option(
        "--geodata", type=click.Path(path_type=Path, file_okay=False), default=None,
        help="Folder with the embedded tables (default: the project's geodata/, or $COVERAGE_GEODATA).",
    )(function)


def _load(geodata: Path | None) -> tables.Tables:
    try:
        return tables.load(geodata)
    except tables.DataError as exc:
        click.echo(str(exc), err=True)
        click.echo("Run `imss-coverage validate` for the full report.", err=True)
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="imss-coverage")
def main() -> None:
    """IMSS-BIENESTAR coverage: rollout status, sources and data checks."""


@main.command()
@_geodata_option
def validate(geodata: Path | None) -> None:
    """Check every embedded table against its schema and the cross-table rules."""
    root = geodata or tables.default_root()
    problems = tables.validate(root)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {root}:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    data = tables.load(root)
    click.echo(
        f"{root}: OK — {len(data.states)} states, {len(data.census)} census rows, "
        f"{len(data.events)} events, {data.targets['target_id'].nunique()} target announcements "
        f"({len(data.targets)} milestones); provenance hashes match datapackage.json"
    )


@main.command()
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Date to report (2021-12-01 to today; default: today).")
@click.option("--format", "output_format", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--lang", type=click.Choice(["es", "en"]), default="es", show_default=True,
              help="Language of the state names.")
@_geodata_option
def status(as_of: str | None, output_format: str, lang: str, geodata: Path | None) -> None:
    """Status of every state on a date, with the event and source behind it."""
    day = _as_of(as_of)
    data = _load(geodata)
    table = rollout.status_table(data, day, lang)[STATUS_COLUMNS]
    if output_format == "json":
        summary = rollout.headline(table, day)
        payload = {
            "as_of": day.isoformat(),
            # the day the events were last checked; after it every status is carried forward, not observed
            **freshness.record(data, day),
            "counts": summary.counts,
            # the one headline (rollout.covered_people); equals `progress` people_operating on this date
            "people_without_social_security_in_operating_states": summary.covered,
            "share_of_people_without_social_security": round(summary.covered_share, 6),
            "universe_without_social_security": summary.universe,
            # secondary: census PSINDER only (no health affiliation at all)
            "secondary_without_health_affiliation_psinder_in_operating_states": summary.uninsured_operating,
            "states": table.to_dict("records"),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        sys.stdout.buffer.write(exports.csv_bytes(table).removeprefix(b"\xef\xbb\xbf"))


def _as_of(value: str | None) -> dt.date:
    try:
        return parse_as_of(value) if value is not None else dt.date.today()
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None


def _check_target(data: tables.Tables, target_id: str) -> str:
    if target_id not in gaps.target_ids(data):
        raise click.BadParameter(
            f"unknown target '{target_id}'; choose one of: {', '.join(gaps.target_ids(data))} "
            "(see `imss-coverage targets`)", param_hint="--target")
    return target_id


def _emit(frame, output_format: str, extra: dict | None = None) -> None:
    frame = frame.copy()
    for column in frame.columns:  # calendar days stay plain YYYY-MM-DD in both formats
        if frame[column].map(lambda v: isinstance(v, dt.date)).any():
            frame[column] = frame[column].map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    if output_format == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        click.echo(json.dumps({**(extra or {}), "rows": records}, ensure_ascii=False, indent=2))
    else:
        sys.stdout.buffer.write(exports.csv_bytes(frame).removeprefix(b"\xef\xbb\xbf"))


@main.command()
@click.option("--format", "output_format", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--lang", type=click.Choice(["es", "en"]), default="es", show_default=True,
              help="Language of who announced and of the summaries.")
@_geodata_option
def targets(output_format: str, lang: str, geodata: Path | None) -> None:
    """List the target announcements (IDs for --target) with their date and source."""
    _emit(gaps.announcements(_load(geodata), lang), output_format)


@main.command("gaps")
@click.option("--target", "target_id", default=gaps.DEFAULT_TARGET, show_default=True,
              help="Target announcement ID (see `imss-coverage targets`).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="Date (default: today).")
@click.option("--basis", type=click.Choice(gaps.BASES), default="implementation", show_default=True,
              help="Measure the first 'operating' (implementation) or first 'signed' (decision) date.")
@click.option("--format", "output_format", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--lang", type=click.Choice(["es", "en"]), default="es", show_default=True)
@_geodata_option
def gaps_command(target_id: str, as_of: str | None, basis: str, output_format: str, lang: str,
                 geodata: Path | None) -> None:
    """Per-state target date, actual date, delay in days and delay class."""
    day = _as_of(as_of)
    data = _load(geodata)
    _check_target(data, target_id)
    frame = gaps.state_gaps(data, target_id, day, basis, lang)
    _emit(frame, output_format, {"target": target_id, "as_of": day.isoformat(), "basis": basis})


@main.command()
@click.option("--target", "target_id", default=gaps.DEFAULT_TARGET, show_default=True,
              help="Target announcement ID (see `imss-coverage targets`).")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="Last day of the series (default: today).")
@click.option("--format", "output_format", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@_geodata_option
def progress(target_id: str, as_of: str | None, output_format: str, geodata: Path | None) -> None:
    """Daily national series from 2021-12-01: states signed/operating, coverage, and the promise."""
    day = _as_of(as_of)
    data = _load(geodata)
    _check_target(data, target_id)
    frame = gaps.progress(data, target_id, end=day)
    _emit(frame, output_format, {"target": target_id,
                                 "universe_without_social_security": int(gaps.uninsured_universe(data).sum())})


def _register_subcommands() -> None:
    from coverage.cli_access import access_command
    from coverage.cli_clues import clues
    from coverage.cli_network import facilities, municipalities_command
    from coverage.cli_snapshot import animate, snapshot

    main.add_command(clues)
    main.add_command(snapshot)
    main.add_command(access_command)
    main.add_command(animate)
    main.add_command(facilities)
    main.add_command(municipalities_command)


_register_subcommands()

if __name__ == "__main__":
    main()
