"""``imss-coverage validate``, ``status``, ``targets``, ``gaps`` and ``progress``: the rollout tables.

Exit codes: 0 success, 1 the embedded data breaks a rule, 2 the user asked for something invalid.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from coverage import freshness, gaps, rollout, tables, validation
from coverage.cli.common import (EXIT_FAILURE, as_of_date, as_of_option, basis_option, check_target, echo_csv, emit,
                                 fail, format_option, geodata_option, lang_option, load, target_option)

STATUS_COLUMNS = ["cve_ent", "iso_3166_2", "state", "status", "since", "since_precision", "certain_since",
                  "instrument", "event_id", "source_url", "possible_status", "possible_since",
                  "pop_2020", "no_social_security_2020", "uninsured_2020", "data_reviewed", "status_basis"]


@click.command()
@geodata_option
def validate(geodata: Path | None) -> None:
    """Check every embedded table against its schema and the cross-table rules."""
    root = geodata or tables.default_root()
    problems = validation.validate(root)
    if problems:
        fail("\n".join([f"{len(problems)} problem(s) in {root}:", *(f"  - {p}" for p in problems)]),
             EXIT_FAILURE, prefix="")
    data = tables.load(root)
    click.echo(
        f"{root}: OK — {len(data.states)} states, {len(data.census)} census rows, "
        f"{len(data.events)} events, {data.targets['target_id'].nunique()} target announcements "
        f"({len(data.targets)} milestones); provenance hashes match datapackage.json"
    )


@click.command()
@as_of_option("Date to report (2021-12-01 to today; default: today).")
@format_option()
@lang_option("Language of the state names.")
@geodata_option
def status(as_of: str | None, output_format: str, lang: str, geodata: Path | None) -> None:
    """Status of every state on a date, with the event and source behind it."""
    day = as_of_date(as_of)
    data = load(geodata)
    table = rollout.status_table(data, day, lang)[STATUS_COLUMNS]
    if output_format != "json":
        echo_csv(table)
        return
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


@click.command()
@format_option()
@lang_option("Language of who announced and of the summaries.")
@geodata_option
def targets(output_format: str, lang: str, geodata: Path | None) -> None:
    """List the target announcements (IDs for --target) with their date and source."""
    emit(gaps.announcements(load(geodata), lang), output_format)


@click.command("gaps")
@target_option()
@as_of_option("Date (default: today).")
@basis_option
@format_option()
@lang_option()
@geodata_option
def gaps_command(target_id: str, as_of: str | None, basis: str, output_format: str, lang: str,
                 geodata: Path | None) -> None:
    """Per-state target date, actual date, delay in days and delay class."""
    day = as_of_date(as_of)
    data = load(geodata)
    check_target(data, target_id)
    frame = gaps.state_gaps(data, target_id, day, basis, lang)
    emit(frame, output_format, {"target": target_id, "as_of": day.isoformat(), "basis": basis})


@click.command()
@target_option()
@as_of_option("Last day of the series (default: today).")
@format_option()
@geodata_option
def progress(target_id: str, as_of: str | None, output_format: str, geodata: Path | None) -> None:
    """Daily national series from 2021-12-01: states signed/operating, coverage, and the promise."""
    day = as_of_date(as_of)
    data = load(geodata)
    check_target(data, target_id)
    frame = gaps.progress(data, target_id, end=day)
    emit(frame, output_format, {"target": target_id,
                                "universe_without_social_security": int(gaps.uninsured_universe(data).sum())})
