import datetime as dt
import json

import pytest
from click.testing import CliRunner

from coverage import gaps
from coverage.cli import main


def by_state(frame):
    return frame.set_index("cve_ent")


def test_nayarit_is_ahead_of_the_august_2022_promise(data):
    row = by_state(gaps.state_gaps(data, "2022-08", dt.date(2024, 12, 31))).loc["18"]
    assert row["target_date"] == "2023-06-30" and row["actual_date"] == "2022-04-01"
    assert row["delay_days"] == (dt.date(2022, 4, 1) - dt.date(2023, 6, 30)).days == -455
    assert row["delay_class"] == "ahead"


def test_a_january_2023_first_quarter_state_operating_in_2024_is_late_by_the_right_days(data):
    row = by_state(gaps.state_gaps(data, "2023-01", dt.date(2024, 12, 31))).loc["13"]  # Hidalgo, Q1 wave
    assert (row["milestone"], row["target_date"], row["actual_date"]) == ("q1", "2023-03-31", "2024-03-21")
    assert row["delay_days"] == (dt.date(2024, 3, 21) - dt.date(2023, 3, 31)).days == 356
    assert row["delay_class"] == "late_over_90"


def test_a_declining_state_is_declined_not_late(data):
    frame = by_state(gaps.state_gaps(data, "2022-08", dt.date(2024, 12, 31)))
    jalisco = frame.loc["14"]
    assert jalisco["delay_class"] == "declined" and pd_isna(jalisco["delay_days"])


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_a_state_still_outside_after_its_deadline_is_overdue_by_as_of_minus_target(data):
    row = by_state(gaps.state_gaps(data, "2022-08", dt.date(2024, 12, 31))).loc["05"]  # Coahuila
    assert row["delay_class"] == "overdue"
    assert row["delay_days"] == (dt.date(2024, 12, 31) - dt.date(2023, 6, 30)).days


def test_before_the_deadline_a_state_outside_is_not_due(data):
    row = by_state(gaps.state_gaps(data, "2022-08", dt.date(2023, 1, 1))).loc["15"]
    assert row["delay_class"] == "not_due" and pd_isna(row["delay_days"])


def test_month_precision_gives_a_delay_range_not_a_first_of_month(data):
    # Tlaxcala started operating "in April 2022": 1–30 April, against the 2023-06-30 deadline.
    row = by_state(gaps.state_gaps(data, "2022-08", dt.date(2024, 1, 1))).loc["29"]
    assert row["precision"] == "month"
    assert (row["delay_min_days"], row["delay_days"]) == (-455, -426)


def test_states_not_named_by_an_announcement_have_no_target(data):
    frame = by_state(gaps.state_gaps(data, "2023-01", dt.date(2024, 1, 1)))
    assert frame.loc["01", "delay_class"] == "no_target"  # Aguascalientes: "to be defined"
    assert frame.loc["16", "target_date"] == "2023-03-31"


def test_decision_basis_measures_the_first_signature(data):
    row = by_state(gaps.state_gaps(data, "2022-08", dt.date(2024, 1, 1), basis="decision")).loc["15"]
    assert row["actual_date"] == "2023-10-10" and row["delay_days"] == 102


def test_national_operating_count_at_end_of_2022_is_nine(data):
    series = gaps.progress(data, end=dt.date(2022, 12, 31))
    assert series.iloc[-1]["states_operating"] == 9
    assert series["states_operating"].is_monotonic_increasing


def test_progress_series_is_daily_and_carries_the_promise(data):
    series = gaps.progress(data, "2022-08", end=dt.date(2023, 7, 1)).set_index("date")
    assert series.index[0] == dt.date(2021, 12, 1) and len(series) == (dt.date(2023, 7, 1) - dt.date(2021, 12, 1)).days + 1
    assert pd_isna(series.loc[dt.date(2022, 12, 30), "promised_states_min"])
    assert series.loc[dt.date(2022, 12, 31), ["promised_states_min", "promised_states_max"]].tolist() == [13, 15]
    assert series.loc[dt.date(2023, 6, 30), "promised_states_min"] == 32


def test_coverage_share_promises_of_march_2023(data):
    series = gaps.progress(data, "2023-03", end=dt.date(2023, 10, 1)).set_index("date")
    assert series.loc[dt.date(2023, 3, 31), "promised_share"] == pytest.approx(0.399)
    assert series.loc[dt.date(2023, 6, 30), "promised_share"] == pytest.approx(0.565)
    assert series.loc[dt.date(2023, 9, 30), "promised_share"] == pytest.approx(0.681)


def test_population_without_social_security_lands_near_the_government_denominator(data):
    universe = int(gaps.uninsured_universe(data).sum())
    assert universe == 32_999_713 + 32_842_765 + 958_787 == 66_801_265
    assert 65_600_000 < universe < 67_000_000  # government: 65.6 M (Jan 2023) and 66.4 M (Mar 2023)


def test_the_journalists_question_for_2023_06_30(data):
    gap = gaps.national_gap(data, "2022-08", dt.date(2023, 6, 30))
    assert (gap.states_operating, gap.states_signed, gap.promised_states) == (12, 14, 32)
    assert gap.states_gap == 20
    assert gap.people_operating == 18_092_420
    assert gap.share_operating == pytest.approx(18_092_420 / 66_801_265)


def test_unknown_target_is_an_error_listing_the_choices(data):
    with pytest.raises(gaps.TargetError, match="choose one of: 2022-02, 2022-08"):
        gaps.state_gaps(data, "1999-01", dt.date(2024, 1, 1))


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def test_cli_gaps_json(run):
    result = run("gaps", "--target", "2023-01", "--as-of", "2024-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["target"] == "2023-01" and len(payload["rows"]) == 32
    hidalgo = next(r for r in payload["rows"] if r["cve_ent"] == "13")
    assert {"cve_ent", "state", "target_date", "actual_date", "delay_days", "delay_class", "precision"} <= set(hidalgo)
    assert hidalgo["delay_days"] == 356


def test_cli_progress_csv_and_targets(run):
    result = run("progress", "--target", "2022-08", "--as-of", "2022-12-31")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("date,states_signed,states_operating")
    assert lines[-1].startswith("2022-12-31,9,9,")
    listing = run("targets")
    assert listing.exit_code == 0 and "2023-03,2023-03-28" in listing.output


@pytest.mark.parametrize("args, message", [
    (["gaps", "--target", "2030-01"], "choose one of"),
    (["progress", "--target", "x"], "choose one of"),
    (["gaps", "--as-of", "2023-13-01"], "not a calendar date"),
    (["gaps", "--basis", "vibes"], "implementation"),
])
def test_cli_bad_input_exits_2_with_the_choices(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
