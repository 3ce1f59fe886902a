"""Provenance of the embedded data, read from geodata/datapackage.json, as tables people can read."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from coverage.i18n import format_partial, t
from coverage.tables import Tables


def datapackage(root: Path) -> dict:
    return json.loads((Path(root) / "datapackage.json").read_text(encoding="utf-8"))


def resources_table(root: Path, lang: str) -> pd.DataFrame:
    rows = []
    for resource in datapackage(root)["resources"]:
        rows.append({
            t("sources.resource", lang): f"{resource['title']} ({resource['path']})",
            t("sources.origin", lang): "; ".join(s.get("title", s.get("path", "")) for s in resource["sources"]),
            t("sources.license", lang): ", ".join(lic.get("title", lic.get("name", "")) for lic in resource["licenses"]),
            t("sources.derivation", lang): resource.get("derivation", ""),
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
        t("table.instrument", lang): events["instrument"],
        t("sources.event.note", lang): events["note"],
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
        "ID": targets["target_id"] + "/" + targets["milestone"],
        t("sources.target.announced", lang): targets["announced"].map(lambda d: format_partial(d, lang)),
        t("sources.target.deadline", lang): targets["deadline"].map(lambda d: format_partial(d, lang)),
        t("sources.target.kind", lang): targets["kind"],
        t("sources.target.states", lang): targets["states"].map(states),
        t("sources.target.value", lang): targets.apply(value, axis=1),
        t("sources.target.note", lang): targets["note"],
        t("table.source", lang): targets["source_url"],
    })
