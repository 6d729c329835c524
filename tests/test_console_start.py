"""The console's start-up (issue 13): the first page loads no server stack, pandas or
SQLAlchemy.  Each check runs in a fresh interpreter: imports are once per process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("fastapi", "uvicorn", "sqlalchemy", "pandas", "plotly", "minted.sandbox")


def run(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


def test_the_first_page_imports_no_server_stack_pandas_or_sqlalchemy():
    """What app.py and the Customers page import adds none of these to what Streamlit itself
    loads (Streamlit brings plotly, and its server uvicorn; the console adds nothing)."""
    out = run(
        "import json, sys\n"
        "import streamlit, streamlit.web.server.server\n"
        f"heavy = {HEAVY!r}\n"
        "def loaded():\n"
        "    return {h for h in heavy for m in sys.modules if m == h or m.startswith(h + '.')}\n"
        "before = loaded()\n"
        # app.py's imports, then pages/customers.py's
        "from minted.console import data, formatting, frame, search, session\n"
        "from minted.console import calls, forms, labels, quotes, wallet\n"
        "from minted.console.frames import kyc_rows, orders_frame, shown_orders\n"
        "from minted.models import Customer, CustomerCreate\n"
        "print(json.dumps(sorted(loaded() - before)))\n"
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
