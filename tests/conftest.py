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
