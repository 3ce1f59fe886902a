"""Provenance of the embedded data, read from geodata/datapackage.json: tables people can read, and the
hashes, layers and data versions a snapshot, an embed or an animation records in its manifest."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from coverage import __version__
from coverage.i18n import format_partial, t
from coverage.labels import kind_label, milestone_label, state_names, status_label
from coverage.tables import FILES, Tables, localized

INPUT_TABLES = ("states", "boundaries", "census", "events", "targets")


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
    names = state_names(data.states, lang)
    events = data.events
    return pd.DataFrame({
        t("table.state", lang): events["cve_ent"].map(names),
        t("sources.event.stage", lang): events["stage"].map(lambda s: status_label(s, lang)),
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


# ------------------------------------------------------------------ hashes and layers for manifests

def sha256_file(path: Path) -> str:
    return _sha256_cached(str(path), *_stat(path))


def _stat(path: Path) -> tuple[int, int]:
    stat = Path(path).stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=64)
def _sha256_cached(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_files(data: Tables) -> list[dict]:
    """Every embedded file a snapshot reads, with its sha256 (the datapackage descriptor too)."""
    entries = []
    for table in INPUT_TABLES:
        path = Path(data.root) / FILES[table]
        entries.append({"path": f"geodata/{FILES[table]}", "sha256": sha256_file(path), "bytes": path.stat().st_size})
    package = Path(data.root) / "datapackage.json"
    if package.is_file():
        entries.append({"path": "geodata/datapackage.json", "sha256": sha256_file(package),
                        "bytes": package.stat().st_size})
    return entries


def layers(data: Tables, catalogue=None) -> list[dict]:
    """Each layer with its source and release (or access) date, from geodata/datapackage.json."""
    try:
        resources = {r["path"]: r for r in datapackage(data.root)["resources"]}
    except (OSError, ValueError, KeyError):
        resources = {}
    out = []
    for table in INPUT_TABLES:
        resource = resources.get(FILES[table], {})
        sources = resource.get("sources", [])
        out.append({
            "layer": table,
            "title": resource.get("title", FILES[table]),
            "source": "; ".join(s.get("title", "") for s in sources),
            "url": next((s.get("url") or s.get("path") for s in sources if s.get("url") or s.get("path")), ""),
            "release": "2020" if table == "census" else resource.get("accessed", ""),
            "release_basis": "census year" if table == "census" else "date accessed",
            "sha256": resource.get("hash", "").removeprefix("sha256:"),
        })
    if catalogue is not None:
        out.append({
            "layer": "clues",
            "title": "CLUES catalogue of health establishments (DGIS, Secretaría de Salud)",
            "source": "DGIS", "url": "http://www.dgis.salud.gob.mx/contenidos/intercambio/clues_gobmx.html",
            "release": catalogue.release or "", "release_basis": catalogue.release_basis,
            "files": [{"name": s.name, "sha256": s.sha256, "rows": s.rows} for s in catalogue.sources],
        })
    return out


def data_versions(data: Tables, catalogue, lang: str) -> str:
    """One line naming the data versions: app version, each table's short hash, the CLUES release."""
    hashes = {e["path"]: e["sha256"][:8] for e in input_files(data)}
    parts = [f"app {__version__}"]
    for table in ("events", "targets", "census", "boundaries"):
        parts.append(f"{t('snapshot.layer.' + table, lang)} {hashes['geodata/' + FILES[table]]}")
    if catalogue is not None:
        parts.append(f"CLUES {catalogue.release or '?'} "
                     + ",".join(s.sha256[:8] for s in catalogue.sources))
    return t("snapshot.versions", lang, versions=" · ".join(parts))
