"""One meaning of "covered": people without social security in operating states, computed once.

The government's own universe for the 23 states was 53,245,470 people (80 %, El Financiero,
2023-10-10); ours (Censo 2020, PSINDER + PDER_SEGP + PDER_IMSSB) lands within 2 % of it.
"""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from coverage import gaps, rollout, tables
from coverage.cli import main
from coverage.i18n import format_int, t
from helpers.apptest import open_app


def cli_json(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("day", ["2022-12-31", "2023-12-31", "2024-03-21", "2025-06-30"])
def test_status_json_headline_equals_progress_on_the_same_date(day):
    status = cli_json("status", "--as-of", day, "--format", "json")
    series = cli_json("progress", "--as-of", day, "--format", "json")["rows"]
    assert series[-1]["date"] == day
    assert status["people_without_social_security_in_operating_states"] == series[-1]["people_operating"]


def test_headline_is_the_social_security_universe_not_psinder(data):
    day = dt.date(2024, 3, 21)
    summary = rollout.headline(rollout.status_table(data, day), day)
    census = data.census.set_index("cve_ent")
    operating = [c for c, s in rollout.status_table(data, day).set_index("cve_ent")["status"].items() if s == "operating"]
    by_hand = int((census.loc[operating, "PSINDER"] + census.loc[operating, "PDER_SEGP"]
                   + census.loc[operating, "PDER_IMSSB"]).sum())
    assert summary.covered == by_hand
    assert summary.universe == int(gaps.uninsured_universe(data).sum())
    assert summary.uninsured_operating == int(census.loc[operating, "PSINDER"].sum()) < summary.covered
    # The 23 Acuerdo Nacional states: government 53,245,470 (80 %); census-based figure within 2 %.
    assert abs(summary.covered / 53_245_470 - 1) < 0.02
    assert 0.77 < summary.covered_share < 0.80


def test_partial_operation_is_not_counted_as_covered(data):
    day = dt.date(2023, 12, 31)
    table = rollout.status_table(data, day)
    summary = rollout.headline(table, day)
    partial = table[table["status"] == "partial"]
    assert len(partial) > 0
    operating_only = int(table.loc[table["status"] == "operating", "no_social_security_2020"].sum())
    assert summary.covered == operating_only


@pytest.mark.parametrize("lang", ["es", "en"])
def test_home_page_headline_and_separate_outside_and_declined(lang):
    app = open_app(lang=lang, fecha="2024-06-30")
    assert not app.exception
    values = {m.label: m.value for m in app.metric}
    data = tables.load()
    day = dt.date(2024, 6, 30)
    summary = rollout.headline(rollout.status_table(data, day), day)
    assert values[t("truth.covered.label", lang)] == format_int(summary.covered, lang)
    assert values[t("truth.psinder.label", lang)] == format_int(summary.uninsured_operating, lang)
    assert values[t("status.declined", lang)] == str(summary.counts["declined"]) == "7"
    assert values[t("status.outside", lang)] == str(summary.counts["outside"])
    assert t("metric.outside", lang) not in values  # no merged "outside or declined" figure



@pytest.mark.parametrize("lang", ["es", "en"])
def test_state_card_gives_the_headline_definition_before_psinder(lang):
    # issue 9: the card of a state on the home page named only PSINDER ("without affiliation")
    from coverage.i18n import format_pct

    app = open_app(lang=lang, fecha="2024-06-30", estado="13")
    assert not app.exception
    card = "\n".join(m.value for m in app.markdown)
    # Hidalgo, census_2020.csv: PSINDER 928,550 + PDER_SEGP 1,097,048 + PDER_IMSSB 22,969 of POBTOT 3,082,841
    headline = t("ui.card.no_social_security", lang, people=format_int(2_048_567, lang),
                 share=format_pct(2_048_567 / 3_082_841, lang))
    psinder = t("ui.card.uninsured", lang, people=format_int(928_550, lang), share=format_pct(928_550 / 3_082_841, lang))
    assert headline in card and psinder in card
    assert card.index(headline) < card.index(psinder)
