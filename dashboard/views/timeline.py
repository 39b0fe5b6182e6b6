"""Timeline: events by date coloured by type, figures over time; a selection sets the date range."""
from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import ui
from dashboard.logic.literal import plotly_literal
from dashboard.logic.timeline import MAX_POINTS, selected_range, timeline_data

ctx = ui.context()
T, view = ctx.labels, ctx.view
COLUMNS = ui.column_labels(T)


@st.cache_data(max_entries=32, show_spinner=False)
def page_data(key: tuple):
    return timeline_data(view)


def event_label(frame):
    return frame.assign(type=T.terms("event", frame["type"]))


def apply_selection(chart_key: str) -> None:
    """Callback: a box or clicked points on a chart become the date range filter."""
    chosen = selected_range(st.session_state[chart_key].get("selection", {}))
    if chosen:
        ui.set_filter("date_from", chosen[0])
        ui.set_filter("date_to", chosen[1])


data = page_data(ctx.cache_key)
st.title(T["page.timeline"])
st.caption(T["timeline_hint"])

events = data["events"]
if events.empty:
    st.info(T["empty_events"])
else:
    if data["per_day"] is not None:  # a large view: one mark per day and type, sized by its count
        fig = px.scatter(event_label(data["per_day"]), x="day", y="type", size="events", color="type")
        st.caption(T["timeline_counts"].format(n=MAX_POINTS))
    else:
        hover = {column: plotly_literal(events[column]) for column in ("trigger", "sentence", "title")}
        fig = px.scatter(event_label(events).assign(**hover), x="day", y="type", color="type", hover_data={
            "trigger": True, "sentence": True, "title": True, "day": "|%Y-%m-%d", "type": False})
    fig.update_layout(height=380, showlegend=False, xaxis_title=None, yaxis_title=None, dragmode="select")
    st.plotly_chart(fig, key="events_chart", on_select=lambda: apply_selection("events_chart"),
                    selection_mode=("points", "box"))
    st.dataframe(event_label(events), hide_index=True, width="stretch", column_config=COLUMNS)

st.subheader(T["figures_over_time"])
figures = data["figures"]
if figures.empty:
    st.info(T["empty_figures"])
else:
    figures = figures.assign(category=T.terms("category", figures["category"]))
    fig = px.line(figures, x="day", y="value", color="category", markers=True)
    fig.update_layout(height=340, xaxis_title=None, yaxis_title=T["largest_report"], dragmode="select")
    st.plotly_chart(fig, key="figures_chart", on_select=lambda: apply_selection("figures_chart"),
                    selection_mode=("points", "box"))
    st.caption(T["figures_over_time_note"])
