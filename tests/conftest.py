from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import Recorder


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def seeded_sandbox(tmp_path_factory):
    """One sandbox with the demo world, shared by read-mostly tests."""
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(db_path=str(tmp_path_factory.mktemp("seeded") / "sandbox.db"))
    with EmbeddedSandbox(settings) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(tmp_path):
    """An empty sandbox of its own (no demo data: fast, and free to move its clock)."""
    from minted.sandbox import EmbeddedSandbox, SandboxSettings

    settings = SandboxSettings(db_path=str(tmp_path / "sandbox.db"), demo_data=False)
    with EmbeddedSandbox(settings) as sandbox:
        yield sandbox


def client_for(sandbox, *, read_only: bool = False, **kwargs):
    import minted

    s = sandbox.settings
    username = s.readonly_username if read_only else s.username
    password = s.readonly_password if read_only else s.password
    return minted.Client(username, password, base_url=sandbox.url, **kwargs)


@pytest.fixture
def client(sandbox):
    with client_for(sandbox) as client:
        yield client


# -- the console under AppTest -----------------------------------------------------------------
@pytest.fixture(scope="session")
def console_sandbox(tmp_path_factory):
    """The console's embedded sandbox and audit log keep their state in throwaway databases,
    one for the whole run: the console caches both per process (st.cache_resource)."""
    mp = pytest.MonkeyPatch()
    db = tmp_path_factory.mktemp("console") / "console.db"
    mp.setenv("MINTED_CONSOLE_SANDBOX_DB", str(db))
    mp.setenv("MINTED_CONSOLE_AUDIT_URL", f"sqlite:///{db.with_suffix('.audit.db')}")
    yield
    mp.undo()


@pytest.fixture
def navigation_as_served(monkeypatch):
    """AppTest re-detects the pages/ folder before every run, which a server never does once
    pages/__init__ has declared st.navigation (see there); keep the served behaviour."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
