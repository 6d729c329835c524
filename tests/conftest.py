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
    mp.setenv("MINTED_CONSOLE_SANDBOX_PORT", "0")  # any free port: 8765 is the user's
    mp.setenv("MINTED_CONSOLE_AUDIT_URL", f"sqlite:///{db.with_suffix('.audit.db')}")
    yield
    mp.undo()


@pytest.fixture
def navigation_as_served(monkeypatch):
    """AppTest re-detects the pages/ folder before every run, which a server never does once
    minted.console.frame has declared st.navigation (see there); keep the served behaviour."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


# -- what some tests need from the machine -----------------------------------------------------
# Tests marked `browser` need Debian's chromium (driven by Playwright, which never downloads a
# browser); tests marked `postgres` need Debian's postgresql, and root, since their throwaway
# server runs as the `postgres` user.  Without them the tests are skipped with one line naming
# what to install; with CI=true (where scripts/test installs both) a skipped browser or
# PostgreSQL test fails the run.
MACHINE_MARKERS = ("browser", "postgres")


def _chromium_missing() -> str | None:
    import importlib.util
    import os
    import shutil

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (shutil.which(chromium) or os.access(chromium, os.X_OK)):
        return "Chromium not installed: apt-get install chromium (browser tests skipped)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright not installed: scripts/test installs it (browser tests skipped)"
    return None


def _postgres_missing() -> str | None:
    import os
    import pwd
    import shutil

    installed = any(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or shutil.which("initdb")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        installed = False
    if not installed:
        return "PostgreSQL not installed: apt-get install postgresql (PostgreSQL tests skipped)"
    if os.geteuid() != 0:
        return "PostgreSQL tests need root: their server runs as the postgres user (skipped)"
    return None


_MISSING: dict[str, str | None] = {}
_SKIPPED: dict[str, list[str]] = {}


def _missing(marker: str) -> str | None:
    if marker not in _MISSING:
        _MISSING[marker] = _chromium_missing() if marker == "browser" else _postgres_missing()
    return _MISSING[marker]


def _in_ci() -> bool:
    import os

    return os.environ.get("CI", "").lower() not in ("", "0", "false")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Raised here, not as a skip mark, so that -ra folds all of them into one line per reason.
    for marker in MACHINE_MARKERS:
        if item.get_closest_marker(marker) and (reason := _missing(marker)):
            pytest.skip(reason)


def pytest_runtest_logreport(report):
    if report.skipped:
        for marker in MACHINE_MARKERS:
            if marker in report.keywords:
                _SKIPPED.setdefault(marker, []).append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _in_ci() and _SKIPPED:
        count = sum(len(nodeids) for nodeids in _SKIPPED.values())
        terminalreporter.write_line(
            f"CI: {count} {' and '.join(sorted(_SKIPPED))} test(s) skipped; with CI=true "
            "every browser and PostgreSQL test must run, so the run fails",
            red=True,
            bold=True,
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test that fails shows what the browser saw: a screenshot of each open page
    (artifacts/browser/failed-*.png) and, in the report, its URL and visible text, so that a
    failure seen once in CI can be read rather than guessed."""
    outcome = yield
    report = outcome.get_result()
    harness = sys.modules.get("console_harness")
    if not (report.failed and call.when == "call" and harness and harness.OPEN_PAGES):
        return
    import re

    artifacts = Path(__file__).resolve().parent.parent / "artifacts" / "browser"
    artifacts.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid.split("::", 1)[-1])
    for number, page in enumerate(harness.OPEN_PAGES):
        try:
            page.screenshot(path=str(artifacts / f"failed-{name}-{number}.png"))
            text = page.locator("body").inner_text(timeout=5_000)
            report.sections.append((f"browser page {number}: {page.url}", text[-4_000:]))
        except Exception as error:  # the browser may be the thing that broke
            report.sections.append((f"browser page {number}", f"not captured: {error!r}"))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    if _in_ci() and _SKIPPED and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """What each download button offers, by the file id in its URL (AppTest keeps the files
    in a media storage it drops after each run), or by its deferred id: a button whose file
    is made when clicked holds the function that makes it (`helpers.offered` calls it)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = path_or_data
        return file_id

    def keep_deferred(self, data_callable, *args, **kwargs):
        file_id = original_deferred(self, data_callable, *args, **kwargs)
        files[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_deferred)
    return files
