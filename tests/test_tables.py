import csv
import json
from pathlib import Path

import pytest

from coverage import tables, validation


def rewrite(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys())
    rows = edit(rows) or rows
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def messages(root: Path) -> str:
    return "\n".join(str(p) for p in validation.validate(root))


def test_embedded_data_is_clean():
    assert validation.validate() == []


def test_load_types_the_tables():
    data = tables.load()
    assert len(data.states) == 32 and len(data.census) == 32
    assert data.census["POBTOT"].sum() == 126_014_024
    assert data.census["PSINDER"].sum() == 32_999_713
    assert set(data.events["stage"]) <= set(tables.STAGES)
    assert data.events["earliest"].le(data.events["latest"]).all()


def test_every_state_has_events_and_every_row_a_source():
    data = tables.load()
    assert sorted(data.events["cve_ent"].unique()) == list(tables.STATE_CODES)
    for frame in (data.events, data.targets):
        assert frame["source_url"].str.match(r"https?://").all()


def test_required_target_announcements_are_present():
    targets = tables.load().targets
    ids = set(targets["target_id"])
    assert {"2022-08", "2023-01", "2023-03", "2023-10", "2024-05"} <= ids
    shares = targets[targets["kind"] == "coverage_share"].set_index("milestone")["value"].astype(float)
    assert sorted(shares) == [39.9, 56.5, 68.1]
    all_by_mid_2023 = targets[(targets["target_id"] == "2022-08") & (targets["milestone"] == "all")].iloc[0]
    assert all_by_mid_2023["deadline"] == "2023-06-30" and all_by_mid_2023["states"] == "all"


@pytest.mark.parametrize("table, edit, expected", [
    ("states/state_codes.csv", lambda rows: rows[:-1], "must list each of the 32 states"),
    ("states/state_codes.csv", lambda rows: rows[8].update(iso_3166_2="MX-DIF"), "MX-CMX"),
    ("census_2020.csv", lambda rows: rows[0].update(PSINDER="abc"), "not a whole number"),
    ("census_2020.csv", lambda rows: rows[0].update(POBTOT=str(int(rows[0]["POBTOT"]) + 1)), "differs from INEGI"),
    ("rollout_events.csv", lambda rows: rows[0].update(stage="joined"), "is not one of"),
    ("rollout_events.csv", lambda rows: rows[0].update(source_url=""), "http(s) address"),
    ("rollout_events.csv", lambda rows: rows[0].update(date="2023-02-30"), "not a calendar date"),
    ("rollout_events.csv", lambda rows: rows[0].update(precision="month"), "has precision 'day'"),
    ("rollout_events.csv", lambda rows: rows[0].update(cve_ent="33"), "not a state code"),
    ("rollout_events.csv", lambda rows: [r for r in rows if r["cve_ent"] != "05"], "states without any event: 05"),
    ("rollout_events.csv", lambda rows: [r for r in rows if not (r["cve_ent"] == "18" and r["stage"] == "signed")],
     "operating without any signed agreement"),
    ("rollout_events.csv", lambda rows: rows.insert(0, rows.pop(1)), "out of order"),
    ("rollout_targets.csv", lambda rows: rows[0].update(kind="wish"), "is not one of"),
    ("rollout_targets.csv", lambda rows: rows[0].update(deadline="2021-01-01"), "before the announcement"),
    ("rollout_targets.csv", lambda rows: rows[3].update(states="16;99"), "distinct state codes"),
])
def test_a_broken_copy_of_each_table_is_rejected_with_a_readable_reason(geodata_copy, table, edit, expected):
    rewrite(geodata_copy / table, edit)
    report = messages(geodata_copy)
    assert expected in report
    # the edited file no longer matches the provenance descriptor either
    assert "changed since its provenance was recorded" in report
    with pytest.raises(tables.DataError):
        tables.load(geodata_copy)


def test_missing_column_and_missing_file_are_reported(geodata_copy):
    (geodata_copy / "census_2020.csv").unlink()
    path = geodata_copy / "rollout_targets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("announced_by", "who", 1), encoding="utf-8")
    report = messages(geodata_copy)
    assert "census_2020.csv is missing" in report
    assert "missing column(s): announced_by" in report


def test_broken_boundaries_are_rejected(geodata_copy):
    path = geodata_copy / "states.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = data["features"][:31]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "must hold the 32 states" in messages(geodata_copy)


def test_provenance_descriptor_describes_every_file():
    package = json.loads((tables.default_root() / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert set(tables.FILES.values()) <= paths
    for resource in package["resources"]:
        assert resource["sources"] and resource["licenses"] and resource["accessed"] and resource["derivation"]
