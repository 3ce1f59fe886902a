"""Provenance of the embedded data, read from geodata/datapackage.json, as tables people can read."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from coverage.i18n import format_partial, t
from coverage.labels import kind_label, milestone_label
from coverage.tables import Tables, localized


def datapackage(root: Path) -> dict:
    return json.loads((Path(root) / "datapackage.json").read_text(encoding="utf-8"))


def _text(node: dict, key: str, lang: str) -> str:
    """A datapackage title or derivation in the reader's language (``title_es`` beside ``title``)."""
    return node.get(f"{key}_es", node.get(key, "")) if lang == "es" else node.get(key, "")


def resources_table(root: Path, lang: str) -> pd.DataFrame:
    rows = []
    for resource in datapackage(root)["resources"]:
        rows.append({
            t("sources.resource", lang): f"{_text(resource, 'title', lang)} ({resource['path']})",
            t("sources.origin", lang): "; ".join(_text(s, "title", lang) or s.get("path", "") for s in resource["sources"]),
            t("sources.license", lang): ", ".join(_text(lic, "title", lang) or lic.get("name", "")
                                                 for lic in resource["licenses"]),
            t("sources.derivation", lang): _text(resource, "derivation", lang),
            t("sources.hash", lang): resource["hash"].removeprefix("sha256:")[:16] + "…",
        })
    return pd.DataFrame(rows)


def events_table(data: Tables, lang: str) -> pd.DataFrame:
    names = dict(zip(data.states["cve_ent"], data.states["name_en" if lang == "en" else "name_es"]))
    events = data.events
    return pd.DataFrame({
        t("table.state", lang): events["cve_ent"].map(names),
        t("sources.event.stage", lang): events["stage"].map(lambda s: t(f"status.{s}", lang)),
        t("sources.event.date", lang): events["date"].map(lambda d: format_partial(d, lang)),
        t("table.instrument", lang): localized(events, "instrument", lang),
        t("sources.event.note", lang): localized(events, "note", lang),
        t("table.source", lang): events["source_url"],
    })


def targets_table(data: Tables, lang: str) -> pd.DataFrame:
    names = dict(zip(data.states["cve_ent"], data.states["abbr"]))
    targets = data.targets

    def states(value: str) -> str:
        if value == "all":
            return "32"
        return ", ".join(names[c] for c in value.split(";")) if value else ""

    def value(row) -> str:
        if not row["value"]:
            return ""
        return f"{row['value']}–{row['value_max']}" if row["value_max"] else row["value"]

    return pd.DataFrame({
        "ID": targets["target_id"],
        t("truth.col.milestone", lang): targets["milestone"].map(lambda m: milestone_label(m, lang)),
        t("truth.col.announced_by", lang): localized(targets, "announced_by", lang),
        t("sources.target.announced", lang): targets["announced"].map(lambda d: format_partial(d, lang)),
        t("sources.target.deadline", lang): targets["deadline"].map(lambda d: format_partial(d, lang)),
        t("sources.target.kind", lang): targets["kind"].map(lambda k: kind_label(k, lang)),
        t("sources.target.states", lang): targets["states"].map(states),
        t("sources.target.value", lang): targets.apply(value, axis=1),
        t("sources.target.note", lang): localized(targets, "note", lang),
        t("table.source", lang): targets["source_url"],
    })
