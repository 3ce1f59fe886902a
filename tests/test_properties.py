"""Property-based tests (hypothesis) for the status model and the date handling.

For random event sets and dates: status never goes backwards in stage without a dated event that
explains it, it changes only on an event's "certainly past" day, the event behind a status is real,
and the delays the gap table reports agree with the dates it reports.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coverage import gaps, rollout
from coverage.dates import FIRST_AS_OF, DateError, parse_as_of, parse_partial, parse_url_date

STAGES = ("in_process", "signed", "operating", "declined")
RANK = {"outside": 0, "in_process": 1, "signed": 2, "operating": 3}
DAYS = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2026, 12, 31))
TODAY = dt.date.today()
AS_OF = st.dates(min_value=FIRST_AS_OF, max_value=TODAY)


@st.composite
def events(draw):
    """An event as the model sees it: a stage and the interval its partial date stands for."""
    earliest = draw(DAYS)
    width = draw(st.sampled_from([0, 0, 0, 29, 30, 90, 364]))
    return {"stage": draw(st.sampled_from(STAGES)), "earliest": earliest,
            "latest": earliest + dt.timedelta(days=width), "event_id": draw(st.integers(0, 10_000))}


EVENT_SETS = st.lists(events(), max_size=8)


@given(EVENT_SETS, DAYS, DAYS)
def test_status_never_goes_backwards_without_a_dated_event(evs, first, second):
    early, late = sorted((first, second))
    before, after = rollout.status_of(evs, early).status, rollout.status_of(evs, late).status
    certain_between = [e for e in evs if early < e["latest"] <= late]
    if before != after:
        # a change needs an event that became certain in between...
        assert certain_between, (before, after)
    if before != "declined" and after != "declined" and RANK[after] < RANK[before]:
        # ...and a step back in stage needs a public refusal in between
        assert any(e["stage"] == "declined" for e in certain_between), (before, after, evs)


@given(EVENT_SETS, DAYS)
def test_the_event_behind_a_status_is_certain_and_of_that_stage(evs, day):
    result = rollout.status_of(evs, day)
    if result.event is None:
        assert result.status == "outside"
        assert all(e["latest"] > day for e in evs)
    else:
        assert result.event in evs and result.event["latest"] <= day and result.event["stage"] == result.status
    if result.possible is not None:  # a possible change is one whose interval contains the day
        assert result.possible["earliest"] <= day < result.possible["latest"]
        assert result.possible["stage"] != result.status


@given(EVENT_SETS, DAYS)
def test_only_events_certainly_past_decide_the_status(evs, day):
    """Adding events that are not certain yet (or moving future ones) never changes today's status."""
    past = [e for e in evs if e["latest"] <= day]
    assert rollout.status_of(evs, day).status == rollout.status_of(past, day).status


@given(EVENT_SETS, DAYS)
def test_the_order_events_are_listed_in_does_not_matter(evs, day):
    assume(len({e["latest"] for e in evs}) == len(evs))  # ties on the same day keep the file's order
    assert rollout.status_of(evs, day).status == rollout.status_of(list(reversed(evs)), day).status


# --- dates ----------------------------------------------------------------------------------------

@st.composite
def partial_texts(draw):
    day = draw(DAYS)
    kind = draw(st.sampled_from(["day", "month", "quarter", "year", "range"]))
    if kind == "day":
        return kind, day.isoformat(), day
    if kind == "month":
        return kind, day.strftime("%Y-%m"), day
    if kind == "quarter":
        return kind, f"{day.year}-Q{(day.month - 1) // 3 + 1}", day
    if kind == "year":
        return kind, str(day.year), day
    end = day + dt.timedelta(days=draw(st.integers(0, 400)))
    return kind, f"{day.isoformat()}/{end.isoformat()}", day


@given(partial_texts())
def test_a_partial_date_is_the_interval_it_stands_for(case):
    kind, text, inside = case
    parsed = parse_partial(text)
    assert parsed.precision == kind and parsed.text == text
    assert parsed.earliest <= inside <= parsed.latest
    assert (parsed.latest + dt.timedelta(days=1)).day == 1 or kind in ("day", "range")  # ends on a period's last day
    if kind in ("month", "quarter", "year"):
        assert parsed.earliest.day == 1
    assert parsed.exact == (parsed.earliest == parsed.latest)


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_clear_date_error(text):
    try:
        parsed = parse_partial(text)
    except DateError as exc:
        assert exc.code in ("format", "not_a_day", "range_order") and str(exc)
    else:
        assert parsed.earliest <= parsed.latest


@given(AS_OF)
def test_a_url_date_round_trips_as_iso_and_as_streamlit_microseconds(day):
    micros = int((dt.datetime.combine(day, dt.time()) - dt.datetime(1970, 1, 1)).total_seconds()) * 1_000_000
    assert parse_url_date(day.isoformat(), TODAY) == day
    assert parse_url_date(str(micros), TODAY) == day


@given(st.one_of(st.text(max_size=40), st.integers(-10**17, 10**21).map(str)))
def test_a_url_date_is_in_range_or_rejected_with_a_code(raw):
    try:
        day = parse_url_date(raw, TODAY)
    except DateError as exc:
        assert exc.code in ("format", "not_a_day", "too_early", "future")
    except (OverflowError, ValueError) as exc:  # pragma: no cover - reported as a failure below
        pytest.fail(f"{raw!r} raised {type(exc).__name__} instead of a DateError: {exc}")
    else:
        assert FIRST_AS_OF <= day <= TODAY
        assert parse_as_of(day, TODAY) == day


@pytest.mark.parametrize("raw", ["253402300800000000", "99999999999999999999"])
def test_an_absurd_microsecond_date_is_a_date_error(raw):
    with pytest.raises(DateError):
        parse_url_date(raw, TODAY)


# --- delays against the real tables -------------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(as_of=AS_OF, target_index=st.integers(0, 50), basis=st.sampled_from(gaps.BASES))
def test_delays_agree_with_the_dates_shown(data, as_of, target_index, basis):
    ids = gaps.target_ids(data)
    target = ids[target_index % len(ids)]
    frame = gaps.state_gaps(data, target, as_of, basis)
    for row in frame.to_dict("records"):
        delay, low = row["delay_days"], row["delay_min_days"]
        if not row["target_date"]:
            assert row["delay_class"] == "no_target" and pd_na(delay)
            continue
        target_date = dt.date.fromisoformat(row["target_date"])
        if row["actual_date"]:  # joined: actual − target, as a range for a partial actual date
            actual = parse_partial(row["actual_date"])
            assert actual.latest <= as_of
            assert delay == (actual.latest - target_date).days and low == (actual.earliest - target_date).days
            assert low <= delay
            assert row["delay_class"] == ("ahead" if delay <= 0 else "late_90" if delay <= 90 else "late_over_90")
        elif row["status"] == "declined":
            assert row["delay_class"] == "declined"
        elif as_of > target_date:  # still out after the deadline: the delay runs to the as-of date
            assert delay == low == (as_of - target_date).days > 0 and row["delay_class"] == "overdue"
        else:
            assert pd_na(delay) and row["delay_class"] == "not_due"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=AS_OF, second=AS_OF)
def test_an_overdue_delay_grows_day_by_day_and_a_final_delay_is_fixed(data, first, second):
    early, late = sorted((first, second))
    a = gaps.state_gaps(data, gaps.DEFAULT_TARGET, early).set_index("cve_ent")
    b = gaps.state_gaps(data, gaps.DEFAULT_TARGET, late).set_index("cve_ent")
    for code in a.index:
        if a.at[code, "delay_class"] == "overdue" and b.at[code, "delay_class"] == "overdue":
            assert b.at[code, "delay_days"] - a.at[code, "delay_days"] == (late - early).days
        if a.at[code, "actual_date"]:  # once joined, the delay no longer depends on the as-of date
            assert b.at[code, "actual_date"] == a.at[code, "actual_date"]
            assert b.at[code, "delay_days"] == a.at[code, "delay_days"]


def pd_na(value) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
