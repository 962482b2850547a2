"""The framework's floor for the browser bench: a bare Streamlit page (three metrics, one Altair bar
chart, one table) with no database, served with the app's flags and timed by bench/browser.py."""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")

tiles = st.columns(3)
tiles[0].metric("Contrats", "10 992")
tiles[1].metric("Montant", "5,0 Md€")
tiles[2].metric("Part PME", "45 %")

frame = pd.DataFrame(
    {
        "year": ["2019", "2020", "2021", "2022", "2023", "2024"],
        "contracts": [1200, 1350, 1500, 1710, 1890, 2040],
    }
)
st.altair_chart(alt.Chart(frame).mark_bar().encode(x="year:N", y="contracts:Q"), width="stretch")
st.dataframe(frame, hide_index=True, width="stretch")
