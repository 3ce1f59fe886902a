"""Shared by the bench scripts: where to import from, medians [min–max], table cells and rows, the
results file in ``bench/results/``.

The scripts run by path (``.venv/bin/python bench/run_bench.py``), so this folder is first on
``sys.path`` and ``import _common`` finds this module; importing it puts the test helpers
(``tests/helpers``: ``helpers.browser`` starts the app and drives Chromium), ``scripts/`` and ``src/``
on the path too, in this one place.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
for _folder in ("src", "scripts", "tests"):
    if str(ROOT / _folder) not in sys.path:
        sys.path.insert(1, str(ROOT / _folder))


def spread(values: list, digits: int | None = None) -> dict | None:
    """Median, min and max of the values that are not None (rounded to ``digits``); None when there are none."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    out = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    return {k: round(v, digits) for k, v in out.items()} if digits is not None else out


def cell(stat: dict | None, fmt: str, scale: float = 1.0) -> str:
    """``median [min–max]`` divided by ``scale`` in format ``fmt``; "–" for no value."""
    if not stat:
        return "–"
    return f"{stat['median'] / scale:{fmt}} [{stat['min'] / scale:{fmt}}–{stat['max'] / scale:{fmt}}]"


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table as lines: the header, its rule, one line per row."""
    return [f"| {' | '.join(header)} |", "|" + "---|" * len(header)] + [f"| {' | '.join(r)} |" for r in rows]


def write_results(prefix: str, report: dict, indent: int = 1, **dump) -> Path:
    """Write ``bench/results/<prefix>-<YYYYmmdd-HHMMSS>.json`` and say so; returns its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"{prefix}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(report, indent=indent, **dump) + "\n", encoding="utf-8")
    print(f"\nwritten {target.relative_to(ROOT)}", file=sys.stderr)
    return target
