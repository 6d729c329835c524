"""Minted Connect Console — entry point (`streamlit run app.py`)."""

import streamlit as st

st.set_page_config(page_title="Minted Connect Console", page_icon="🪙", layout="wide")
st.title("Minted Connect Console")
st.info("The console pages arrive with issue 4; the client library is in `minted/`.")
