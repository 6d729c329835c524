"""The console's start-up (issue 13): the first page loads no server stack, pandas or
SQLAlchemy, and it renders while the sandbox's process starts, which its first run launches.
Each check runs in a fresh interpreter: imports and the sandbox are once per process."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

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


def test_the_first_page_imports_not_even_the_client_s_stack():
    """The Customers page a cold start opens on makes no call, so it needs no client: app.py
    and the page load neither httpx nor pydantic (nor, so, the client's ~100 models).  They
    were about half of that first run (bench (e)); they come with the first client, which on
    a cold start the health check makes once the sandbox answers."""
    out = run(
        "import json, sys\n"
        "import streamlit, streamlit.web.server.server\n"
        "stack = ('httpx', 'pydantic', 'minted.models', 'minted.client')\n"
        "assert not [m for m in sys.modules if m.startswith(stack)], 'Streamlit loads them'\n"
        # app.py's imports, then pages/customers.py's
        "from minted.console import data, formatting, frame, search, session\n"
        "from minted.console import calls, forms, labels, quotes, wallet\n"
        "from minted.console.frames import kyc_rows, orders_frame, shown_orders\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(stack))))\n"
        "import minted\n"
        "print(minted.Client.__module__)\n"  # and the client is there when asked for
    )
    assert out.returncode == 0, out.stderr
    *_, loaded, client = out.stdout.strip().splitlines()
    assert json.loads(loaded) == []
    assert client == "minted.client"


FROZEN = """
import gc, sys
sys.path.insert(0, {root!r})
from streamlit.testing.v1 import AppTest
{before}

at = AppTest.from_file({app!r}, default_timeout=30)
assert gc.get_freeze_count() == 0
at.run()
first = gc.get_freeze_count()
assert gc.get_threshold()[0] == 10_000, gc.get_threshold()  # young collections: tune_collector
# a module a page imports on first use, after the runs so far: walked by full collections
# until the next run freezes it
import xml.dom.minidom
imported = xml.dom.minidom.__dict__
walked = lambda: any(o is imported for o in gc.get_objects())  # the frozen are not listed
assert walked()
at.run()
second = gc.get_freeze_count()
assert not walked()
asked = []
def spy(name, real):
    return lambda *args: asked.append(name) or real(*args)
for name in ("freeze", "get_freeze_count", "collect"):  # nothing new imported: nothing done
    setattr(gc, name, spy(name, getattr(gc, name)))
at.run()
assert not at.exception and asked == [], asked
print(first, second)
"""


@pytest.mark.parametrize(
    "before",
    ["", "import serve  # as streamlit run serve.py imports it, before any run"],
    ids=["app.py", "serve.py"],
)
def test_runs_freeze_what_was_imported_before_them_once(tmp_path, before):
    """The server's first run moves what Streamlit made to start into the collector's
    permanent generation (a full collection walking it was up to 0.25 s of a cold start's
    first page, bench (e)); a later run moves what was imported since (the console's modules,
    pandas, the client's models: ~100 ms a full collection, several in each export, bench
    (f)); a run after none was imported freezes nothing, nor counts the frozen (counting
    walks them all, ~7 ms a run).  Also when serve.py imported the console before
    the first run (a first check for that import skipped the freeze)."""
    code = (
        "import os\n"
        "os.environ['MINTED_CONSOLE_SANDBOX_URL'] = 'http://127.0.0.1:9'\n"
        f"os.environ['MINTED_CONSOLE_AUDIT_URL'] = 'sqlite:///{tmp_path / 'a.db'}'\n"
    ) + FROZEN.format(root=str(ROOT), app=str(ROOT / "app.py"), before=before)
    out = run(code)
    assert out.returncode == 0, out.stdout + out.stderr
    first, second = map(int, out.stdout.strip().splitlines()[-1].split())
    assert first > 10_000 and second > first


STACK_WALKS = """
import os, sys
sys.path.insert(0, {root!r})
os.environ["MINTED_CONSOLE_SANDBOX_URL"] = "http://127.0.0.1:9"
os.environ["MINTED_CONSOLE_AUDIT_URL"] = {audit!r}
from streamlit import env_util
walks = []
real = env_util.is_repl
env_util.is_repl = lambda: walks.append(1) or real()
from streamlit.testing.v1 import AppTest

at = AppTest.from_file({script!r}, default_timeout=30).run()
assert not at.exception, at.exception
print(len(walks))
"""


@pytest.mark.parametrize(("script", "walks"), [("plain.py", 1), ("app.py", 0)])
def test_the_first_page_skips_streamlit_s_check_for_a_direct_run(tmp_path, script, walks):
    """Streamlit's first element in a process asks ``inspect.stack()`` whether it runs in a
    REPL (about 45 ms of a cold start's first run); app.py tells it the answer first.  A plain
    script shows that the check is there to skip."""
    (tmp_path / "plain.py").write_text("import streamlit as st\nst.markdown('x')\n")
    path = ROOT / "app.py" if script == "app.py" else tmp_path / script
    out = run(
        STACK_WALKS.format(root=str(ROOT), script=str(path), audit=f"sqlite:///{tmp_path / 'a.db'}")
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == str(walks)


# app.py run by AppTest as the server runs it (``{root}`` is the repository)
AS_SERVED = """
import asyncio, sys, threading, time
sys.path.insert(0, {root!r})
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

original = PagesManager.__init__
def served(self, *args, **kwargs):  # as tests/conftest.py's navigation_as_served
    original(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False
PagesManager.__init__ = served
"""

FIRST_RUN = (
    AS_SERVED
    + """
from minted.console import sandbox as console_sandbox
from minted.local_sandbox import SandboxAccess

launched, answer = threading.Event(), threading.Event()
def slow_open(self):  # the sandbox's process on its way: it answers when told to
    launched.set()
    assert answer.wait(60), "never told to answer"
    return console_sandbox.Sandbox("http://127.0.0.1:9", SandboxAccess())
console_sandbox.SandboxChoice.open = slow_open

at = AppTest.from_file({app!r}, default_timeout=30)
started = time.perf_counter()
at.run()
assert not at.exception, at.exception
assert launched.wait(5), "the first run did not start the sandbox"
from minted.console import session
assert not session.sandbox_ready()
titles = [t.value for t in at.title]
captions = [c.value for c in at.sidebar.caption]
assert "Customers" in titles, titles
assert any("starting the local sandbox" in c for c in captions), captions
answer.set()
assert session.sandbox().url == "http://127.0.0.1:9"
print("ok", round(time.perf_counter() - started, 2))
"""
)


def test_the_first_page_renders_while_the_sandbox_starts(tmp_path):
    """The first run launches the sandbox and does not wait for it: the Customers page (which
    makes no call) is drawn, the sidebar says the sandbox is starting; `session.sandbox()`
    then waits for it.  Before, that first run waited for the sandbox to answer."""
    code = FIRST_RUN.format(root=str(ROOT), app=str(ROOT / "app.py"))
    env_code = (
        "import os\n"
        f"os.environ['MINTED_CONSOLE_SANDBOX_DB'] = {str(tmp_path / 'c.db')!r}\n"
        f"os.environ['MINTED_CONSOLE_AUDIT_URL'] = 'sqlite:///{tmp_path / 'a.db'}'\n"
    )
    out = run(env_code + code)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1].startswith("ok")


# serve.py's server has started (its lifespan entered); opening the sandbox is instant
SERVER_STARTED = (
    AS_SERVED
    + """
from minted.console import sandbox as console_sandbox, session, startup
from minted.local_sandbox import SandboxAccess

launched = threading.Event()
def open_at_once(self):
    launched.set()
    return console_sandbox.Sandbox("http://127.0.0.1:9", SandboxAccess())
console_sandbox.SandboxChoice.open = open_at_once

async def server_started():  # what streamlit run serve.py does before any browser comes
    await startup.lifespan(None).__aenter__()
asyncio.run(server_started())
assert startup.server_starts_sandbox()
"""
)

SERVED_FIRST_RUN = (
    SERVER_STARTED
    + """
at = AppTest.from_file({app!r}, default_timeout=30)
at.run()
at.run()  # a second run, and the sidebar's question, launch nothing either
assert not at.exception, at.exception
assert not launched.wait(1), "a page started the sandbox that the server starts"
assert not session.sandbox_ready()
assert any("starting the local sandbox" in c.value for c in at.sidebar.caption)
session.start_sandbox()  # the server's moment comes
assert launched.wait(5) and session.sandbox().url == "http://127.0.0.1:9"
at.run()
assert not any("starting the local sandbox" in c.value for c in at.sidebar.caption)
print("ok")
"""
)


def test_under_serve_py_the_first_page_leaves_the_sandbox_to_the_server(tmp_path):
    """With serve.py's server (which starts the sandbox a moment after it answers), the first
    page does not start it, nor does the sidebar asking whether it is ready: its start-up
    would share the cores with the browser drawing that page (bench (e))."""
    out = run(
        f"import os\nos.environ['MINTED_CONSOLE_AUDIT_URL'] = 'sqlite:///{tmp_path / 'a.db'}'\n"
        + SERVED_FIRST_RUN.format(root=str(ROOT), app=str(ROOT / "app.py"))
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "ok"


FAILED_TO_START = (
    AS_SERVED
    + """
from minted.console import sandbox as console_sandbox

def cannot_start(self):
    raise console_sandbox.SandboxStartError("the sandbox's process exited with code 2 *now*")
console_sandbox.SandboxChoice.open = cannot_start

at = AppTest.from_file({app!r}, default_timeout=30)
at.query_params["customer"] = "MTD0018232"  # a page that needs the sandbox
at.run()
assert not at.exception, at.exception
errors = [e.value for e in at.error]
assert any("did not start" in e and "code 2 &#42;now&#42;" in e for e in errors), errors
captions = [c.value for c in at.sidebar.caption]
assert any("did not start" in c for c in captions), captions
print("ok")
"""
)


def test_a_sandbox_that_did_not_start_is_a_message_not_a_traceback(tmp_path):
    """A page that needs the console's sandbox, which did not start, says so in its place,
    and the sidebar's connection line says why (the reason's text is not read as Markdown);
    the next run tries again."""
    out = run(
        f"import os\nos.environ['MINTED_CONSOLE_AUDIT_URL'] = 'sqlite:///{tmp_path / 'a.db'}'\n"
        + FAILED_TO_START.format(root=str(ROOT), app=str(ROOT / "app.py"))
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "ok"


def test_under_serve_py_a_shared_sandbox_is_reached_on_the_first_page(tmp_path):
    """``MINTED_CONSOLE_SANDBOX_URL`` names a sandbox that runs elsewhere: nothing starts, so
    the first page reaches it at once rather than saying "starting" until the server's
    moment."""
    script = SERVER_STARTED + (
        "at = AppTest.from_file({app!r}, default_timeout=30)\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "assert launched.wait(5), 'the first page did not reach the shared sandbox'\n"
        "print('ok')\n"
    )
    out = run(
        "import os\n"
        "os.environ['MINTED_CONSOLE_SANDBOX_URL'] = 'http://127.0.0.1:9'\n"
        f"os.environ['MINTED_CONSOLE_AUDIT_URL'] = 'sqlite:///{tmp_path / 'a.db'}'\n"
        + script.format(root=str(ROOT), app=str(ROOT / "app.py"))
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "ok"


def test_the_server_s_lifespan_starts_the_sandbox_once_after_its_wait():
    """serve.py's lifespan calls the start a moment after the server starts, on its event
    loop, once; a server stopped before that moment starts nothing."""
    from minted.console.startup import SANDBOX_AFTER_S, lifespan, sandbox_lifespan

    assert 0 < SANDBOX_AFTER_S < 5 and callable(lifespan)
    calls: list[float] = []

    async def serve(lives: float) -> None:
        loop = asyncio.get_running_loop()
        began = loop.time()
        async with sandbox_lifespan(lambda: calls.append(loop.time() - began), after=0.2)(None):
            await asyncio.sleep(lives)
        await asyncio.sleep(0.3)  # past the moment: a cancelled start stays cancelled

    asyncio.run(serve(0.05))
    assert calls == []
    asyncio.run(serve(0.5))
    assert len(calls) == 1 and calls[0] >= 0.2


def test_serve_py_starts_the_sandbox_before_any_browser_comes(tmp_path):
    """``streamlit run serve.py`` (scripts/console): with no browser session at all, the
    console's sandbox is started by the server and answers; it ends with the server."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from console_harness import streamlit_server

    env = {
        "MINTED_CONSOLE_SANDBOX_PORT": "0",
        "MINTED_CONSOLE_SANDBOX_DB": str(tmp_path / "c.db"),
        "MINTED_CONSOLE_AUDIT_URL": f"sqlite:///{tmp_path / 'a.db'}",
    }
    log = tmp_path / "console.log"
    with streamlit_server(ROOT / "serve.py", log, env=env):
        deadline = time.monotonic() + 60
        while not (found := re.search(r"sandbox on (http://127\.0\.0\.1:\d+)", log.read_text())):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        url = found.group(1)
        assert httpx.get(f"{url}/_sandbox/health", timeout=5).json()["data"]["customers"] > 0
    assert log.read_text().count("sandbox on http") == 1
    deadline = time.monotonic() + 20  # the sandbox watches its parent's pid
    while _answers(url):
        assert time.monotonic() < deadline, "the sandbox outlived the console's server"
        time.sleep(0.1)


def _answers(url: str) -> bool:
    try:
        httpx.get(f"{url}/_sandbox/health", timeout=1)
    except httpx.HTTPError:
        return False
    return True


FAILED_START = """
import sys
sys.path.insert(0, {root!r})
from minted.console import sandbox as console_sandbox, session
from minted.local_sandbox import SandboxAccess

attempts = []
def flaky_open(self):
    attempts.append(1)
    if len(attempts) == 1:
        raise RuntimeError("the sandbox did not start")
    return console_sandbox.Sandbox("http://127.0.0.1:9", SandboxAccess())
console_sandbox.SandboxChoice.open = flaky_open

session.start_sandbox()
try:
    session.sandbox()
except RuntimeError as error:
    assert "did not start" in str(error)
else:
    raise AssertionError("the failure was not handed on")
assert session.sandbox().url == "http://127.0.0.1:9" and len(attempts) == 2
print("ok")
"""


def test_a_sandbox_that_failed_to_start_is_tried_again():
    """Started in the background, a failure is handed to the caller that needs the sandbox,
    and the next call starts it again (as when each call started it)."""
    out = run(FAILED_START.format(root=str(ROOT)))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "ok"


NICED_START_UP = """
import gc, os, sys, threading
sys.path.insert(0, {root!r})
import minted.sandbox.app
from minted.sandbox import __main__ as entry

seen = {{}}
def create_app(settings):  # what the start-up runs as, and with
    me = threading.get_native_id()
    seen.update(thread=threading.current_thread().name, nice=os.getpriority(os.PRIO_PROCESS, me))
    seen.update(collecting=gc.isenabled())
    return "the app"
minted.sandbox.app.create_app = create_app

own = os.getpriority(os.PRIO_PROCESS, 0)
assert entry._start_up(None, 7) == "the app"
after = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
print(seen["thread"], seen["nice"] - own, seen["collecting"], after - own, gc.isenabled(),
      gc.get_freeze_count() > 0)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="niceness per thread is Linux's")
def test_the_sandbox_starts_up_niced_in_a_thread_then_serves_at_its_own_priority():
    """``--start-nice N``: the app is made in a thread N steps nicer, the collector off; the
    main thread, which then serves, keeps the process's priority (an unprivileged process
    could not lower it again), and what start-up made is frozen."""
    out = run(NICED_START_UP.format(root=str(ROOT)))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.split() == ["start-up", "7", "False", "0", "True", "True"]


def _thread_niceness(pid: int) -> list[int]:
    """Each thread's niceness (field 19 of /proc/PID/task/TID/stat)."""
    tasks = Path(f"/proc/{pid}/task")
    return [
        int((task / "stat").read_text().rsplit(")", 1)[1].split()[16]) for task in tasks.iterdir()
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="niceness per thread is Linux's")
def test_the_console_s_sandbox_starts_up_nicer_and_serves_at_the_console_s_priority(tmp_path):
    """The console's sandbox (SandboxChoice.open) is asked to make its app 10 steps nicer, so
    that it leaves the CPU to the console's first page; once it answers, none of its threads
    is niced."""
    from minted.console.sandbox import START_NICE, SandboxChoice

    own = os.getpriority(os.PRIO_PROCESS, 0)
    running = SandboxChoice(None, str(tmp_path / "c.db"), 0).open()
    try:
        args = Path(f"/proc/{running.process.pid}/cmdline").read_bytes().split(b"\0")
        assert args[args.index(b"--start-nice") + 1] == str(START_NICE).encode()
        assert START_NICE > 0
        assert running.control("GET", "/health")["customers"] > 0  # demo data made, served
        assert set(_thread_niceness(running.process.pid)) == {own}
    finally:
        running.stop()


@pytest.mark.parametrize(
    "path", [ROOT / "app.py", *sorted(ROOT.glob("pages/*.py"))], ids=lambda p: p.name
)
def test_no_page_relies_on_streamlit_s_magic(path):
    """.streamlit/config.toml turns magic off (it rewrote each page's syntax tree on its first
    run, ~12 ms of a cold start's first page): a bare expression would show nothing, so every
    page writes with st.* calls."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["magicEnabled"] is False
    bare = [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Expr)
        and not isinstance(node.value, ast.Call | ast.Await)
        and not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))
    ]
    assert not bare, f"{path.name}: bare expressions on lines {bare} (magic is off)"
