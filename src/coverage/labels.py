"""Reader-facing names for the codes in the target table (milestone IDs and target kinds).

The data keeps short stable codes (``q1``, ``all-signatories``, ``state_count``) because URLs and the CLI
use them; every page and export shows these names instead (catalogue keys ``truth.milestone.*`` and
``truth.kind.*`` in both languages).
"""

from __future__ import annotations

from coverage.i18n import t


def milestone_label(milestone: str, lang: str) -> str:
    return t(f"truth.milestone.{milestone}", lang) if milestone else ""


def kind_label(kind: str, lang: str) -> str:
    return t(f"truth.kind.{kind}", lang)
