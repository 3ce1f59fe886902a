"""The municipal layer: census sums, the bounded estimator, the simplified boundaries."""

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from helpers import GEODATA
from coverage import municipalities, tables, validation


@pytest.fixture(scope="module")
def build_record():
    return json.loads((GEODATA / municipalities.BUILD_FILE).read_text(encoding="utf-8"))


def test_every_municipality_once_and_state_sums_equal_the_state_census():
    frame = municipalities.census()
    assert len(frame) == 2_469 and frame["cvegeo"].is_unique
    states = pd.read_csv(GEODATA / "census_2020.csv", dtype={"cve_ent": str}).set_index("cve_ent")
    sums = municipalities.state_totals()
    for column in states.columns:
        assert (sums[column] == states[column]).all(), column
    assert int(frame["POBTOT"].sum()) == tables.NATIONAL_POBTOT and int(frame["PSINDER"].sum()) == tables.NATIONAL_PSINDER
    # the plain definition adds up to the state definition the rest of the product uses
    definition = states["PSINDER"] + states["PDER_SEGP"] + states["PDER_IMSSB"]
    assert (sums["no_ss_plain"] == definition).all()


def test_estimator_never_above_the_population_and_within_its_bounds(build_record):
    frame = municipalities.census()
    plain = frame["PSINDER"] + frame["PDER_SEGP"] + frame["PDER_IMSSB"]
    assert (plain > frame["POBTOT"]).sum() == 27  # the count: the plain sum is impossible there
    assert (frame["no_ss_low"] <= frame["no_ss"]).all() and (frame["no_ss"] <= frame["no_ss_high"]).all()
    assert (frame["no_ss_high"] <= frame["POBTOT"]).all() and (frame["no_ss"] <= frame["PSINDER"] + frame["PDER_SS"]).all()
    assert (frame["no_ss"] == np.minimum(plain, frame["no_ss_high"])).all()
    assert (frame["share"] <= 1).all() and (frame["share_low"] <= frame["share"]).all()
    national = build_record["estimator"]["national"]
    assert national["no_ss_plain"] == 66_801_265 == int(plain.sum())
    assert national["no_ss_low"] <= national["no_ss"] <= national["no_ss_plain"]
    removed = build_record["estimator"]["double_counts_removed_by_state"]
    assert sum(removed.values()) == national["no_ss_plain"] - national["no_ss"]


def test_municipal_sums_equal_the_shared_census(shared_data):
    long = pd.read_csv(shared_data / "census" / "poblacion_salud.tsv", sep="\t", dtype={"municipality_id": str})
    ours = municipalities.census().set_index("cvegeo")
    for variable in ("POBTOT", "PSINDER", "PDER_SEGP", "PDER_IMSSB"):
        part = long[long["variable"] == variable]
        theirs = part.set_index(part["municipality_id"].str.zfill(5))["valor"]
        assert (ours[variable] == theirs.reindex(ours.index)).all(), variable


def test_boundaries_fit_the_budget_and_form_a_clean_coverage(build_record):
    path = GEODATA / municipalities.BOUNDARIES_FILE
    assert path.stat().st_size <= 1_500_000
    shapes = municipalities.shapes()
    assert len(shapes) == 2_469 and set(shapes.index) == set(municipalities.census()["cvegeo"])
    values = shapes.to_numpy()
    assert shapely.is_valid(values).all() and not shapely.is_empty(values).any()
    assert shapely.coverage_is_valid(values)  # no overlaps, shared borders identical
    union = shapely.union_all(values)
    assert sum(len(p.interiors) for p in shapely.get_parts(union)) == 0  # no gaps between neighbours
    simplification = build_record["simplification"]
    assert simplification["max_area_change_pct"] <= 2.0 and simplification["coverage_valid"]


def test_boundaries_keep_their_area_against_the_source(shared_data):
    import geopandas as gpd

    source = gpd.read_file(shared_data / "boundaries" / "mx_municipios_inegi_pop2020.geojson")
    source = source.set_index(source["cvegeo"].astype(str).str.zfill(5)).to_crs(6372)
    ours = gpd.GeoSeries(municipalities.shapes(), crs="EPSG:4326").to_crs(6372)
    change = (ours.area / source.area.reindex(ours.index) - 1).abs() * 100
    # gaps of the source were given to a neighbour: one municipality (Tlaxcala, 29023) grew 2.3 %
    assert (change <= 2.0).sum() >= 2_468 and change.max() < 2.5, change.nlargest(3)
    total = ours.area.sum() / source.area.sum()
    assert abs(total - 1) < 0.0001


def test_per_state_cut():
    hidalgo = municipalities.features(cve_ent="13")
    assert len(hidalgo) == 84 and all(f["properties"]["cvegeo"].startswith("13") for f in hidalgo)
    assert len(municipalities.census(cve_ent="13")) == 84
    assert sum(len(municipalities.features(cve_ent=c)) for c in tables.STATE_CODES) == 2_469


def test_validate_reports_an_estimate_above_the_population(geodata_copy):
    path = geodata_copy / municipalities.CENSUS_FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[2, "no_ss"] = str(int(frame.loc[2, "POBTOT"]) + 1)
    frame.loc[5, "POBTOT"] = "many"
    frame.to_csv(path, index=False)
    problems = [str(p) for p in validation.validate(geodata_copy)]
    assert any(p.startswith("municipalities row 7 [POBTOT]") for p in problems), problems
