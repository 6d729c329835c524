"""Minted Connect Console's server — ``streamlit run serve.py`` (what scripts/console runs).

The console is app.py and its pages; this file adds what only the server can do, since
Streamlit runs app.py per browser session: start the local sandbox when the server starts,
not when the first page runs (`minted.console.startup`).  ``streamlit run app.py`` still
works, starting the sandbox on its first page.
"""

import streamlit as st

from minted.console.startup import lifespan

app = st.App("app.py", lifespan=lifespan)
