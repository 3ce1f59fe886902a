"""The embedded boundaries: small enough for the browser, faithful to the source and to INEGI."""

import hashlib
import json

import geopandas as gpd
import pytest

from helpers import GEODATA

BOUNDARIES = GEODATA / "states.geojson"


@pytest.fixture(scope="module")
def build_record():
    return json.loads((GEODATA / "states.build.json").read_text(encoding="utf-8"))


def test_boundaries_fit_the_browser_budget():
    assert BOUNDARIES.stat().st_size <= 300_000


def test_build_record_matches_the_committed_file(build_record):
    assert build_record["output_sha256"] == hashlib.sha256(BOUNDARIES.read_bytes()).hexdigest()
    source = build_record["source"]
    assert source["npm_package"] and source["npm_version"] and len(source["tarball_sha256"]) == 64


def test_simplification_kept_every_state_within_2_percent(build_record):
    assert len(build_record["states"]) == 32
    for state in build_record["states"]:
        assert abs(state["area_change_pct"]) < 2.0, state["cve_ent"]
        assert state["vertices_after"] <= state["vertices_before"]


def test_boundaries_are_valid_and_keyed_by_inegi_code():
    frame = gpd.read_file(BOUNDARIES)
    assert sorted(frame["cve_ent"]) == [f"{n:02d}" for n in range(1, 33)]
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    assert frame.set_index("cve_ent").loc["09", "iso_3166_2"] == "MX-CMX"
    area_km2 = frame.to_crs(6372).area.sum() / 1e6
    assert 1.90e6 < area_km2 < 2.0e6  # INEGI: 1,964,375 km²


def test_boundaries_agree_with_inegi_cartography(shared_data):
    """Natural Earth is coarse, but each state must overlap INEGI's polygon of the same code."""
    ours = gpd.read_file(BOUNDARIES).set_index("cve_ent").to_crs(6372)
    inegi = gpd.read_file(shared_data / "boundaries" / "mx_states_inegi.geojson").set_index("CVE_ENT").to_crs(6372)
    inegi = inegi.loc[ours.index]
    assert (ours["iso_3166_2"] == inegi["ISO3166_2"]).all()
    overlap = ours.geometry.intersection(inegi.geometry, align=True).area
    union = ours.geometry.union(inegi.geometry, align=True).area
    iou = overlap / union
    assert iou.min() > 0.8, iou.idxmin()  # smallest: Ciudad de México, ~0.86
    ratio = ours.area / inegi.area
    assert ratio.between(0.85, 1.15).all(), ratio.to_dict()


def test_state_names_agree_with_inegi(shared_data):
    import csv

    with (GEODATA / "states" / "state_codes.csv").open(encoding="utf-8") as handle:
        ours = {row["cve_ent"]: row["name_official"] for row in csv.DictReader(handle)}
    inegi = json.loads((shared_data / "boundaries" / "mx_states_inegi.geojson").read_text(encoding="utf-8"))
    theirs = {f["properties"]["CVE_ENT"]: f["properties"]["NOMGEO"] for f in inegi["features"]}
    # that file shortens three names (Coahuila, Michoacán, Veracruz); the official one starts with it
    assert ours.keys() == theirs.keys()
    assert all(ours[code].startswith(theirs[code]) for code in ours), {c: (ours[c], theirs[c]) for c in ours}
