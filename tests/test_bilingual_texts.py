"""Every text a reader sees is in the reader's language: no raw code, no "None", no other-language
announcer or instrument, on any page (Streamlit AppTest, both languages) or in the snapshot CSV."""

import datetime as dt
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from coverage import snapshot
from helpers.apptest import html_tables, open_app

PAGES = [("views/national_map.py", {}), ("views/rollout.py", {"meta": "2023-03"}), ("views/state.py", {}),
         ("views/state.py", {"estado": "21"}), ("views/facilities.py", {}), ("views/sources.py", {})]
# Codes that exist only in the data and the code: a cell or line equal to one is an untranslated code.
CODES = {"outside", "in_process", "signed", "partial", "operating", "declined", "states", "state_count",
         "coverage_share", "covered_people", "ahead", "late_90", "late_over_90",
         "overdue", "not_due", "no_target", "observed", "carried_forward"}
MISSING = {"None", "nan", "NaN", "<NA>", "NaT", "null"}
CODE_PATTERN = re.compile(r"\b(in_process|state_count|coverage_share|covered_people|late_over_90|not_due|no_target|"
                          r"carried_forward|all-signatories|count-2022|people-q[1-4]|share-q[1-3]|before-year-end|"
                          r"formal-operation|yucatan-(?:march|next-year))\b")


def _cells(frame: pd.DataFrame) -> list[str]:
    values = [str(c) for c in frame.columns]
    for column in frame.columns:
        values += ["<NA>" if v is pd.NA else str(v) for v in frame[column].tolist()]
    return values


def displayed(element) -> pd.DataFrame:
    """What the table shows.  Streamlit draws a null cell as "None" even under a Styler format, unless
    the grid has a placeholder for it (``views._widgets.data_table`` gives "—"): so the data itself must
    have no nulls, or a placeholder that is checked in their place; a Styler's display values on top."""
    frame, placeholder = element.value, element.proto.placeholder
    drawn_null = frame.isna().to_numpy() if placeholder else None  # cells the grid writes as the placeholder
    if placeholder:
        frame = frame.astype(object).where(~drawn_null, placeholder)
    frames = [frame]
    styler = element.proto.arrow_data.styler
    if styler.display_values:
        from streamlit import dataframe_util

        display = dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
        if placeholder:
            assert display.shape == frame.shape, (display.shape, frame.shape)
            display = display.astype(object).where(~drawn_null, placeholder)
        frames.append(display)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def page_texts(app: AppTest) -> list[str]:
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [e.value for e in getattr(app, kind)]
    for metric in app.metric:
        texts += [metric.label, str(metric.value)]
    for frame in app.dataframe:
        texts += _cells(displayed(frame))
    for table in html_tables(app):  # the national status table is plain HTML (issue 14)
        texts += [cell for row in table for cell in row]
    for component in app.get("component_instance"):
        if component.proto.component_name == "streamlit_folium.st_folium":
            texts.append(json.loads(component.proto.json_args)["html"])  # the legend a reader sees
    return texts


def problems(texts: list[str], foreign: set[str]) -> list[str]:
    found = []
    for text in texts:
        stripped = text.strip()
        if stripped in CODES or stripped in MISSING or stripped in foreign:
            found.append(stripped)
        elif match := CODE_PATTERN.search(text):
            found.append(match.group(0))
        elif re.search(r"\bNone\b", text):
            found.append(text[:80])
    return found


def foreign_texts(data, lang: str) -> set[str]:
    """Exact cells that would be the other language's version of a bilingual text."""
    other = "en" if lang == "es" else "es"
    found = set()
    for frame, bases in ((data.events, ("instrument", "note")), (data.targets, ("announced_by", "note"))):
        for base in bases:
            mine, theirs = set(frame[f"{base}_{lang}"]), set(frame[f"{base}_{other}"])
            found |= theirs - mine
    return found


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page, params", PAGES, ids=[f"{p}{q}" for p, q in PAGES])
def test_no_raw_code_none_or_other_language_on_any_page(data, page, params, lang):
    app = open_app(None if page == PAGES[0][0] else page, timeout=120, lang=lang, fecha="2023-12-31", **params)
    assert not app.exception, app.exception
    texts = page_texts(app)
    assert texts
    assert problems(texts, foreign_texts(data, lang)) == []


def test_the_checker_catches_what_it_should(data):
    assert problems(["in_process", "None", "plazo: all-signatories", "President López Obrador"],
                    foreign_texts(data, "es")) == ["in_process", "None", "all-signatories", "President López Obrador"]
    assert problems(["diagnóstico"], foreign_texts(data, "en")) == ["diagnóstico"]
    assert problems(["Operación parcial", "56.5 %"], foreign_texts(data, "es")) == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_state_timeline_and_targets_in_the_readers_language(data, lang):
    events = snapshot.state_events(data, "01", dt.date(2026, 12, 1), lang)
    assert set(events["instrument"]) <= set(data.events[f"instrument_{lang}"])
    assert set(events["note"]) <= set(data.events[f"note_{lang}"])
    targets = snapshot.targets_for_state(data, "05", dt.date(2024, 12, 31), "implementation", lang)
    assert set(targets["announced_by"]) <= set(data.targets[f"announced_by_{lang}"])
    # as the state page shows it: without the class code, numeric gaps drawn as a dash (exports.shown)
    shown_targets = targets.drop(columns=["delay_days", "delay_class"])
    assert problems(_cells(shown_targets) + _cells(events), foreign_texts(data, lang)) == []
