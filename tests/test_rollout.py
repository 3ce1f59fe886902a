import datetime as dt

from coverage import rollout

ACUERDO_NACIONAL = {"02", "03", "04", "06", "07", "09", "12", "13", "15", "16", "17", "18", "20", "21", "23",
                    "24", "25", "26", "27", "28", "29", "30", "32"}


def status_on(data, day: str):
    return rollout.status_table(data, dt.date.fromisoformat(day)).set_index("cve_ent")


def test_nayarit_signed_before_and_operating_from_2022_04_01(data):
    before = status_on(data, "2022-03-31").loc["18"]
    after = status_on(data, "2022-04-01").loc["18"]
    assert before["status"] == "signed" and before["since"] == "2021-12-07"
    assert after["status"] == "operating" and after["since"] == "2022-04-01"
    assert after["source_url"].startswith("https://reporterostvn.com/")


def test_before_any_event_every_state_is_outside(data):
    table = status_on(data, "2021-12-06")
    assert set(table["status"]) == {"outside"}
    assert (table["source_url"] == "").all()


def test_counts_match_the_sourced_snapshots(data):
    # facts.md §3.2: 2022-08 → 3 operating, 4 signed, 6 census states in process, 19 outside.
    counts = rollout.headline(status_on(data, "2022-08-31").reset_index(), dt.date(2022, 8, 31)).counts
    assert (counts["operating"], counts["signed"], counts["in_process"], counts["outside"]) == (3, 4, 6, 19)
    # end of 2022: nine states federalized (NAY, TLAX, COL, SON, SIN, BCS, CAM, GRO, VER).
    end_2022 = status_on(data, "2022-12-31")
    assert set(end_2022.index[end_2022["status"] == "operating"]) == {"18", "29", "06", "26", "25", "03", "04", "12", "30"}


def test_the_23_acuerdo_nacional_states_are_signed_then_operating(data):
    signed = status_on(data, "2023-10-10")
    assert set(signed.index[signed["status"].isin(rollout.JOINED)]) == ACUERDO_NACIONAL
    operating = status_on(data, "2024-03-21")
    assert set(operating.index[operating["status"] == "operating"]) == ACUERDO_NACIONAL


def test_end_of_2023_has_23_in_and_9_out(data):
    table = status_on(data, "2023-12-31")
    joined = table["status"].isin(rollout.JOINED)
    assert joined.sum() == 23 and (~joined).sum() == 9
    assert set(table.index[table["status"] == "declined"]) == {"01", "08", "11", "14", "19", "22", "31"}  # Aguascalientes refused on 2023-09-21 (test_fact_check)


def test_a_later_agreement_does_not_demote_an_operating_state(data):
    # Nayarit signs the 2023-06-20 transfer convenio and the Acuerdo Nacional while already operating.
    row = status_on(data, "2023-10-11").loc["18"]
    assert row["status"] == "operating" and row["since"] == "2022-04-01"


def test_an_event_after_a_refusal_counts_again(data):
    # Durango: census state (2022-03), declined (2023-01-17), diagnostics again (2023-06-20).
    assert status_on(data, "2023-01-16").loc["10", "status"] == "in_process"
    assert status_on(data, "2023-01-17").loc["10", "status"] == "declined"
    assert status_on(data, "2023-06-20").loc["10", "status"] == "in_process"


def test_month_precision_counts_once_certain_and_is_flagged_before(data):
    # Tlaxcala started operating "in April 2022": possible during April, certain from 2022-04-30.
    mid_april = status_on(data, "2022-04-15").loc["29"]
    assert mid_april["status"] == "signed"
    assert (mid_april["possible_status"], mid_april["possible_since"]) == ("operating", "2022-04")
    end_april = status_on(data, "2022-04-30").loc["29"]
    assert end_april["status"] == "operating" and end_april["since_precision"] == "month"
    assert end_april["possible_status"] == ""


def test_status_rows_carry_census_figures(data):
    table = status_on(data, "2024-12-31")
    assert table.loc["15", "uninsured_2020"] == 5_672_574
    assert table["pop_2020"].sum() == 126_014_024


def test_headline_people_in_operating_states(data):
    table = rollout.status_table(data, dt.date(2024, 3, 21))
    summary = rollout.headline(table, dt.date(2024, 3, 21))
    expected = int(table.loc[table["status"] == "operating", "uninsured_2020"].sum())
    assert summary.uninsured_operating == expected
    assert 0.7 < summary.uninsured_operating_share < 0.8  # 23 states hold ~77 % of the uninsured


def test_status_of_with_synthetic_events():
    def event(stage, earliest, latest=None):
        return {"stage": stage, "earliest": dt.date.fromisoformat(earliest),
                "latest": dt.date.fromisoformat(latest or earliest), "date": earliest}

    events = [event("signed", "2022-01-10"), event("operating", "2022-03-01", "2022-03-31"),
              event("declined", "2022-06-01")]
    assert rollout.status_of(events, dt.date(2022, 1, 9)).status == "outside"
    assert rollout.status_of(events, dt.date(2022, 1, 10)).status == "signed"
    midway = rollout.status_of(events, dt.date(2022, 3, 15))
    assert midway.status == "signed" and midway.possible["stage"] == "operating"
    assert rollout.status_of(events, dt.date(2022, 4, 1)).status == "operating"
    assert rollout.status_of(events, dt.date(2022, 6, 1)).status == "declined"


def test_events_are_grouped_once_per_events_table_and_every_status_reads_them(data):
    """The grouping ``status_table`` and the animation's frames read is made once per events frame (it
    was redone on every date); another events frame gets its own; the statuses are ``status_table``'s."""
    import dataclasses

    from coverage import animation

    grouped = rollout.events_by_state(data)
    assert rollout.events_by_state(data) is grouped
    assert sum(len(rows) for rows in grouped.values()) == len(data.events)
    fewer = dataclasses.replace(data, events=data.events[data.events["earliest"] <= dt.date(2022, 1, 1)])
    assert rollout.events_by_state(fewer) is not grouped
    assert sum(len(rows) for rows in rollout.events_by_state(fewer).values()) == len(fewer.events) < len(data.events)
    for frame in animation.Animation(data, "2023-01", "en", "1200x675").frames:
        table = rollout.status_table(data, frame.day, "en")
        assert rollout.statuses_on(data, frame.day) == dict(zip(table["cve_ent"], table["status"])), frame.day
