"""Counting the catalogue: each physical unit once, points to draw, the summary, transfers per month,
the per-state facility metrics and a state's transfers next to its rollout events."""

from __future__ import annotations

import pandas as pd

from coverage.clues.schema import GROUPS, LEVELS, PUBLIC_GROUPS, TYPES, Catalogue


def units(catalogue: Catalogue | pd.DataFrame) -> pd.DataFrame:
    """Each physical unit once: the operating records."""
    table = catalogue.table if isinstance(catalogue, Catalogue) else catalogue
    return table[table["status"] == "operating"]


def points_mask(table: pd.DataFrame, groups=GROUPS, levels=LEVELS, types=TYPES, include_mobile: bool = False,
                cve_ent: str | None = None) -> pd.Series:
    """Which rows of ``table`` are drawable operating units passing the filters (``points`` uses it)."""
    mask = ((table["status"] == "operating") & table["mappable"] & table["group"].isin(list(groups))
            & table["level"].isin(list(levels)) & table["type"].isin(list(types)))
    if not include_mobile:
        mask &= ~table["mobile"]
    if cve_ent:
        mask &= table["cve_ent"] == cve_ent
    return mask


def points(catalogue: Catalogue, groups=GROUPS, levels=LEVELS, types=TYPES, include_mobile: bool = False,
           cve_ent: str | None = None) -> pd.DataFrame:
    """Operating units that can be drawn, filtered (empty selections mean nothing is shown)."""
    table = catalogue.table if isinstance(catalogue, Catalogue) else catalogue
    return table[points_mask(table, groups, levels, types, include_mobile, cve_ent)]


def _counts(frame: pd.DataFrame, column: str, order) -> dict[str, int]:
    counts = frame[column].value_counts()
    return {key: int(counts.get(key, 0)) for key in order if counts.get(key, 0) or key in GROUPS + TYPES}


def summary(catalogue: Catalogue) -> dict:
    """Counts of operating units by state, group, level and type, the validation report and release."""
    live = units(catalogue)
    by_state = {}
    for code, frame in live.groupby("cve_ent", observed=True):
        by_state[code] = {"units": len(frame), "groups": _counts(frame, "group", GROUPS),
                          "types": _counts(frame, "type", TYPES)}
    transfers = live[live["transfer_date"].notna()]
    return {
        "release": catalogue.release,
        "release_basis": catalogue.release_basis,
        "files": [s.__dict__ for s in catalogue.sources],
        "records": len(catalogue.table),
        "records_by_status": {k: int(v) for k, v in catalogue.table["status"].value_counts().items()},
        "units_operating": len(live),
        "units_mobile": int(live["mobile"].sum()),
        "units_mappable": int(live["mappable"].sum()),
        "by_group": _counts(live, "group", GROUPS),
        "by_level": {("none" if k == "" else k): v for k, v in _counts(live, "level", LEVELS).items()},
        "by_type": _counts(live, "type", TYPES),
        "by_state": dict(sorted(by_state.items())),
        "transfers": {
            "units_with_transfer_date": len(transfers),
            "by_basis": {k: int(v) for k, v in transfers["transfer_basis"].value_counts().items() if v},
            "by_date": {d.strftime("%Y-%m-%d"): int(n) for d, n in
                        transfers["transfer_date"].value_counts().sort_index().items()},
        },
        "validation": catalogue.issue_counts,
    }


def transfer_timeline(catalogue: Catalogue, cve_ent: str | None = None) -> pd.DataFrame:
    """Units transferred to IMSS-BIENESTAR per state and month: cve_ent, month (YYYY-MM), units, cumulative."""
    live = units(catalogue)
    live = live[live["transfer_date"].notna() & (live["group"] == "imss_bienestar")]
    if cve_ent:
        live = live[live["cve_ent"] == cve_ent]
    if live.empty:
        return pd.DataFrame(columns=["cve_ent", "month", "units", "cumulative"])
    frame = (live.assign(month=live["transfer_date"].dt.strftime("%Y-%m"))
             .groupby(["cve_ent", "month"], observed=True).size().rename("units").reset_index())
    frame["cve_ent"] = frame["cve_ent"].astype(str)
    frame["cumulative"] = frame.groupby("cve_ent")["units"].cumsum()
    return frame.sort_values(["cve_ent", "month"]).reset_index(drop=True)


METRICS = ("units_per_10k", "hospitals_per_10k", "imb_share_first_level", "transferred")


def state_metrics(catalogue: Catalogue, census: pd.DataFrame) -> pd.DataFrame:
    """One row per state (all 32): facility counts joined to the census, with the derived metrics.

    - units_per_10k / hospitals_per_10k: public operating fixed units (hospitals) per 10,000 people
      without health-service affiliation (INEGI PSINDER 2020);
    - imb_share_first_level: IMSS-BIENESTAR units among public first-level units;
    - transferred: units with a transfer date (closure of their SSA predecessor).
    Every component is a column, so the page can show how each number was made.
    """
    live = units(catalogue)
    public = live[live["group"].isin(PUBLIC_GROUPS) & ~live["mobile"]]
    first = public[public["level"] == "1"]
    frame = pd.DataFrame({"cve_ent": census["cve_ent"].astype(str),
                          "uninsured": census["PSINDER"].astype("int64")}).set_index("cve_ent")

    def per_state(series: pd.Series) -> pd.Series:
        return series.groupby(series, observed=True).size() if len(series) else pd.Series(dtype="int64")

    frame["public_units"] = per_state(public["cve_ent"].astype(str))
    frame["public_hospitals"] = per_state(public.loc[public["type"] == "hospital", "cve_ent"].astype(str))
    frame["first_level_public"] = per_state(first["cve_ent"].astype(str))
    frame["first_level_imb"] = per_state(first.loc[first["group"] == "imss_bienestar", "cve_ent"].astype(str))
    transferred = live[live["transfer_date"].notna() & (live["group"] == "imss_bienestar")]
    frame["transferred"] = per_state(transferred["cve_ent"].astype(str))
    frame["first_transfer"] = transferred.groupby(transferred["cve_ent"].astype(str))["transfer_date"].min()
    frame["last_transfer"] = transferred.groupby(transferred["cve_ent"].astype(str))["transfer_date"].max()
    counts = ["public_units", "public_hospitals", "first_level_public", "first_level_imb", "transferred"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    present = live["cve_ent"].astype(str).unique()
    frame["in_catalogue"] = frame.index.isin(present)
    per = frame["uninsured"].where(frame["uninsured"] > 0) / 10_000
    frame["units_per_10k"] = (frame["public_units"] / per).where(frame["in_catalogue"])
    frame["hospitals_per_10k"] = (frame["public_hospitals"] / per).where(frame["in_catalogue"])
    frame["imb_share_first_level"] = (frame["first_level_imb"] / frame["first_level_public"].where(
        frame["first_level_public"] > 0)).where(frame["in_catalogue"])
    return frame.reset_index()


def state_timeline(catalogue: Catalogue, events: pd.DataFrame, cve_ent: str) -> pd.DataFrame:
    """A state's transfer days next to its rollout events, in date order, to compare the two.

    Columns: date, kind ("transfer" or the event stage), units (transferred that day), cumulative,
    source_url (events only).  Event dates are the start of the interval the source gives.
    """
    from coverage.dates import parse_partial

    live = units(catalogue)
    live = live[(live["cve_ent"] == cve_ent) & live["transfer_date"].notna() & (live["group"] == "imss_bienestar")]
    days = live["transfer_date"].dt.date.value_counts().sort_index()
    transfers = pd.DataFrame({"date": days.index, "kind": "transfer", "units": days.to_numpy(),
                              "cumulative": days.cumsum().to_numpy(), "source_url": ""})
    own = events[events["cve_ent"] == cve_ent]
    steps = pd.DataFrame({"date": [parse_partial(d).earliest for d in own["date"]], "kind": own["stage"].to_numpy(),
                          "units": pd.NA, "cumulative": pd.NA, "source_url": own["source_url"].to_numpy()})
    frames = [f for f in (transfers, steps) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["date", "kind", "units", "cumulative", "source_url"])
    both = pd.concat(frames, ignore_index=True)
    both["units"] = both["units"].astype("Int64")
    both["cumulative"] = both["cumulative"].astype("Int64")
    return both.sort_values(["date", "kind"], kind="stable").reset_index(drop=True)
