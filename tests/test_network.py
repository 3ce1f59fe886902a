"""The embedded national facility network (CLUES 2023 cut): shape, counts, name rule, validation."""

import hashlib
import json

import pandas as pd
import pytest

from helpers import GEODATA
from coverage import clues, network, validation

NETWORK = GEODATA / network.NETWORK_FILE


@pytest.fixture(scope="module")
def build_record():
    return json.loads((GEODATA / network.NETWORK_BUILD).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalogue():
    return network.load_network()


def test_file_fits_its_budget_and_matches_its_build_record(build_record):
    assert NETWORK.stat().st_size <= 2_000_000
    assert build_record["output_sha256"] == hashlib.sha256(NETWORK.read_bytes()).hexdigest()
    assert build_record["output_bytes"] == NETWORK.stat().st_size


def test_every_row_kept_and_the_flagged_ones_not_drawn(catalogue, build_record):
    table = catalogue.table
    assert len(table) == 44_459 == build_record["rows"]
    assert set(clues.NORMALISED_COLUMNS) <= set(table.columns) and "unit_type" in table.columns
    flagged = table["coord_issue"].astype(str) != ""
    assert (table["mappable"] == ~flagged).all()
    assert int(table["mappable"].sum()) == build_record["rows_drawable"] == len(table) - int(flagged.sum())
    counts = table.loc[flagged, "coord_issue"].value_counts()
    assert counts["outside_mexico"] == 29  # the shared README's count, measured by the build
    assert {k: int(v) for k, v in counts.items() if v} == build_record["coord_issues"]
    assert (table.loc[flagged, "coord_detail"].str.len() > 10).all()  # each with its reason
    # the drawn points all lie in Mexico's box; every flagged one is listed as an issue of the catalogue
    x0, y0, x1, y1 = clues.MEXICO_BBOX
    drawn = table[table["mappable"]]
    assert drawn["lon"].between(x0, x1).all() and drawn["lat"].between(y0, y1).all()
    assert catalogue.issue_counts["outside_mexico"] + catalogue.issue_counts["outside_state"] == int(flagged.sum())


def test_catalogue_contract(catalogue):
    """What pages and the access-gap work rely on: a Catalogue, labelled, cached, keyed, grouped."""
    assert isinstance(catalogue, clues.Catalogue) and network.is_embedded(catalogue)
    assert network.load_network() is catalogue
    assert catalogue.release == "2023" and catalogue.key.startswith("network-")
    table = catalogue.table
    assert set(table["group"].astype(str)) <= set(clues.GROUPS)
    assert set(table["type"].astype(str)) <= set(clues.TYPES)
    assert set(table["unit_type"].astype(str)) <= set(network.UNIT_TYPES)
    assert (table["mobile"] == (table["unit_type"] == "unidad_movil")).all()
    assert (table["status"] == "operating").all()
    assert (table.loc[table["unit_type"] == "hospital", "type"] == "hospital").all()
    # no IMB code yet in 2023: the state-run units are the ones that passed later
    assert (table["inst_code"] != "IMB").all()
    summary = clues.summary(catalogue)
    assert summary["units_operating"] == 44_459 and summary["by_group"]["imss_bienestar"] == 0


def test_per_state_counts_equal_the_source(catalogue, shared_data, build_record):
    raw = pd.read_csv(shared_data / "facilities" / "national_2023" / "dataset_nacional.csv", dtype=str,
                      encoding="utf-8-sig")
    assert hashlib.sha256((shared_data / "facilities" / "national_2023" / "dataset_nacional.csv").read_bytes()
                          ).hexdigest() == build_record["source"]["sha256"]
    expected = raw["clave_entidad"].str.zfill(2).value_counts().sort_index()
    ours = catalogue.table["cve_ent"].astype(str).value_counts().sort_index()
    assert ours.to_dict() == expected.to_dict()
    assert len(ours) == 32 and ours.min() == 327 and ours.max() == 3_476  # README: 327–3,476 per state
    by_inst = raw["clave_institucion"].value_counts()
    assert catalogue.table["inst_code"].astype(str).value_counts().to_dict() == by_inst.to_dict()


# Real names from the 2023 file and the type the published rule gives them.
REAL_NAMES = {
    "HGZ 2 AGUASCALIENTES": "hospital",
    "HOSPITAL GENERAL JUAN MARÍA DE SALVATIERRA": "hospital",
    "HOSPITAL INTEGRAL, HUATABAMPO": "hospital",
    "UMF 1 AGUASCALIENTES": "clinica",
    "CLÍNICA DEL VALLE": "clinica",
    "CENTRO DE SALUD RURAL YAVARITOS": "centro_salud",
    "C.S.U. CROC PESQUERIA": "centro_salud",
    "R-01 EL SALTO": "centro_salud",
    "RURAL DE 01 NÚCLEO BÁSICO HUACHICHIL": "centro_salud",
    "TUXTLA (U.N.E.M.E. CISAME)": "uneme",
    "UNEME ENFERMEDADES CRÓNICAS RINCÓN DE ROMOS": "uneme",
    "CASA DE SALUD SAN PELAYO": "casa_salud",
    "CONSULTORIO MÉDICO QUIRÚRGICO": "consultorio",
    "FARMACIAS SIMILARES": "consultorio",
    "CARAVANA TLATLAUQUITEPEC": "unidad_movil",
    "UNIDAD MOVIL DE ALTA ESPECIALIDAD NO. 10": "unidad_movil",
    "ESI 2 PISAFLORES": "unidad_movil",
    "SAN JOSÉ TEACALCO": "other",
    "FUNDACION BEST A.C.": "other",
    "JURISDICCIÓN SANITARIA NO. 4": "other",
}


def test_name_rule_on_real_names(catalogue):
    names = set(catalogue.table["name"])
    assert set(REAL_NAMES) <= names, set(REAL_NAMES) - names  # they are real, not made up
    for name, expected in REAL_NAMES.items():
        assert network.infer_type(name) == expected, name
    stored = catalogue.table.drop_duplicates("name").set_index("name")["unit_type"]
    assert all(stored[name] == expected for name, expected in REAL_NAMES.items())


def test_type_counts_are_published_and_add_up(catalogue, build_record):
    counts = network.type_counts(catalogue.table)
    assert counts == build_record["unit_types"] and sum(counts.values()) == 44_459
    by_rule = {r["type"]: r["names"] for r in build_record["type_rules"]}
    assert by_rule == counts
    assert counts["hospital"] > 2_000 and counts["centro_salud"] > 6_000


def test_imss_bienestar_hospitals_carried_where_uniquely_matched(catalogue, build_record, shared_data):
    match = build_record["imss_bienestar_match"]
    directory = json.loads((shared_data / "facilities" / "imss_bienestar" / "clues.json").read_text(encoding="utf-8"))
    assert match["directory_units"] == len(directory) == 696
    carried = catalogue.table[catalogue.table["imb_clues"].notna()]
    assert len(carried) == match["matched"] == sum(v for k, v in match["reasons"].items() if k == "matched")
    assert sum(match["reasons"].values()) == 696
    assert carried["imb_clues"].is_unique and match["match_rate"] > 0.8
    by_code = {d["clues"]: d for d in directory}
    for row in carried.itertuples():
        unit = by_code[row.imb_clues]
        assert row.imb_level == unit["nivel"] and row.imb_typology == unit["tipologia"]
        assert row.cve_ent == clues.STATE_ABBR[row.imb_clues[:2]]
    assert set(carried["level"].astype(str)) <= {"2", "3"}
    # the directory's units were state-run (SSA) before the transfer
    assert carried["inst_code"].astype(str).isin(["SSA", "SME"]).all()


def test_validate_reports_a_broken_network_by_row(geodata_copy):
    path = geodata_copy / network.NETWORK_FILE
    stored = pd.read_parquet(path)
    stored.loc[4, "unit_type"] = "castle"
    stored.loc[9, "coord_issue"] = None
    stored.loc[9, "lat"] = 45.0
    stored.to_parquet(path, index=False)
    problems = [str(p) for p in validation.validate(geodata_copy)]
    assert any(p.startswith("network row 6 [unit_type]") and "castle" in p for p in problems), problems
    assert any(p.startswith("network row 11 [lat/lon]") and "outside Mexico" in p for p in problems), problems
    assert any("network_2023.parquet changed since its provenance" in p for p in problems), problems


def test_validate_reports_a_missing_network(geodata_copy):
    (geodata_copy / network.NETWORK_FILE).unlink()
    problems = [str(p) for p in validation.validate(geodata_copy)]
    assert any(p.startswith("network:") and "missing" in p for p in problems), problems


# ------------------------------------------------------------------------------ release 2026-04 counts

def test_release_202604_counts():
    counts = network.release_counts()
    assert int(counts["units"].sum()) == 63_800
    imb = counts[counts["inst_code"] == "IMB"].set_index("cve_ent")["units"]
    assert int(imb.sum()) == 10_571 and len(imb) == 25
    assert imb["13"] == 549 and imb["15"] == 1_248 and imb["12"] == 1_056  # Hidalgo, México, Guerrero
    by_inst = counts.groupby("inst_code")["units"].sum()
    assert by_inst["SSA"] == 20_413 and by_inst["SMP"] == 18_518 and by_inst["IMS"] == 5_868
    assert by_inst["IMO"] == 4_529


def test_release_counts_are_the_workbook_codes(shared_data):
    from openpyxl import load_workbook

    book = load_workbook(shared_data / "facilities" / "release_202604" / "CLUES_IMSS.xlsx", read_only=True)
    codes = [r[0] for r in book["HORARIOS_202604"].iter_rows(min_row=2, max_col=1, values_only=True) if r[0]]
    book.close()
    hidalgo_imb = sum(1 for c in codes if c.startswith("HGIMB"))
    assert len(codes) == len(set(codes)) == 63_800 and hidalgo_imb == 549


def test_state_counts_put_2023_beside_2026():
    frame = network.state_counts().set_index("cve_ent")
    assert len(frame) == 32 and int(frame["units_2023"].sum()) == 44_459
    assert int(frame["imb_2026"].sum()) == 10_571 and (frame["imss_bienestar_2023"] == 0).all()
    hidalgo = frame.loc["13"]
    assert hidalgo["imb_2026"] == 549 and hidalgo["ssa_2023"] == 825
    groups = [f"{g}_2023" for g in clues.GROUPS]
    assert (frame[groups].sum(axis=1) == frame["units_2023"]).all()
    share = frame["imb_share_public_2026"]
    assert share.between(0, 1).all() and share["14"] == 0  # Jalisco did not join


def test_validate_reports_broken_release_counts(geodata_copy):
    path = geodata_copy / network.RELEASE_COUNTS_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "99,IMB,-4"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in validation.validate(geodata_copy)]
    assert any(p.startswith("release-202604 row 4 [cve_ent]") for p in problems), problems
    assert any(p.startswith("release-202604 row 4 [units]") for p in problems), problems
