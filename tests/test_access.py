"""The access gap: nearest unit per locality, people beyond X km, hand-checked and property-tested."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coverage import access, clues
from coverage import localities as L

AGEEML = "localities/AGEEML_HGO_20241031.csv"


def haversine_km(lat1, lon1, lat2, lon2, radius=6371.0088):
    """A second, independent method: great-circle distance on the mean-radius sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def units_frame(rows) -> pd.DataFrame:
    """A minimal normalised catalogue table: (lat, lon) or dicts overriding the defaults."""
    records = []
    for i, row in enumerate(rows):
        row = {"lat": row[0], "lon": row[1]} if isinstance(row, tuple) else row
        records.append({"clues": f"HGSSA{i:06d}", "name": f"Unidad {i}", "inst_code": "SSA", "inst_short": "SSA",
                        "group": "state", "cve_ent": "13", "level": "1", "type": "first_level", "mobile": False,
                        "status": "operating", "mappable": True, **row})
    return pd.DataFrame(records)


def places(rows, kind="table") -> L.Localities:
    """Localities from (lat, lon, population or None[, cve_mun])."""
    records = []
    for i, row in enumerate(rows):
        lat, lon, pop, *rest = row
        mun = rest[0] if rest else "001"
        records.append({"cve_ent": "13", "cve_mun": mun, "cve_loc": f"{i + 1:04d}", "cvegeo": f"13{mun}{i + 1:04d}",
                        "name": f"Loc {i + 1}", "municipality": f"Mun {mun}", "lat": lat, "lon": lon,
                        "population": pop, "masked": pop is None, "mappable": True})
    table = pd.DataFrame(records, columns=L.COLUMNS)
    table["population"] = table["population"].astype("Int64")
    return L.Localities(table=table, issues=pd.DataFrame(columns=["kind"]), source="test", kind=kind)


# ----------------------------------------------------------------------------------- hand-checked cases

def test_hand_checked_nearest_units_in_hidalgo(shared_data):
    """Five real localities: the nearest unit found by brute force over every unit on the sphere is the
    one the k-d tree found, and its distance agrees with the haversine within 0.5 %."""
    catalogue = clues.load(shared_data / "clues")
    units = access.scope_units(catalogue, "first_level")
    result = access.nearest(L.load(shared_data / AGEEML), catalogue, "first_level")
    table = result.table.set_index("cvegeo")
    for code in ("130010001", "130480001", "130690001", "130840001", "130280001"):
        row = table.loc[code]
        distances = [haversine_km(row["lat"], row["lon"], u.lat, u.lon) for u in units.itertuples()]
        best = int(np.argmin(distances))
        assert row["unit_clues"] == units.iloc[best]["clues"], code
        assert row["dist_km"] == pytest.approx(distances[best], rel=0.005, abs=0.005), code
        assert row["planar_km"] == pytest.approx(row["dist_km"], rel=0.01), code


def test_known_distance_on_a_meridian():
    """One degree of latitude at 20° N is 110.70 km on the WGS 84 ellipsoid (textbook value)."""
    result = access.nearest(places([(20.5, -99.0, 100)]), units_frame([(19.5, -99.0)]), "first_level")
    assert result.table.loc[0, "dist_km"] == pytest.approx(110.70, abs=0.05)
    assert result.table.loc[0, "dist_km"] == pytest.approx(haversine_km(20.5, -99, 19.5, -99), rel=0.005)


def test_scopes_select_the_right_units():
    table = units_frame([
        {"lat": 20.0, "lon": -99.0},  # SSA centre: every scope but hospital
        {"lat": 20.1, "lon": -99.0, "type": "hospital", "level": "2"},
        {"lat": 20.2, "lon": -99.0, "mobile": True},  # never
        {"lat": 20.3, "lon": -99.0, "group": "private", "inst_code": "SMP"},  # never (private)
        {"lat": 20.4, "lon": -99.0, "status": "closed"},  # never
        {"lat": 20.5, "lon": -99.0, "mappable": False},  # never
        {"lat": 20.6, "lon": -99.0, "group": "imss", "inst_code": "IMS"},  # public, first level, not uninsured
        {"lat": 20.7, "lon": -99.0, "group": "imss", "inst_code": "IMO", "level": ""},  # IMSS-Bienestar programme
        {"lat": 20.8, "lon": -99.0, "type": "first_level", "level": "2"},  # outpatient but second level
    ])
    picked = {scope: sorted(access.scope_units(table, scope)["lat"].tolist()) for scope in access.SCOPES}
    assert picked["public"] == [20.0, 20.1, 20.6, 20.7, 20.8]
    assert picked["first_level"] == [20.0, 20.6, 20.7]
    assert picked["hospital"] == [20.1]
    assert picked["uninsured"] == [20.0, 20.1, 20.7, 20.8]


def test_a_scope_without_units_measures_nothing_and_says_so():
    result = access.nearest(places([(20.0, -99.0, 500)]), units_frame([(20.0, -99.0)]), "hospital")
    summary = access.summary(result, 5)
    assert summary["units"] == 0 and summary["localities_measured"] == 0 and summary["share_beyond"] is None
    assert summary["people_not_measured"] == 500


def test_localities_of_states_outside_the_catalogue_are_not_measured():
    loc = places([(20.0, -99.0, 100), (19.0, -99.0, 200)])
    loc.table.loc[1, "cve_ent"] = "15"
    result = access.nearest(loc, units_frame([(20.0, -99.01)]), "first_level")
    assert result.partial and result.table["measured"].tolist() == [True, False]
    assert access.summary(result, 5)["people_not_measured"] == 200


def test_masked_population_is_counted_as_a_locality_not_as_people():
    result = access.nearest(places([(20.0, -99.0, None), (20.0, -98.0, 300)]), units_frame([(20.0, -99.0)]),
                            "first_level")
    summary = access.summary(result, 5)
    assert summary["localities_beyond"] == 1 and summary["people_beyond"] == 300
    result = access.nearest(places([(20.0, -98.0, None)]), units_frame([(20.0, -99.0)]), "first_level")
    summary = access.summary(result, 5)
    assert summary["localities_beyond"] == 1 and summary["localities_beyond_unknown_population"] == 1
    assert summary["people_beyond"] == 0 and summary["people_total"] == 0


@pytest.mark.parametrize("value, code", [("0", "km_range"), (-5, "km_range"), ("101", "km_range"),
                                         ("cinco", "km_text"), ("nan", "km_range"), ("", "km_text")])
def test_bad_distances_are_refused(value, code):
    with pytest.raises(access.AccessError) as caught:
        access.check_km(value)
    assert caught.value.code == code and "1" in str(caught.value) and "100" in str(caught.value)


def test_presets_and_defaults_fit_the_scope():
    for scope in access.SCOPES:
        assert access.DEFAULT_KM[scope] in access.PRESETS[scope]
        assert all(access.KM_MIN <= km <= access.KM_MAX for km in access.PRESETS[scope])
    assert access.DEFAULT_KM["first_level"] == 5 and access.DEFAULT_KM["hospital"] == 30


# ----------------------------------------------------------------------------------- properties

coordinate = st.tuples(st.floats(19.6, 21.4), st.floats(-99.9, -97.9))
locality = st.tuples(st.floats(19.6, 21.4), st.floats(-99.9, -97.9),
                     st.one_of(st.none(), st.integers(0, 50_000)), st.sampled_from(["001", "002", "003"]))
settings_ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_
@given(st.lists(locality, min_size=1, max_size=40), st.lists(coordinate, min_size=1, max_size=15),
       st.floats(1, 100), st.floats(1, 100))
def test_people_beyond_never_increases_with_the_distance(locs, units, km1, km2):
    result = access.nearest(places(locs), units_frame(units), "first_level")
    low, high = sorted((km1, km2))
    assert access.summary(result, high)["people_beyond"] <= access.summary(result, low)["people_beyond"]
    assert access.summary(result, high)["localities_beyond"] <= access.summary(result, low)["localities_beyond"]


@settings_
@given(st.lists(locality, min_size=1, max_size=40), st.lists(coordinate, min_size=1, max_size=15), st.floats(1, 100))
def test_beyond_never_exceeds_population_and_totals_add_up(locs, units, km):
    loc = places(locs)
    result = access.nearest(loc, units_frame(units), "first_level")
    known = int(loc.table["population"].fillna(0).sum())
    summary = access.summary(result, km)
    assert summary["people_total"] == known
    assert 0 <= summary["people_beyond"] <= summary["people_total"]
    states = access.state_gap(result, km)
    municipalities = access.municipal_gap(result, km)
    for frame in (states, municipalities):
        assert int(frame["population"].sum()) == known
        assert int(frame["people_beyond"].sum()) == summary["people_beyond"]
        assert (frame["people_beyond"] <= frame["population"]).all()
        assert int(frame["localities"].sum()) == len(loc.table)
    assert len(access.underserved(result, km)) == summary["localities_beyond"]


@settings_
@given(st.lists(locality, min_size=1, max_size=30), st.lists(coordinate, min_size=1, max_size=10),
       st.floats(1, 100), st.data())
def test_a_unit_next_to_a_locality_removes_it_from_the_beyond_set(locs, units, km, data):
    loc = places(locs)
    before = access.nearest(loc, units_frame(units), "first_level")
    target = data.draw(st.integers(0, len(locs) - 1))
    lat, lon = locs[target][0], locs[target][1]
    after = access.nearest(loc, units_frame([*units, (lat + 0.001, lon)]), "first_level")  # ~110 m north
    assert after.table.loc[target, "dist_km"] < 0.2
    beyond_before = set(access.underserved(before, km)["cvegeo"])
    beyond_after = set(access.underserved(after, km)["cvegeo"])
    assert loc.table.loc[target, "cvegeo"] not in beyond_after
    assert beyond_after <= beyond_before  # adding a unit never pushes anybody farther away
    assert (after.table["dist_km"] <= before.table["dist_km"] + 1e-9).all()


def test_state_rows_carry_the_rollout_status():
    from coverage import rollout, tables

    import datetime as dt

    data = tables.load()
    result = access.nearest(places([(20.0, -99.0, 100)]), units_frame([(20.0, -99.2)]), "first_level")
    frame = access.with_status(access.state_gap(result, 10), rollout.status_table(data, dt.date(2024, 6, 30), "es"))
    assert frame.loc[0, "state"] == "Hidalgo" and frame.loc[0, "status"] == "operating"
    assert frame.loc[0, "people_beyond"] == 100


def test_unknown_types_count_as_first_level_only_where_the_type_was_inferred():
    """Official catalogue: "other" is a support unit (left out).  Embedded network: "other" means the name
    did not say (a rural centre named after its village), counted as first level."""
    official = units_frame([{"lat": 20.0, "lon": -99.0, "type": "other", "level": ""}])
    assert access.scope_units(official, "first_level").empty
    inferred = official.assign(unit_type="other")
    assert len(access.scope_units(inferred, "first_level")) == 1
    assert access.scope_units(inferred.assign(unit_type="hospital", type="hospital"), "first_level").empty
