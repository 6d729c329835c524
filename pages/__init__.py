"""The console's pages (routed by app.py with st.navigation) and their shared helpers.

The design card puts the pages in ``pages/``.  Streamlit also treats a ``pages/`` folder as
a legacy multipage app until the first ``st.navigation`` call in the process: a first
visitor opening a page URL directly (a bookmarked ``/orders?order=…``) would get that page
without app.py's sidebar, and every helper module listed as a page.  Declaring the v2 router
here, on the first import of this package, closes that gap; `ui.require_frame` reruns the one
request that was already on its way through the legacy path.
"""

from streamlit.runtime.pages_manager import PagesManager

PagesManager.uses_pages_directory = False
