"""The corrections of the 2026-12 fact-check (issue 9), each pinned to the source that supports it.

Every test names the page and the words the corrected row rests on, so a later edit that undoes a
correction fails here with the evidence in view.
"""

import datetime as dt
import json

import pandas as pd
import pytest

from coverage import gaps, rollout
from coverage.cli import main


def status_on(data, day: str):
    return rollout.status_table(data, dt.date.fromisoformat(day)).set_index("cve_ent")


def event(data, event_id: str) -> dict:
    return data.events.set_index("event_id").loc[event_id].to_dict()


def test_aguascalientes_refused_in_september_2023_el_sol_del_centro(data):
    # El Sol del Centro, 2023-09-21: the governor «no está dispuesta a ceder la infraestructura de salud».
    refusal = event(data, "E01-03")
    assert (refusal["stage"], refusal["date"]) == ("declined", "2023-09-21")
    assert "elsoldelcentro.com.mx" in refusal["source_url"] and "no está dispuesta a ceder" in refusal["note_es"]
    assert status_on(data, "2023-09-20").loc["01", "status"] == "in_process"
    assert status_on(data, "2023-09-21").loc["01", "status"] == "declined"


def test_aguascalientes_is_declined_on_2024_06_30_la_jornada_2024_04_03(data):
    # La Jornada, 2024-04-03: IMSS-BIENESTAR counts it among «los ocho estados que decidieron no sumarse».
    row = status_on(data, "2024-06-30").loc["01"]
    assert row["status"] == "declined" and row["since"] == "2023-09-21"  # the first refusal still stands
    statement = event(data, "E01-04")
    assert (statement["stage"], statement["date"]) == ("declined", "2024-04-03")
    assert statement["source_url"].startswith("https://jornada.com.mx/noticia/2024/04/03/")
    assert "decidieron no sumarse" in statement["note_en"]


def test_aguascalientes_is_not_overdue_against_march_2023_it_declined(data):
    row = gaps.state_gaps(data, "2023-03", dt.date(2026, 12, 1)).set_index("cve_ent").loc["01"]
    assert row["delay_class"] == "declined" and pd.isna(row["delay_days"])


def test_talks_announced_by_one_side_do_not_put_aguascalientes_back_in_process(data):
    # Expansión Política, 2024-09-19: the IMSS director spoke of «conversaciones» with Aguascalientes; the
    # state answered «la postura sigue siendo la misma» (LJA.mx) and kept its system (El Clarinete, 2025-04).
    # The talks are told in the refusal's note, not as a stage: declined, never overdue, on every month-end.
    assert "conversaciones con Aguascalientes" in event(data, "E01-04")["note_es"]
    assert "la postura sigue siendo la misma" in event(data, "E01-04")["note_en"]
    for day in pd.date_range("2023-09-30", "2026-11-30", freq="ME").date:
        assert status_on(data, day.isoformat()).loc["01", "status"] == "declined", day
        row = gaps.state_gaps(data, "2023-03", day).set_index("cve_ent").loc["01"]
        assert row["delay_class"] == "declined", day


@pytest.mark.parametrize("code", ["05", "10"])
def test_coahuila_and_durango_counted_out_by_the_same_statement_then_announced(data, code):
    # La Jornada 2024-04-03 (declined), then the 2024-06-16/18 announcement (El Lector, 2024-06-19).
    assert status_on(data, "2024-04-03").loc[code, "status"] == "declined"
    later = status_on(data, "2024-06-30").loc[code]
    assert later["status"] == "in_process" and later["source_url"].startswith("https://eleese.com.mx/2024/06/19/")


@pytest.mark.parametrize("code", ["05", "10"])
def test_coahuila_durango_deadline_is_end_of_september_2024_robledo_el_lector(data, code):
    # El Lector (eleese.com.mx), 2024-06-19: «un plazo de tres meses -julio, agosto y septiembre-».
    row = gaps.state_gaps(data, "2024-06", dt.date(2024, 12, 31)).set_index("cve_ent").loc[code]
    assert row["target_date"] == "2024-09-30"
    target = data.targets.set_index(["target_id", "milestone"]).loc[("2024-06", "coahuila-durango")]
    assert "julio, agosto y septiembre" in target["note_en"] and "eleese.com.mx" in target["source_url"]


def test_formal_operation_date_cites_the_page_that_says_21_march(data):
    # El Quinto (Tamaulipas bulletin, 2024-01-18): «serán operadas formalmente a partir del 21 de marzo».
    formal = data.events[data.events["date"] == "2024-03-21"]
    assert len(formal) == 10
    assert (formal["stage"] == "operating").all()
    assert formal["source_url"].str.contains("elquinto.mx").all()
    assert formal["instrument_es"].str.startswith("operación formal").all()
    assert formal["note_en"].str.contains("serán operadas formalmente a partir del 21 de marzo").all()


def test_units_already_run_in_2023_are_partial_operation_not_signed_only(data):
    # Más por Más / Público, 2023-08-29: «ya iniciaron operaciones el Hospital General de Cuajimalpa»;
    # «ya opera 18 estados»; Ambas Manos: Puebla «empezó sus operaciones en el Hospital General del Norte».
    table = status_on(data, "2023-12-31")
    assert set(table.index[table["status"] == "partial"]) == {"13", "20", "21", "23", "24", "28"}
    assert table.loc["21", "source_url"].startswith("https://ambasmanos.mx/")
    # partial is not counted as operating in the headline; formal operation comes on 2024-03-21.
    assert status_on(data, "2024-03-21").loc["21", "status"] == "operating"


@pytest.mark.parametrize("code", ["21", "02"])
def test_puebla_and_baja_california_under_diagnosis_on_2023_06_20(data, code):
    # Reflexión 24 Informativo / Irradia Noticias, 2023-06-20: «se trabaja en el diagnóstico en Chiapas, Tabasco,
    # Baja California, Aguascalientes, Durango y Puebla».
    assert status_on(data, "2023-06-30").loc[code, "status"] == "in_process"


@pytest.mark.parametrize("event_id", ["E01-01", "E07-01", "E10-03", "E27-01"])
def test_states_under_diagnosis_are_no_longer_called_among_the_18(data, event_id):
    note = event(data, event_id)["note_en"]
    assert "Among the 18" not in note and note.startswith("Not among the 18")
    assert "diagnósticos en Chiapas" in note


def test_zacatecas_and_morelos_have_no_q1_2023_signature_cursor_en_la_noticia(data):
    # Cursor en la Noticia, 2023-03-28: «opera en once estados … dos más en proceso, Zacatecas y San Luis Potosí».
    assert (data.events["date"] == "2023-Q1").sum() == 0
    zac = event(data, "E32-02")
    assert (zac["stage"], zac["date"]) == ("in_process", "2023-03-28")
    assert event(data, "E32-03")["date"] == "2023-03-28/2023-05-10"  # operation cannot start before that report
    # Irradia Noticias, 2023-06-20: the states that «han firmado los acuerdos para la ejecución del IMSS-Bienestar».
    for event_id in ("E32-05", "E17-01"):
        signed = event(data, event_id)
        assert signed["stage"] == "signed" and signed["date"].endswith("/2023-06-20")
        assert "irradianoticias.com" in signed["source_url"]


def test_before_year_end_promise_of_2023_06_20_boveda_informativa(data):
    # Bóveda Informativa, 2023-06-20: «funcionando antes de que finalice el año».
    row = data.targets.set_index(["target_id", "milestone"]).loc[("2023-06", "before-year-end")]
    assert row["deadline"] == "2023-12-31" and len(row["states"].split(";")) == 18
    assert "antes de que finalice el año" in row["note_en"]


def test_yucatan_dated_targets_are_rows(data):
    yucatan = data.targets[data.targets["states"] == "31"]
    assert set(yucatan["deadline"]) == {"2026-01-01", "2026", "2026-03-31"}


def test_mexico_city_january_2023_conflict_is_recorded(data):
    note = data.targets.set_index(["target_id", "milestone"]).loc[("2023-01", "q2"), "note_en"]
    assert "disagree on Mexico City" in note


def test_yucatan_2026_signing_is_announced_not_confirmed_infobae(data):
    # Infobae, 2026-03-02: «ocho estados de la República aún no han firmado el convenio».
    note = event(data, "E31-03")["note_en"]
    assert "el próximo año" in note and "24 Horas Yucatán" in note
    latest = event(data, "E31-04")
    assert latest["stage"] == "in_process" and latest["note_en"].startswith("Signing announced, not confirmed")
    today = status_on(data, "2026-12-01")
    assert today.loc["31", "status"] == "in_process"
    assert (~today["status"].isin(rollout.JOINED)).sum() == 9  # Robledo says eight: the conflict is in the note


def test_no_range_ends_on_the_friday_the_communique_looked_back_to(data):
    # expresorgv.online: the communiqué was published after «el pasado viernes 1 de septiembre».
    assert not data.events["date"].str.endswith("/2023-09-01").any()
    assert data.events["date"].str.endswith("/2023-09-30").sum() == 6


def test_cli_status_on_the_fact_checked_dates():
    from click.testing import CliRunner

    runner = CliRunner()
    june_2024 = json.loads(runner.invoke(main, ["status", "--as-of", "2024-06-30", "--format", "json"]).output)
    assert next(s for s in june_2024["states"] if s["cve_ent"] == "01")["status"] == "declined"
    june_2023 = json.loads(runner.invoke(main, ["status", "--as-of", "2023-06-30", "--format", "json"]).output)
    assert {s["cve_ent"]: s["status"] for s in june_2023["states"] if s["cve_ent"] in ("02", "21")} == {
        "02": "in_process", "21": "in_process"}
