"""``imss-coverage access``: people living farther than X km (straight line) from a health unit.

Exit codes: 0 success, 2 the request or a file given cannot be used (bad distance, unknown scope or
state, unreadable catalogue).  Errors are one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from coverage import access, rollout, tables
from coverage.cli.common import (as_of_date, as_of_option, clues_option, echo_csv, format_option, lang_option,
                                 load_localities, load_units, state_code)
from coverage.tables import STATE_CODES


def _km(ctx, param, value):
    if value is None:
        return None
    try:
        return access.check_km(value)
    except access.AccessError as exc:
        raise click.BadParameter(str(exc)) from None


def _state(ctx, param, value):
    if value is None:
        return None
    code = state_code(value)
    if code not in STATE_CODES:
        raise click.BadParameter(f"'{value}' is not an INEGI state code; choose one of: {', '.join(STATE_CODES)}")
    return code


def gap_rows(result: access.Nearest, km: float, by: str, state: str | None, status):
    """The per-state or per-municipality table, each row next to its state's rollout status."""
    if by == "state":
        frame = access.with_status(access.state_gap(result, km), status)
        return frame if state is None else frame[frame["cve_ent"] == state]
    frame = access.with_every_municipality(access.municipal_gap(result, km, state), state)
    frame["municipality"] = access.census_names(frame["cvegeo"], frame["municipality"])
    return status[["cve_ent", "state", "status", "since"]].merge(frame, on="cve_ent", how="right")


@click.command("access")
@click.option("--state", callback=_state, default=None, metavar="CVE",
              help="INEGI state code 01–32: rows are its municipalities (default: all states).")
@click.option("--km", callback=_km, default=None, metavar="X",
              help="Distance threshold in km, 1–100 (default: 5 for first-level, public and uninsured, 30 for hospitals).")
@click.option("--scope", type=click.Choice(access.SCOPES), default="first_level", show_default=True,
              help="Units: first-level public, public hospitals, all public, or the network for people without social security.")
@click.option("--by", type=click.Choice(["state", "municipality"]), default=None,
              help="One row per state or per municipality (default: municipality with --state, else state).")
@click.option("--localities", "localities_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A full INEGI locality catalogue (AGEEML or ITER CSV) instead of the embedded 1,000+ table "
                   "(or $COVERAGE_LOCALITIES).")
@clues_option("A CLUES catalogue (file or folder) instead of the embedded national network (or $COVERAGE_CLUES).")
@as_of_option("Date of the rollout status (default: today).")
@format_option()
@lang_option("Language of the state names.")
def access_command(state, km, scope, by, localities_path, clues_path, as_of, output_format, lang) -> None:
    """People living farther than X km in a straight line from the nearest unit, per state or municipality."""
    day = as_of_date(as_of)
    km = km if km is not None else float(access.DEFAULT_KM[scope])
    by = by or ("municipality" if state else "state")
    places = load_localities(localities_path)
    catalogue = load_units(clues_path)
    result = access.nearest(places, catalogue, scope)
    status = rollout.status_table(tables.load(), day, lang)
    frame = gap_rows(result, km, by, state, status)
    for column in ("since",):
        frame[column] = frame[column].astype(str).replace({"None": "", "nan": ""})
    summary = access.summary(result, km, state)
    summary.update(as_of=day.isoformat(), by=by, state=state or "national",
                   catalogue_release=getattr(catalogue, "release", None))
    if output_format == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        click.echo(json.dumps({"rows": records, "summary": summary}, ensure_ascii=False, indent=2))
        return
    echo_csv(frame)
    people = summary["people_beyond"]
    share = summary["share_beyond"]
    click.echo(f"{people:,} of {summary['people_total']:,} people ({'—' if share is None else f'{100 * share:.1f} %'}) "
               f"live more than {km:g} km in a straight line from a unit of scope {scope}; "
               f"localities: {summary['localities_source']}.", err=True)
    if summary["units"] == 0:
        click.echo(f"Warning: the catalogue has no units of scope {scope}; nothing was measured.", err=True)
    if result.partial:
        click.echo("Warning: the catalogue covers only some states; localities elsewhere are not measured.", err=True)
