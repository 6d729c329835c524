"""The API log offers this browser's calls as a replay script (issue 12, session to script)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from minted.sandbox.settings import DEFAULT_PASSWORD

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """What each download button offers, by the file id in its URL (AppTest keeps the files
    in a media storage it drops after each run)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def export_button(at: AppTest):
    return next(b for b in at.get("download_button") if b.label == "Export as Python script")


def offered(at: AppTest, downloads: dict[str, bytes]) -> str:
    url = export_button(at).proto.url
    return downloads[url.rsplit("/", 1)[1].split(".")[0]].decode("utf-8")


@pytest.mark.usefixtures("console_sandbox", "navigation_as_served")
def test_the_api_log_offers_this_browsers_calls_as_a_python_script(downloads):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["customer"] = "MTD0018232"
    at.run()
    at.switch_page("pages/api_log.py").run()
    assert not at.exception
    caption = next(c.value for c in at.caption if "call(s) on sandbox" in c.value)
    shown = int(caption.split()[0])
    assert shown > 0
    script = offered(at, downloads)
    compile(script, "replay.py", "exec")
    assert script.count("        replay.call(") == shown  # one a call made for the page
    assert '"external_id": "MTD0018232"' in script
    assert DEFAULT_PASSWORD not in script and 'os.environ.get("MINTED_ENVIRONMENT")' in script

    # The filters choose what "Shown above" exports; "All" is every call of this browser.
    at.multiselect[0].set_value(["DELETE"]).run()
    assert export_button(at).proto.disabled
    at.radio(key="log-export-scope").set_value("All of this browser's").run()
    assert not export_button(at).proto.disabled
    assert offered(at, downloads).count("        replay.call(") == shown
