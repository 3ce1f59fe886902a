"""The locality tables: the embedded 1,000+ table and user-supplied AGEEML / ITER catalogues."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

from helpers import GEODATA
from coverage import localities as L

AGEEML = "localities/AGEEML_HGO_20241031.csv"
SQLITE = "localities/localidades_pob1000plus.sqlite"


def _csv(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def _ageeml_row(**over) -> dict:
    row = {"CVEGEO": "130010001", "Estatus": "", "CVE_ENT": "13", "NOM_ENT": "Hidalgo", "CVE_MUN": "001",
           "NOM_MUN": "Acatlán", "CVE_LOC": "0001", "NOM_LOC": "Acatlán", "AMBITO": "U",
           "LATITUD": '20°08´45.251"N', "LONGITUD": '098°26´18.139"W', "LAT_DECIMAL": "20.14590300",
           "LON_DECIMAL": "-98.43837200", "POB_TOTAL": "439"}
    row.update(over)
    return row


def test_embedded_matches_its_source(shared_data):
    """Every row of the sqlite source is in the embedded table, with the same population and place."""
    table = L.load_embedded().table
    with sqlite3.connect(shared_data / SQLITE) as db:
        source = pd.read_sql("SELECT cvegeo, latitud, longitud, poblacion_total FROM localidades", db)
    assert len(table) == len(source)
    merged = table.merge(source, on="cvegeo", validate="one_to_one")
    assert len(merged) == len(source)
    assert (merged["population"].astype("int64") == merged["poblacion_total"]).all()
    assert (merged["lat"] - merged["latitud"]).abs().max() < 1e-6
    assert (merged["lon"] - merged["longitud"]).abs().max() < 1e-6
    assert table["population"].min() >= 1000
    assert table["cve_ent"].nunique() == 32


def test_build_script_reproduces_the_embedded_file(shared_data, tmp_path):
    folder = tmp_path / "localities"
    folder.mkdir()
    shutil.copy(GEODATA / "localities" / "build_localities.py", folder)
    done = subprocess.run([sys.executable, str(folder / "build_localities.py"), str(shared_data / SQLITE)],
                          capture_output=True, text=True, check=True)
    assert "10,635 localities" in done.stdout
    assert (folder / "localities_1000plus.csv").read_bytes() == (GEODATA / L.EMBEDDED).read_bytes()
    build = json.loads((folder / "build.json").read_text())
    assert build["source_sha256"] == hashlib.sha256((shared_data / SQLITE).read_bytes()).hexdigest()
    assert build == json.loads((GEODATA / "localities" / "build.json").read_text())


def test_embedded_is_refused_when_changed(geodata_copy):
    path = geodata_copy / L.EMBEDDED
    path.write_bytes(path.read_bytes().replace(b",863893", b",863894"))
    with pytest.raises(L.LocalitiesError, match="changed since its provenance"):
        L.load_embedded(geodata_copy)


def test_hidalgo_ageeml_masked_populations_are_unknown_not_zero(shared_data):
    full = L.load(shared_data / AGEEML)
    raw = pd.read_csv(shared_data / AGEEML, dtype=str, keep_default_na=False)
    masked = raw["POB_TOTAL"] == "-"
    assert full.kind == "ageeml"
    assert len(full.table) == len(raw)
    assert full.issue_counts["masked_population"] == int(masked.sum()) > 0
    assert full.table["masked"].sum() == masked.sum()
    assert full.table.loc[full.table["masked"], "population"].isna().all()
    assert full.summary()["population_known"] == pd.to_numeric(raw["POB_TOTAL"], errors="coerce").sum()
    # the decimal and the degrees-minutes-seconds columns agree
    assert (full.table["lat"] - raw["LAT_DECIMAL"].astype(float)).abs().max() < 1e-6


def test_dms_coordinates_are_read_when_there_is_no_decimal_column():
    row = _ageeml_row()
    del row["LAT_DECIMAL"], row["LON_DECIMAL"]
    table = L.from_bytes("hgo.csv", _csv([row])).table
    assert table.loc[0, "lat"] == pytest.approx(20.145903, abs=1e-6)
    assert table.loc[0, "lon"] == pytest.approx(-98.438372, abs=1e-6)


def test_iter_layout_skips_totals_and_reports_dwelling_rows():
    def iter_row(mun, loc, name, lat, lon, pop):
        return {"ENTIDAD": "13", "NOM_ENT": "Hidalgo", "MUN": mun, "NOM_MUN": "Acatlán", "LOC": loc,
                "NOM_LOC": name, "LONGITUD": lon, "LATITUD": lat, "ALTITUD": "2134", "POBTOT": pop}

    rows = [iter_row("000", "0000", "Total de la Entidad", "", "", "3082841"),
            iter_row("001", "0000", "Total del Municipio", "", "", "22268"),
            iter_row("001", "0001", "Acatlán", '20°08\'45.251" N', '98°26\'18.139" W', "439"),
            iter_row("001", "0002", "Otra", '20°07\'47.527" N', '98°25\'34.960" W', "*"),
            iter_row("001", "9998", "Localidades de una vivienda", "", "", "12"),
            iter_row("001", "9999", "Localidades de dos viviendas", "", "", "30")]
    result = L.from_bytes("ITER_13CSV20.csv", _csv(rows))
    assert result.kind == "iter"
    assert list(result.table["cve_loc"]) == ["0001", "0002"]
    assert result.issue_counts["aggregate_row"] == 4
    assert result.unplaced_people == 42
    assert result.issue_counts["masked_population"] == 1
    assert result.table["population"].isna().tolist() == [False, True]
    assert result.table.loc[0, "lon"] == pytest.approx(-98.438372, abs=1e-6)


def test_every_problem_is_reported():
    rows = [_ageeml_row(),
            _ageeml_row(),  # duplicate
            _ageeml_row(CVEGEO="130010002", CVE_LOC="0002", LAT_DECIMAL="", LON_DECIMAL="", LATITUD="", LONGITUD=""),
            _ageeml_row(CVEGEO="130010003", CVE_LOC="0003", LAT_DECIMAL="-98.4", LON_DECIMAL="20.1"),  # swapped
            _ageeml_row(CVEGEO="130010004", CVE_LOC="0004", LAT_DECIMAL="40.0", LON_DECIMAL="-3.7"),  # Madrid
            _ageeml_row(CVEGEO="130010005", CVE_LOC="0005", LAT_DECIMAL="19.43", LON_DECIMAL="-99.13"),  # CDMX
            _ageeml_row(CVEGEO="130010006", CVE_LOC="0006", POB_TOTAL="doce"),
            _ageeml_row(CVEGEO="130010007", CVE_LOC="0007", POB_TOTAL="-"),
            _ageeml_row(CVEGEO="990010008", CVE_ENT="99", CVE_LOC="0008")]
    result = L.from_bytes("broken.csv", _csv(rows))
    counts = result.issue_counts
    assert counts == {"no_coordinates": 1, "outside_mexico": 1, "swapped": 1, "outside_state": 1, "duplicate": 1,
                      "unknown_state": 1, "masked_population": 1, "bad_population": 1, "aggregate_row": 0}
    table = result.table.set_index("cve_loc")
    assert table.loc["0003", "lat"] == pytest.approx(20.1) and table.loc["0003", "lon"] == pytest.approx(-98.4)
    assert not table.loc["0004", "mappable"] and not table.loc["0002", "mappable"]
    assert pd.isna(table.loc["0006", "population"]) and pd.isna(table.loc["0007", "population"])
    assert len(result.table) == 7  # the duplicate and the unknown state are not localities we can use


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (b"PK\x03\x04rest", "format"),
    (b"a,b\n1,2\n", "columns"),
    (b"CVE_ENT,CVE_MUN,CVE_LOC,NOM_LOC,LAT_DECIMAL,LON_DECIMAL,POB_TOTAL\n", "no_rows"),
])
def test_unusable_files_say_why(data, code):
    with pytest.raises(L.LocalitiesError) as caught:
        L.from_bytes("x.csv", data)
    assert caught.value.code == code
    assert "x.csv" in str(caught.value)


def test_environment_variable_chooses_the_catalogue(shared_data, monkeypatch):
    monkeypatch.setenv(L.ENV_VAR, str(shared_data / AGEEML))
    assert L.from_env().kind == "ageeml"
    monkeypatch.delenv(L.ENV_VAR)
    assert L.from_env().embedded
    monkeypatch.setenv(L.ENV_VAR, "/no/such/file.csv")
    with pytest.raises(L.LocalitiesError, match="cannot be opened"):
        L.from_env()
