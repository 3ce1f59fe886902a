"""Reader-facing names and short texts that several pages, maps and exports show, each written once.

The data keeps short stable codes (``q1``, ``all-signatories``, ``state_count``, ``overdue``) because
URLs and the CLI use them; every page and export shows these names instead:

* milestones and target kinds (catalogue keys ``truth.milestone.*`` and ``truth.kind.*``);
* the state-name column for a language, and the names by INEGI code;
* a status with its date, and the "possible change" of a state whose next event has an uncertain date;
* the delay classes (one wording for the map legend, the tooltip, the state page and the snapshots).
"""

from __future__ import annotations

from coverage.i18n import format_partial, t

def milestone_label(milestone: str, lang: str) -> str:
    return t(f"truth.milestone.{milestone}", lang) if milestone else ""


def kind_label(kind: str, lang: str) -> str:
    return t(f"truth.kind.{kind}", lang)


def state_name_column(lang: str) -> str:
    """The column of the states table that names a state in ``lang``."""
    return "name_en" if lang == "en" else "name_es"


def state_names(states, lang: str) -> dict[str, str]:
    """State names by INEGI code (``cve_ent``) in the language."""
    return dict(zip(states["cve_ent"], states[state_name_column(lang)]))


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def status_since(row, lang: str) -> str:
    """'Operating since 21 March 2024' (or the status alone when no event dates it)."""
    since = format_partial(row["since"], lang)
    label = status_label(row["status"], lang)
    return t("ui.map.status_since", lang, status=label, since=since) if since else label


def possible_change(row, lang: str) -> str:
    """'Signed (July 2023)': the change a row's ``possible_status`` announces, or '' when there is none."""
    if not row["possible_status"]:
        return ""
    return f'{status_label(row["possible_status"], lang)} ({format_partial(row["possible_since"], lang)})'


def possible_sentence(row, lang: str) -> str:
    """'Possible change (uncertain date): Signed (July 2023)' on the map's card and the state page, or ''."""
    if not row["possible_status"]:
        return ""
    return t("ui.card.possible", lang, status=status_label(row["possible_status"], lang),
             since=format_partial(row["possible_since"], lang))


def delay_label(delay_class: str, lang: str) -> str:
    """The name of a delay class ('Overdue, still pending'), the same on every page, legend and export."""
    return t(f"delay.{delay_class}", lang)


def empty_filter(chosen: list[tuple[str, list[str]]], lang: str) -> str:
    """What to say over an empty facility map: each filter (its label, the values chosen) and what to do."""
    described = "; ".join(f"{label}: {', '.join(values) or t('facui.empty_none', lang)}" for label, values in chosen)
    return t("facui.empty", lang, filters=described)


# Column headers of the state page's tables (catalogue keys by column).
EVENT_COLUMNS = {"date": "state.event.date", "stage": "state.event.stage", "instrument": "state.event.instrument",
                 "note": "state.event.note", "source_url": "state.event.source", "certain": "state.event.certain"}
TARGET_COLUMNS = {"chosen": "state.target.chosen", "target_id": "state.target.id",
                  "announced": "state.target.announced", "announced_by": "state.target.by",
                  "milestone": "state.target.milestone", "target_date": "state.target.date",
                  "actual_date": "state.target.actual", "delay_days": "state.target.delay_days",
                  "delay": "state.target.delay", "source_url": "state.event.source"}


def column_names(keys: dict[str, str], lang: str) -> dict[str, str]:
    """``{column: catalogue key}`` → ``{column: header in lang}``, for ``DataFrame.rename``."""
    return {column: t(key, lang) for column, key in keys.items()}
