"""Dates as the sources give them: a day, a month, a quarter, a year or an explicit range.

A source that says "July 2022" does not say "2022-07-01".  Every partial date is kept as written
and turned into the interval it stands for, so the model can say both "certainly by" (the end of
the interval) and "possibly from" (its start).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from coverage.errors import RequestError

# The first federalization agreement (Nayarit) was signed on 2021-12-07; nothing earlier is modelled.
FIRST_AS_OF = dt.date(2021, 12, 1)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^\d{4}$")

PRECISIONS = ("day", "month", "quarter", "year", "range")


class DateError(RequestError, ValueError):
    """A date a user or a data file gave that cannot be used; the message says why and what to do.

    ``DateError(code, message, **values)``: ``code`` and ``values`` let the interface say the same
    thing in the reader's language (catalogue keys ``date_error.<code>``); ``str()`` is the English
    sentence for the CLI.
    """


@dataclass(frozen=True)
class PartialDate:
    text: str
    precision: str
    earliest: dt.date
    latest: dt.date

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest

    def __str__(self) -> str:
        return self.text


def _iso_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DateError("not_a_day", f"'{text}' is not a calendar date (expected YYYY-MM-DD)", value=text) from exc


def parse_partial(text: str) -> PartialDate:
    """Parse '2022-04-01', '2022-04', '2023-Q1', '2023' or '2023-06-06/2023-09-01'."""
    text = (text or "").strip()
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        start, end = _iso_day(start_text.strip()), _iso_day(end_text.strip())
        if end < start:
            raise DateError("range_order", f"range '{text}' ends before it starts", value=text)
        return PartialDate(text, "range", start, end)
    if _DAY.match(text):
        day = _iso_day(text)
        return PartialDate(text, "day", day, day)
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise DateError("not_a_day", f"'{text}' has no month {month}", value=text)
        return PartialDate(text, "month", dt.date(year, month, 1),
                           dt.date(year, month, calendar.monthrange(year, month)[1]))
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        last_month = 3 * quarter
        return PartialDate(text, "quarter", dt.date(year, last_month - 2, 1),
                           dt.date(year, last_month, calendar.monthrange(year, last_month)[1]))
    if _YEAR.match(text):
        year = int(text)
        return PartialDate(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise DateError("format", f"'{text}' is not a date; use YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY or start/end", value=text)


def parse_as_of(text: str | dt.date, today: dt.date | None = None) -> dt.date:
    """Validate an as-of date chosen by a user: a real day between 2021-12-01 and today."""
    today = today or dt.date.today()
    if isinstance(text, dt.datetime):
        day = text.date()
    elif isinstance(text, dt.date):
        day = text
    else:
        raw = str(text).strip()
        if not _DAY.match(raw):
            raise DateError("format", f"'{raw}' is not a date in the form YYYY-MM-DD (for example 2023-12-31)", value=raw)
        day = _iso_day(raw)
    if day < FIRST_AS_OF:
        raise DateError(
            "too_early",
            f"{day.isoformat()} is before {FIRST_AS_OF.isoformat()}, when the rollout begins; "
            f"choose a date from {FIRST_AS_OF.isoformat()} to {today.isoformat()}",
            value=day.isoformat(), first=FIRST_AS_OF.isoformat(), today=today.isoformat(),
        )
    if day > today:
        raise DateError(
            "future",
            f"{day.isoformat()} is in the future; choose a date from "
            f"{FIRST_AS_OF.isoformat()} to {today.isoformat()}",
            value=day.isoformat(), first=FIRST_AS_OF.isoformat(), today=today.isoformat(),
        )
    return day


def parse_url_date(text: str, today: dt.date | None = None) -> dt.date:
    """An as-of date from a link: ``YYYY-MM-DD``, or the microseconds since 1970 that Streamlit
    writes for a bound date slider after ``st.switch_page``; validated like :func:`parse_as_of`."""
    raw = str(text).strip()
    if raw.isdigit() and len(raw) > 10:
        try:
            day = (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=int(raw))).date()
        except (OverflowError, ValueError):  # past year 9999
            raise DateError("format", f"'{raw[:20]}' is not a date in the form YYYY-MM-DD", value=raw[:20]) from None
        return parse_as_of(day, today)
    return parse_as_of(raw, today)
