"""``imss-coverage facilities list|counts`` and ``imss-coverage municipalities``: the embedded
national facility network (CLUES 2023 cut), the 2026-04 counts and the municipal census.

Exit code 2 (with the reason on stderr): unknown state, bad format, or a ``--clues`` file that is not
a CLUES catalogue.  JSON output is an object with ``rows``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from coverage.cli.common import check_state, clues_option, echo_csv, format_option, load_clues

LIST_COLUMNS = ["clues", "inst_code", "inst_short", "group", "cve_ent", "mun_code", "municipality", "name",
                "unit_type", "type", "level", "mobile", "lat", "lon", "coord_issue", "coord_detail", "imb_level",
                "imb_typology"]


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))


def _source(catalogue) -> dict:
    from coverage import network

    if network.is_embedded(catalogue):
        return {"catalogue": "embedded", "release": catalogue.release,
                "label": "CLUES, 2023 cut, before the transfers to IMSS-BIENESTAR",
                "file": f"geodata/{network.NETWORK_FILE}", "sha256": catalogue.sources[0].sha256}
    return {"catalogue": "user", "release": catalogue.release, "release_basis": catalogue.release_basis,
            "files": [{"name": s.name, "sha256": s.sha256} for s in catalogue.sources]}


@click.group()
def facilities() -> None:
    """The national facility network embedded in the app (or a CLUES catalogue you give)."""


@facilities.command("list")
@click.option("--state", "state", default=None, metavar="CVE_ENT", help="Only this state (INEGI code 01–32).")
@clues_option("A CLUES catalogue (xlsx, CSV, parquet, or a folder) instead of the embedded 2023 network.")
@format_option("csv", "json", "geojson")
def list_command(state: str | None, clues_path: Path | None, output_format: str) -> None:
    """Every establishment, with institution group, type, coordinates and any coordinate problem.

    GeoJSON gives each establishment a point, or a null geometry when its coordinates are flagged
    (kept, never dropped; ``coord_issue`` says why).
    """
    from coverage import network

    code = check_state(state)
    catalogue = load_clues(clues_path) if clues_path is not None else network.load_network()
    table = catalogue.table
    if code:
        table = table[table["cve_ent"].astype(str) == code]
    frame = pd.DataFrame({c: (table[c] if c in table.columns else pd.NA) for c in LIST_COLUMNS})
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    if clues_path is not None:
        frame["unit_type"] = pd.NA  # a user catalogue states its type; the name rule is for the 2023 cut
        frame["status"] = table["status"].astype(str).to_numpy()
    if output_format == "csv":
        echo_csv(frame)
        return
    if output_format == "json":
        click.echo(json.dumps({"source": _source(catalogue), "state": code, "rows": _records(frame)},
                              ensure_ascii=False, indent=1))
        return
    drawable = table["mappable"].to_numpy(dtype=bool)
    features = []
    for record, ok in zip(_records(frame), drawable):
        geometry = {"type": "Point", "coordinates": [record["lon"], record["lat"]]} if ok else None
        features.append({"type": "Feature", "geometry": geometry, "properties": record})
    click.echo(json.dumps({"type": "FeatureCollection", "source": _source(catalogue), "state": code,
                           "features": features}, ensure_ascii=False))


@facilities.command("counts")
@format_option()
def counts_command(output_format: str) -> None:
    """Per state: units by institution group in the 2023 network, and the 2026-04 IMB and SSA codes.

    The 2026-04 figures count the CLUES codes of that release's national list, which has no status:
    SSA codes there include the closed records of units transferred to IMSS-BIENESTAR.
    """
    from coverage import network

    frame = network.state_counts()
    if output_format == "csv":
        echo_csv(frame)
        return
    click.echo(json.dumps({"release_2023": "CLUES 2023 cut (embedded network)",
                           "release_2026": network.RELEASE_2026,
                           "note": "2026-04 counts are CLUES codes of the release list (no status): SSA includes "
                                   "the closed records of transferred units",
                           "rows": _records(frame)}, ensure_ascii=False, indent=1))


@click.command("municipalities")
@click.option("--state", "state", default=None, metavar="CVE_ENT", help="Only this state (INEGI code 01–32).")
@format_option()
def municipalities_command(state: str | None, output_format: str) -> None:
    """Census 2020 per municipality with the bounded estimate of people without social security."""
    from coverage import municipalities

    code = check_state(state)
    frame = municipalities.census(cve_ent=code).copy()
    if output_format == "csv":
        echo_csv(frame)
        return
    click.echo(json.dumps({"source": "INEGI Censo 2020 (ITER), municipal totals", "state": code,
                           "estimator": "no_ss = min(PSINDER + PDER_SEGP + PDER_IMSSB, no_ss_high); "
                                        "no_ss_low <= no_ss <= no_ss_high <= POBTOT",
                           "rows": _records(frame)}, ensure_ascii=False, indent=1))
