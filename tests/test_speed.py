"""Speed levers that must not cost correctness (issue 14): what the first script run imports and checks."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from coverage import network, tables, validation
from helpers import ROOT

FIRST_RUN = r"""
import json, sys
sys.path[:0] = [%(root)r, %(src)r]
from streamlit.testing.v1 import AppTest
app = AppTest.from_file(%(app)r, default_timeout=120)
app.query_params["fecha"] = "2022-03-31"; app.query_params["lang"] = "es"
app.run()
assert not app.exception, app.exception
print(json.dumps(sorted(m for m in ("geopandas", "matplotlib", "pyproj", "altair") if m in sys.modules)))
"""


def test_the_national_map_first_run_imports_no_geopandas_matplotlib_pyproj_or_altair():
    # They cost seconds to import and only the exports, snapshots and distances use them; altair only the
    # progress and state pages' charts (the sidebar's time marks are plain HTML, coverage.timeline.marks_html).
    code = FIRST_RUN % {"root": str(ROOT), "src": str(ROOT / "src"), "app": str(ROOT / "app.py")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_app_start_leaves_the_network_rule_to_the_network_loader(geodata_copy):
    path = geodata_copy / network.NETWORK_FILE
    stored = pd.read_parquet(path)
    stored.loc[4, "unit_type"] = "castle"
    stored.to_parquet(path, index=False)
    # At start the changed file is still caught, by its provenance hash (cheap), not by the name rule.
    start = [str(p) for p in validation.validate(geodata_copy, include_network=False)]
    assert any("network_2023.parquet changed since its provenance" in p for p in start), start
    assert not any(p.startswith("network row") for p in start), start
    with pytest.raises(tables.DataError) as caught:
        network.load_network(geodata_copy)
    assert "network row 6 [unit_type]" in str(caught.value) and "castle" in str(caught.value)
    assert any(str(p).startswith("network row 6") for p in validation.validate(geodata_copy))  # `validate` CLI


def test_cached_national_results_are_the_computed_ones_and_private_to_each_caller():
    import dataclasses
    import datetime as dt

    from coverage import gaps, rollout

    data = tables.load()
    day = dt.date(2023, 6, 1)
    target = gaps.target_ids(data)[0]
    first = rollout.status_table(data, day, "en")
    pd.testing.assert_frame_equal(first, rollout._status_table(data, day, "en"))
    first.loc[0, "status"] = "changed by a caller"
    assert rollout.status_table(data, day, "en").loc[0, "status"] != "changed by a caller"
    gap = gaps.state_gaps(data, target, day, "decision", "es")
    pd.testing.assert_frame_equal(gap, gaps._state_gaps(data, target, day, "decision", "es", None))
    assert not gap.equals(gaps.state_gaps(data, target, day, "implementation", "es"))  # basis is in the key
    # another Tables object (other events) never sees this one's results
    fewer = dataclasses.replace(data, events=data.events[data.events["earliest"] <= dt.date(2022, 1, 1)])
    assert (rollout.status_table(fewer, day, "en")["status"] == "operating").sum() < (
        rollout.status_table(data, day, "en")["status"] == "operating").sum()
