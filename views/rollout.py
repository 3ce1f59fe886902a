"""Rollout against its targets: the national progress, each state's delay, and the gap."""

from __future__ import annotations

import streamlit as st

from coverage import charts, exports, gaps, target_text
from coverage.i18n import format_date, format_int, format_pct, t
from views._data import load_tables
from views._frame import frame
from views._sidebar import target_caption
from views._widgets import csv_download, table_with_sources

lang, as_of, target, basis = frame()
data = load_tables()
series = gaps.progress(data, target)  # the whole series; the as-of date is a marked line
gap = gaps.national_gap(data, target, as_of, series)
gap_table = gaps.state_gaps(data, target, as_of, basis, lang)

st.title(t("rollout.title", lang))
st.markdown(t("rollout.measured_against", lang, target=f"{target_text.target_label(data, target, lang)} ({target})",
              caption=target_caption(target, lang), basis=t(f"basis.{basis}", lang)))

# The question a reader brings: how far short was the promise when its deadline came?
deadline, at_deadline = target_text.deadline_gap(data, target, series)
if deadline is not None and at_deadline is None:
    st.info(t("ui.rollout.deadline_future", lang, deadline=format_date(deadline, lang)))
elif at_deadline is not None:
    promised_then = int(at_deadline.promised_states or 0)
    key = "ui.rollout.deadline_met" if at_deadline.states_operating >= promised_then else "ui.rollout.deadline_answer"
    st.info(t(key, lang, deadline=format_date(deadline, lang), operating=at_deadline.states_operating,
              promised=promised_then, share=format_pct(at_deadline.share_operating, lang),
              people=format_int(at_deadline.people_operating, lang),
              missing=promised_then - at_deadline.states_operating), icon=":material/flag:")

promised_states = t("rollout.no_deadline_yet", lang) if gap.promised_states is None else format_int(int(gap.promised_states), lang)
answer = dict(date=format_date(as_of, lang), operating=gap.states_operating, signed=gap.states_signed,
              promised=promised_states, people=format_int(gap.people_operating, lang),
              share=format_pct(gap.share_operating, lang))
if gap.promised_share is None:  # an announcement of states, not of a share: say nothing about a share
    st.info(t("ui.rollout.answer_no_share", lang, **answer))
else:
    st.info(t("rollout.answer", lang, promised_share=format_pct(gap.promised_share, lang), **answer))

columns = st.columns(4)
columns[0].metric(t("rollout.metric.operating", lang), gap.states_operating)
columns[1].metric(t("rollout.metric.promised", lang), promised_states)
columns[2].metric(t("rollout.metric.share", lang), format_pct(gap.share_operating, lang))
if gap.promised_share is None:
    columns[3].metric(t("rollout.metric.promised_share", lang), t("ui.rollout.no_share", lang),
                      help=t("ui.rollout.no_share_help", lang))
else:
    columns[3].metric(t("rollout.metric.promised_share", lang), format_pct(gap.promised_share, lang))

st.subheader(t("rollout.progress_heading", lang))
st.altair_chart(charts.progress_states_chart(series, as_of, lang), width="stretch")
st.altair_chart(charts.progress_share_chart(series, as_of, lang), width="stretch")
st.caption(t("rollout.universe_note", lang, universe=format_int(gap.universe, lang),
             jan=format_int(gaps.GOVERNMENT_DENOMINATORS["2023-01-17"], lang),
             jan_diff=format_pct(gap.universe / gaps.GOVERNMENT_DENOMINATORS["2023-01-17"] - 1, lang),
             mar=format_int(gaps.GOVERNMENT_DENOMINATORS["2023-03-28"], lang),
             mar_diff=format_pct(gap.universe / gaps.GOVERNMENT_DENOMINATORS["2023-03-28"] - 1, lang)))

# headings name the promise in words, not by its id ("Cada estado contra la meta 2022-08", issue 12)
promise = target_text.target_label(data, target, lang, longest=1)
st.subheader(t("rollout.timeline_heading", lang, target=promise))
st.altair_chart(charts.state_timeline_chart(data, gap_table, as_of, lang), width="stretch")
st.caption(t("rollout.timeline_caption", lang))

st.subheader(t("rollout.ranking_heading", lang, target=promise, date=format_date(as_of, lang)))
ranking = charts.ranking_table(gap_table, lang)
table_with_sources(exports.shown(ranking, lang), lang)
csv_download(t("rollout.download", lang), gap_table, f"imss-bienestar-retrasos-{target}-{as_of.isoformat()}.csv")
