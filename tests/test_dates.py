import datetime as dt

import pytest

from coverage.dates import FIRST_AS_OF, DateError, parse_as_of, parse_partial, parse_url_date


@pytest.mark.parametrize("text, precision, earliest, latest", [
    ("2022-04-01", "day", "2022-04-01", "2022-04-01"),
    ("2022-02", "month", "2022-02-01", "2022-02-28"),
    ("2024-02", "month", "2024-02-01", "2024-02-29"),
    ("2023-Q1", "quarter", "2023-01-01", "2023-03-31"),
    ("2023-Q4", "quarter", "2023-10-01", "2023-12-31"),
    ("2024", "year", "2024-01-01", "2024-12-31"),
    ("2023-06-06/2023-09-01", "range", "2023-06-06", "2023-09-01"),
])
def test_partial_dates_become_the_interval_they_stand_for(text, precision, earliest, latest):
    when = parse_partial(text)
    assert (when.precision, when.earliest.isoformat(), when.latest.isoformat()) == (precision, earliest, latest)
    assert str(when) == text


@pytest.mark.parametrize("text", ["", "2023-13", "2023-Q5", "July 2022", "2023-02-30", "2023-09-01/2023-06-06"])
def test_malformed_partial_dates_are_rejected(text):
    with pytest.raises(DateError):
        parse_partial(text)


def test_as_of_accepts_the_modelled_window():
    today = dt.date(2026, 11, 23)
    assert parse_as_of("2021-12-01", today) == FIRST_AS_OF
    assert parse_as_of("2026-11-23", today) == today
    assert parse_as_of(dt.date(2023, 1, 1), today) == dt.date(2023, 1, 1)


@pytest.mark.parametrize("text, fragment", [
    ("2021-11-30", "before 2021-12-01"),
    ("2026-11-24", "in the future"),
    ("2023-02-30", "not a calendar date"),
    ("31/12/2023", "YYYY-MM-DD"),
    ("", "YYYY-MM-DD"),
])
def test_as_of_errors_say_what_is_wrong_and_what_to_do(text, fragment):
    with pytest.raises(DateError) as error:
        parse_as_of(text, dt.date(2026, 11, 23))
    assert fragment in str(error.value)


def test_url_dates_accept_iso_and_streamlit_microseconds():
    today = dt.date(2026, 11, 23)
    assert parse_url_date("2024-06-30", today) == dt.date(2024, 6, 30)
    assert parse_url_date("1719705600000000", today) == dt.date(2024, 6, 30)
    with pytest.raises(DateError):
        parse_url_date("99999999999999999", today)
