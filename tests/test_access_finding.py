"""The Hidalgo finding on the method page: recomputed from the sources, it equals the stored file."""

from __future__ import annotations

import importlib.util
import json

from helpers import GEODATA

AGEEML = "localities/AGEEML_HGO_20241031.csv"


def _builder():
    spec = importlib.util.spec_from_file_location("build_finding", GEODATA / "access" / "build_finding.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stored_finding_is_what_the_sources_give(shared_data):
    stored = json.loads((GEODATA / "access" / "hidalgo_finding.json").read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(_builder().compute(shared_data / AGEEML)))
    assert fresh == stored


def test_the_subset_misses_far_away_people():
    """The finding the page must state: the full catalogue finds people the 1,000+ table does not."""
    stored = json.loads((GEODATA / "access" / "hidalgo_finding.json").read_text(encoding="utf-8"))
    for rows in stored["scopes"].values():
        for row in rows:
            assert row["subset"]["people_beyond"] <= row["full"]["people_beyond"]
            assert row["missed_people"] == row["full"]["people_beyond"] - row["subset"]["people_beyond"]
    first = {r["km"]: r for r in stored["scopes"]["first_level"]}
    assert first[5]["full"]["localities_beyond"] > 10 * max(first[5]["subset"]["localities_beyond"], 1)
