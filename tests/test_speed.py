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


WARM_RUN = r"""
import json, sys
sys.path[:0] = [%(root)r, %(src)r]
from streamlit.testing.v1 import AppTest
from coverage import network
app = AppTest.from_file(%(app)r, default_timeout=180)
app.run()  # AppTest's session, like the health check's, has no request headers
assert not app.exception, app.exception
import gc
print(json.dumps({"network_loaded": network._load.cache_info().currsize,
                  "geopandas": "geopandas" in sys.modules, "frozen": gc.get_freeze_count() > 0}))
"""


@pytest.mark.parametrize("warm, loaded, message", [
    (None, 0, None),  # the map page alone never loads the network
    ("", 0, None),
    ("unidades", 1, None),
    ("unidades,castillo", 1, "COVERAGE_WARM: 'castillo' is not a page the warm-up knows (unidades); nothing loaded"),
])
def test_the_warm_up_run_loads_the_data_of_the_pages_in_coverage_warm(warm, loaded, message):
    import os

    environ = {k: v for k, v in os.environ.items() if k not in ("COVERAGE_WARM", "COVERAGE_CLUES")}
    if warm is not None:
        environ["COVERAGE_WARM"] = warm
    code = WARM_RUN % {"root": str(ROOT), "src": str(ROOT / "src"), "app": str(ROOT / "app.py")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=environ)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # and still no geopandas for the map; the start's heap frozen whenever serve.py started the server
    assert result == {"network_loaded": loaded, "geopandas": False, "frozen": warm is not None}
    if message:
        assert message in done.stderr
    else:
        assert "COVERAGE_WARM" not in done.stderr


def test_a_visitors_session_is_never_the_warm_up_one(monkeypatch):
    import streamlit as st

    from views import _warm

    calls = []
    monkeypatch.setenv("COVERAGE_WARM", "unidades")
    monkeypatch.setitem(_warm.PAGES, "unidades", calls.append)
    monkeypatch.setattr(_warm, "freeze_the_start", lambda: calls.append("frozen"))  # not this test process
    monkeypatch.setattr(type(st.context), "headers", property(lambda self: {"Host": "localhost:8501"}))
    _warm.warm_up("es")
    assert calls == []
    monkeypatch.setattr(type(st.context), "headers", property(lambda self: {}))
    _warm.warm_up("es")
    assert calls == ["es", "frozen"]
    calls.clear()
    monkeypatch.delenv("COVERAGE_WARM")  # not started by scripts/serve.py (AppTest, a plain streamlit run)
    _warm.warm_up("es")
    assert calls == []


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


def test_the_html_table_escapes_every_cell_and_links_only_web_addresses():
    # the national status table is plain HTML (no data grid in the browser): text from data files stays text
    from coverage.html_table import html_table

    frame = pd.DataFrame({"State <b>": ["<script>alert(1)</script>", "Oaxaca"], "People": [1234567, 89],
                          "Source": ["javascript:alert(1)", "https://www.example.org/a?b=1&c=<2>"],
                          "Note": ["", None]})
    out = html_table(frame, 'label "quoted"', "es", links=("Source",))
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "State &lt;b&gt;" in out and 'aria-label="label &quot;quoted&quot;"' in out
    assert '<th scope="row">Oaxaca</th>' in out and ">1\u202f234\u202f567<" in out  # the page's number format
    assert 'href="javascript' not in out and ">javascript:alert(1)<" in out
    assert 'href="https://www.example.org/a?b=1&amp;c=&lt;2&gt;"' in out and ">example.org</a>" in out
    assert out.count(">—<") == 2  # empty and missing cells read as a dash
    assert html_table(frame, "x", "en").count(">1,234,567<") == 1
