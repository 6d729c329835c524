"""The drift report's button on the API explorer (AppTest): run against a "staging" that
serves one assumed path elsewhere, it names that endpoint first, compares with the console's
sandbox, and offers the report as Markdown and JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from minted.endpoints import ALL

APP = str(Path(__file__).resolve().parent.parent / "app.py")
STATUSES_MOVED = {"ORDER_STATUSES": "POST /partner/statuses"}

pytestmark = pytest.mark.usefixtures("console_sandbox", "navigation_as_served")


@pytest.fixture
def staging_elsewhere(tmp_path):
    """A "staging" whose Order Statusses is not where the catalogue assumes it."""
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(
        db_path=str(tmp_path / "staging.db"), endpoint_overrides=STATUSES_MOVED
    )
    with EmbeddedSandbox(settings) as staging:
        yield staging


def run_report(at: AppTest) -> None:
    at.switch_page("pages/explorer.py").run()
    assert not [b for b in at.button if b.label == "Run the drift report"]  # closed: not drawn
    at.session_state["explorer-drift"] = True  # what a click on its expander does
    at.run()
    next(b for b in at.button if b.label == "Run the drift report").click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_button_reports_the_moved_path_first_and_offers_the_files(staging_elsewhere):
    settings = staging_elsewhere.settings
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["environments"] = {
        "staging": {
            "username": settings.username,
            "password": settings.password,
            "base_url": staging_elsewhere.url,
        }
    }
    at.run()
    at.selectbox(key="environment").set_value("staging").run()
    run_report(at)
    table = next(d.value for d in at.dataframe if "sandbox" in d.value.columns)
    first = table.iloc[0]
    assert first["endpoint"].startswith("Partner › Order Statusses")
    assert "path assumed wrong" in first["result"]
    assert (table["sandbox"] != "not compared").all()  # compared with the console's sandbox
    names = [d.proto.label for d in at.get("download_button")]
    assert "Download Markdown" in names and "Download JSON" in names


def test_on_the_sandbox_it_checks_the_models_only():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    run_report(at)
    summary = " ".join(m.value for m in at.markdown)
    assert "no drift" in summary.replace("&#45;", "-").replace("&#8212;", "—")
    table = next(d.value for d in at.dataframe if "sandbox" in d.value.columns)
    assert len(table) == sum(1 for endpoint in ALL if not endpoint.writes)
