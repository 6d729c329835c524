"""The API log: bodies pretty-printed for a person (AppTest), and a browser's calls still
its own after a refresh (Chromium)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from console_harness import browser_page, running_console, wait_idle  # noqa: E402

APP = str(ROOT / "app.py")


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_a_chosen_call_shows_its_answer_indented():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["customer"] = "MTD0018232"
    at.run()
    at.switch_page("pages/api_log.py").run()
    at.session_state["log-table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    answer = at.code[-1].value
    assert answer.startswith('{\n  "')  # one field per line, two spaces a level
    assert '\n  "success": ' in answer


def calls_shown(page) -> int:
    caption = page.get_by_text(re.compile(r"\d+ call\(s\) on sandbox")).inner_text()
    return int(caption.split()[0])


@pytest.mark.browser
def test_this_browsers_calls_survive_a_refresh(tmp_path):
    with running_console(tmp_path / "console.db") as url:
        with browser_page() as page:
            page.goto(url)  # the first request takes Streamlit's legacy pages/ detour; not ours
            wait_idle(page, 1500)
            page.goto(f"{url}/customers?customer=MTD0018232")
            page.get_by_role("heading", name="Ayşe Yılmaz").wait_for()  # its calls were made
            wait_idle(page, 500)
            page.goto(f"{url}/api_log")  # a new Streamlit session, the same browser
            page.get_by_role("heading", name="API log").wait_for()
            wait_idle(page, 1000)
            before = calls_shown(page)
            assert before > 0
            page.reload()
            wait_idle(page, 1000)
            assert calls_shown(page) >= before
        with browser_page() as other:  # another browser sees none of them as its own
            other.goto(f"{url}/api_log")
            wait_idle(other, 1500)
            assert calls_shown(other) == 0
