"""How current the data is: the day the events were last reviewed, and what that means for a date.

A status on a date after the review is *carried forward* (the last reviewed event still stands), not
*observed*: nothing after the review day has been checked against the sources.
"""

from __future__ import annotations

import datetime as dt

from coverage.i18n import format_date, t
from coverage.tables import Tables


def reviewed(tables: Tables) -> dt.date:
    if tables.reviewed is None:
        raise ValueError("the tables carry no review date; load them with tables.load()")
    return tables.reviewed


def carried_forward(tables: Tables, as_of: dt.date) -> bool:
    return as_of > reviewed(tables)


def stamp(tables: Tables, as_of: dt.date, lang: str) -> str:
    """'eventos revisados al …' / 'events reviewed on …', plus the carried-forward warning when it applies."""
    text = t("truth.reviewed", lang, date=format_date(reviewed(tables), lang))
    if carried_forward(tables, as_of):
        text += " " + t("truth.carried_forward", lang, date=format_date(as_of, lang))
    return text


def record(tables: Tables, as_of: dt.date) -> dict:
    """The same facts for machine-readable outputs (CLI JSON, manifests)."""
    return {"data_reviewed": reviewed(tables).isoformat(),
            "status_basis": "carried_forward" if carried_forward(tables, as_of) else "observed"}
