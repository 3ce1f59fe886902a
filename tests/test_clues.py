"""The CLUES catalogue: reading every official format, normalising, validating, counting once."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers import ROOT, require
from coverage import clues, tables

FIXTURES = ROOT / "tests" / "fixtures" / "clues"
FORMATS = ["ESTABLECIMIENTO_SALUD_202501.xlsx", "ESTABLECIMIENTO_SALUD_202501.parquet", "clues_utf8.csv",
           "CLUES_2024.csv"]


@pytest.fixture(scope="module")
def fixture_catalogue() -> clues.Catalogue:
    return clues.load(FIXTURES / "ESTABLECIMIENTO_SALUD_202501.parquet")


@pytest.mark.parametrize("name", FORMATS)
def test_every_official_format_gives_the_same_table(name):
    catalogue = clues.load(FIXTURES / name)
    reference = clues.load(FIXTURES / FORMATS[1])
    columns = ["clues", "group", "cve_ent", "level", "type", "mobile", "status", "lat", "lon", "name"]
    pd.testing.assert_frame_equal(catalogue.table[columns].astype(str), reference.table[columns].astype(str))
    assert catalogue.issue_counts == reference.issue_counts


def test_latin1_csv_with_68_columns_and_spelling_variants_is_read():
    raw, source = clues.read_raw((FIXTURES / "CLUES_2024.csv").read_bytes(), "CLUES_2024.csv")
    assert source.columns == 68 and source.detail in ("cp1252", "latin-1")
    catalogue = clues.load(FIXTURES / "CLUES_2024.csv")
    assert "ACATLÁN" in set(catalogue.table["name"])  # accents decoded, not mojibake
    assert catalogue.release == "2024" and catalogue.release_basis == "file_name"


def test_release_date_from_file_name_sheet_or_latest_movement():
    assert clues.load(FIXTURES / "ESTABLECIMIENTO_SALUD_202501.xlsx").release == "2025-01"
    data = (FIXTURES / "ESTABLECIMIENTO_SALUD_202501.xlsx").read_bytes()
    from_sheet = clues.from_bytes([("catalogo.xlsx", data)])
    assert (from_sheet.release, from_sheet.release_basis) == ("2025-01", "sheet")
    csv = clues.load(FIXTURES / "clues_utf8.csv")
    assert (csv.release, csv.release_basis) == ("2024-10", "latest_movement")


def test_normalised_table_is_compact_and_typed(fixture_catalogue):
    table = fixture_catalogue.table
    assert list(table.columns) == clues.NORMALISED_COLUMNS
    assert table["group"].dtype == "category" and table["lat"].dtype == "float64"
    assert set(table["type"].astype(str)) <= set(clues.TYPES)
    assert set(table["level"].astype(str)) <= set(clues.LEVELS)
    row = table.set_index("clues").loc["DFIST000045"]
    assert (row["group"], row["type"], row["level"], row["cve_ent"]) == ("issste", "hospital", "3", "09")


def test_every_invalid_case_is_reported_once_and_nothing_is_dropped_silently(fixture_catalogue):
    counts = fixture_catalogue.issue_counts
    assert counts == {"no_coordinates": 1, "outside_mexico": 1, "swapped": 1, "outside_state": 1,
                      "duplicate_clues": 1, "unknown_institution": 1, "unknown_state": 1}
    issues = fixture_catalogue.issues.set_index("kind")
    assert issues.loc["no_coordinates", "clues"] == "CSSSA000111"
    assert issues.loc["outside_mexico", "clues"] == "OCSSA000222"
    assert issues.loc["swapped", "clues"] == "YNSSA000333"
    assert issues.loc["outside_state", "clues"] == "SRSSA000444"
    assert issues.loc["duplicate_clues", "name"] == "ACATLÁN (REPETIDO)"
    assert issues.loc["unknown_institution", "inst_code"] == "XYZ"
    assert issues.loc["unknown_state", "clues"] == "XXSSA000777"
    table = fixture_catalogue.table.set_index("clues")
    # records with problems stay in the table (counted), only unmappable ones are off the map
    assert not table.loc["CSSSA000111", "mappable"] and not table.loc["OCSSA000222", "mappable"]
    assert table.loc["SRSSA000444", "mappable"] and table.loc["SRSSA000444", "coord_issue"] == "outside_state"
    # a swapped pair is corrected and still reported
    assert table.loc["YNSSA000333", ["lat", "lon"]].tolist() == [20.9674, -89.6237]
    assert len(fixture_catalogue.table) + counts["duplicate_clues"] == 17


def test_each_unit_counted_once_operating_records_only(fixture_catalogue):
    summary = clues.summary(fixture_catalogue)
    assert summary["records"] == 16 and summary["records_by_status"] == {"operating": 13, "closed": 3}
    assert summary["units_operating"] == 13
    assert summary["by_group"] == {"imss_bienestar": 3, "state": 6, "imss": 1, "issste": 1, "other_public": 1,
                                   "private": 1}
    assert summary["by_type"] == {"hospital": 3, "first_level": 10, "other": 0}
    assert summary["units_mobile"] == 1 and summary["units_mappable"] == 11


def test_closed_ssa_record_gives_its_successor_the_transfer_date(fixture_catalogue):
    table = fixture_catalogue.table.set_index("clues")
    assert table.loc["HGIMB000011", "predecessor"] == "HGSSA000016"
    assert table.loc["HGIMB000011", "transfer_date"] == pd.Timestamp("2024-07-18")
    assert table.loc["HGIMB000023", "transfer_date"] == pd.Timestamp("2024-10-28")
    assert pd.isna(table.loc["HGIMB005022", "transfer_date"])  # not transferred: no trace, no note
    timeline = clues.transfer_timeline(fixture_catalogue)
    assert timeline.to_dict("records") == [{"cve_ent": "13", "month": "2024-07", "units": 1, "cumulative": 1},
                                           {"cve_ent": "13", "month": "2024-10", "units": 1, "cumulative": 2}]


def test_points_filter_by_group_level_type_and_mobility(fixture_catalogue):
    assert len(clues.points(fixture_catalogue)) == 10
    assert len(clues.points(fixture_catalogue, include_mobile=True)) == 11
    assert len(clues.points(fixture_catalogue, groups=["imss_bienestar"])) == 2
    assert len(clues.points(fixture_catalogue, types=["hospital"])) == 3
    assert len(clues.points(fixture_catalogue, levels=["3"])) == 1
    assert clues.points(fixture_catalogue, groups=[]).empty


def test_state_metrics_join_the_census(fixture_catalogue):
    census = tables.load().census
    metrics = clues.state_metrics(fixture_catalogue, census).set_index("cve_ent")
    assert len(metrics) == 32
    hidalgo = metrics.loc["13"]
    # public fixed units in Hidalgo: IMB centre, IMB hospital, the unknown institution's unit
    assert hidalgo["public_units"] == 3 and hidalgo["public_hospitals"] == 1 and hidalgo["transferred"] == 2
    assert hidalgo["units_per_10k"] == pytest.approx(3 / (hidalgo["uninsured"] / 10_000))
    assert hidalgo["imb_share_first_level"] == pytest.approx(1 / 2)
    assert pd.isna(metrics.loc["01", "units_per_10k"])  # no units of Aguascalientes in the file: unknown, not 0


@pytest.mark.parametrize("name, data, code", [
    ("not_a_catalogue.csv", None, "not_catalogue"),
    ("broken.xlsx", None, "unreadable"),
    ("empty.csv", b"", "empty"),
    ("image.parquet", b"\x89PNG\r\n\x1a\n" + bytes(200), "unreadable"),
    ("binary.csv", bytes(range(256)) * 4, "binary"),
    ("half.csv", b"CLUES,LATITUD\nHGIMB000011,20.1\n", "missing_columns"),
])
def test_a_file_that_is_not_a_catalogue_gets_one_sentence(name, data, code):
    data = data if data is not None else (FIXTURES / name).read_bytes()
    with pytest.raises(clues.CatalogueError) as info:
        clues.from_bytes([(name, data)])
    assert info.value.code == code
    message = str(info.value)
    assert "\n" not in message and len(message) < 200 and name in message or code in ("binary",)


def test_disk_cache_is_keyed_by_content(tmp_path):
    data = (FIXTURES / "ESTABLECIMIENTO_SALUD_202501.parquet").read_bytes()
    first = clues.load_files([("ESTABLECIMIENTO_SALUD_202501.parquet", data)], cache=tmp_path)
    cached = list((tmp_path / "normalised").iterdir())
    assert len(cached) == 3
    again = clues.load_files([("ESTABLECIMIENTO_SALUD_202501.parquet", data)], cache=tmp_path)
    pd.testing.assert_frame_equal(first.table.astype(str), again.table.astype(str))
    assert again.issue_counts == first.issue_counts and again.release == "2025-01"


def test_catalogue_paths_accept_a_folder_or_a_list(tmp_path):
    a, b = tmp_path / "a.parquet", tmp_path / "b.csv"
    a.write_bytes(b"x"), b.write_bytes(b"y")
    assert clues.catalogue_paths(tmp_path) == [a, b]
    assert clues.catalogue_paths(f"{a}{__import__('os').pathsep}{b}") == [a, b]


# ------------------------------------------------------------------ the real Hidalgo extracts (../shared/data)

@pytest.fixture(scope="module")
def hidalgo() -> clues.Catalogue:
    from helpers import SHARED_DATA

    folder = SHARED_DATA / "clues"
    require(folder.is_dir(), f"{folder} is missing (set COVERAGE_SHARED_DATA)")
    return clues.load(folder)


def test_hidalgo_extract_512_imss_bienestar_units_in_operation(hidalgo):
    summary = clues.summary(hidalgo)
    assert hidalgo.release == "2025-01"
    assert summary["records"] == 1023 and summary["units_operating"] == 512
    assert summary["by_group"]["imss_bienestar"] == 512 and summary["by_state"]["13"]["units"] == 512
    assert summary["by_level"] == {"1": 512} and summary["by_type"]["first_level"] == 512
    assert summary["units_mobile"] == 20
    assert sum(summary["validation"].values()) == 0


def test_hidalgo_each_unit_is_the_successor_of_a_closed_ssa_record(hidalgo):
    live = clues.units(hidalgo)
    assert (live["inst_code"] == "IMB").all()
    traces = hidalgo.table[hidalgo.table["status"] == "closed"]
    assert len(traces) == 511 and (traces["closure_reason"] == clues.TRANSFER_REASON).all()
    linked = live["predecessor"].dropna()
    assert len(linked) == 511 and linked.is_unique and set(linked) == set(traces["clues"])
    # the one successor without a trace in the extract keeps its registration date, marked as such
    assert (live["transfer_basis"] == "registration").sum() == 1
    dates = live["transfer_date"].dt.date.value_counts()
    assert dates[dt.date(2024, 7, 18)] == 483 and dates[dt.date(2024, 10, 28)] == 28
    assert dates.sum() == 512


def test_hidalgo_transfer_timeline_and_metrics(hidalgo):
    timeline = clues.transfer_timeline(hidalgo, "13")
    assert dict(zip(timeline["month"], timeline["units"])) == {"2024-07": 483, "2024-09": 1, "2024-10": 28}
    metrics = clues.state_metrics(hidalgo, tables.load().census).set_index("cve_ent").loc["13"]
    assert metrics["transferred"] == 512 and metrics["imb_share_first_level"] == 1.0
    assert metrics["public_units"] == 492  # 512 minus 20 mobile units
