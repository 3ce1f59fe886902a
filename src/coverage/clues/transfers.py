"""Transfer matching: which closed SSA record each operating IMSS-BIENESTAR unit replaced, and when."""

from __future__ import annotations

import pandas as pd

from coverage.clues.schema import TRANSFER_REASON, fold


def _link_transfers(table: pd.DataFrame) -> pd.DataFrame:
    """Give each operating IMB unit the closure date of the SSA record it replaced.

    The predecessor is found in the same state by municipality, locality and unit name; failing
    that, by identical coordinates.  A successor with no predecessor in the file whose record
    says it was transferred keeps its registration date, marked as such.
    """
    table["transfer_date"] = pd.NaT
    table["transfer_basis"] = ""
    table["predecessor"] = pd.Series(pd.NA, index=table.index, dtype="string")
    reason = table["closure_reason"].fillna("").map(fold)
    traces = table[(table["inst_code"] == "SSA") & (table["status"] == "closed") & (reason == TRANSFER_REASON)]
    successors = table[(table["inst_code"] == "IMB") & (table["status"] == "operating")]
    if traces.empty and successors.empty:
        return table

    def name_key(frame):
        return (frame["cve_ent"].fillna("") + "|" + frame["mun_code"].fillna("") + "|"
                + frame["loc_code"].fillna("") + "|" + frame["name"].map(fold))

    def coord_key(frame):
        return frame["cve_ent"].fillna("") + "|" + frame["lat"].round(5).astype(str) + "|" + frame["lon"].round(5).astype(str)

    unmatched_traces = traces
    matched: dict = {}
    for keyer in (name_key, coord_key):
        if unmatched_traces.empty:
            break
        trace_keys = keyer(unmatched_traces)
        unique_traces = trace_keys[~trace_keys.duplicated(keep=False)]
        lookup = pd.Series(unique_traces.index, index=unique_traces.values)
        open_successors = successors.drop(index=list(matched), errors="ignore")
        keys = keyer(open_successors)
        keys = keys[~keys.duplicated(keep=False) & keys.isin(lookup.index)]
        for successor_index, key in keys.items():
            matched[successor_index] = lookup[key]
        unmatched_traces = unmatched_traces.drop(index=list(matched.values()), errors="ignore")
    if matched:
        succ = pd.Index(list(matched))
        pred = pd.Index(list(matched.values()))
        table.loc[succ, "transfer_date"] = table.loc[pred, "closure_date"].to_numpy()
        table.loc[succ, "predecessor"] = table.loc[pred, "clues"].to_numpy()
        table.loc[succ, "transfer_basis"] = "predecessor_closure"
    registered = (table.index.isin(successors.index) & table["transfer_date"].isna()
                  & table["comments"].str.contains("TRANSFIERE") & (table["last_move"].fillna("").map(fold) == "ALTA"))
    table.loc[registered, "transfer_date"] = table.loc[registered, "last_move_date"]
    table.loc[registered, "transfer_basis"] = "registration"
    table["transfer_date"] = pd.to_datetime(table["transfer_date"])
    return table
