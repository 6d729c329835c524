"""What the console's process does once, when it starts: app.py's first run freezes what
Streamlit made (`freeze_once`), and serve.py hands `lifespan` to ``st.App``, whose server runs
it once, before any browser comes (``streamlit run serve.py``, as scripts/console does).

It starts the console's sandbox a moment after the server answers, unless a page's call
started it sooner (the first page makes none).  Not at once, and not on the first page: a
browser opened as soon as the server answers draws that page on the same cores as the
sandbox's start-up, and starting both together made it 0.3 s slower (bench (e), 8 starts:
2.13 against 1.79 s), starting it on the first run 0.2 s (14 starts: 2.02 against 1.80 s).
A support engineer who comes a few seconds after starting the console finds the sandbox
answering; one who comes at once sees "starting the local sandbox" until it does.  When
app.py is run on its own (``streamlit run app.py``), or the sandbox is shared (nothing to
start), its first run starts it.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

# The first page of a browser opened at once is drawn 1.2–1.5 s after the server answers
# (bench (e)), before this; a page that calls the sandbox sooner starts it itself.
SANDBOX_AFTER_S = 2.0


_frozen = False
_server_starts_sandbox = False


def server_starts_sandbox() -> bool:
    """Whether this process's server runs `lifespan` (serve.py), which starts the sandbox."""
    return _server_starts_sandbox


def freeze_once() -> None:
    """Move what the process has made so far (Streamlit's ~90,000 objects, alive as long as
    the server) to the collector's permanent generation, once per process, so that the full
    collections a page's allocations set off no longer walk them: they took 0.06–0.37 s of a
    cold start's first page at load 4–7 (bench (e)).  app.py calls it on every run, so it
    costs nothing after the first: ``gc.get_freeze_count()`` walks the whole generation
    (~7 ms a run, measured when app.py asked it instead)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def skip_direct_run_warning() -> None:
    """Tell Streamlit that its warning for a script run without ``streamlit run`` is done.
    It decides on the first element a process draws, with ``inspect.stack()``, which looks
    up the source file of every loaded module for each frame: about 45 ms of a cold start's
    first run (33 ms of CPU; bench (e)), to learn what a page served by Streamlit's server
    always is.  The flag is Streamlit's own (private; where a version lacks it, nothing is
    set)."""
    from streamlit import delta_generator

    if getattr(delta_generator, "_use_warning_has_been_displayed", True) is False:
        delta_generator._use_warning_has_been_displayed = True


def sandbox_lifespan(
    start: Callable[[], None], after: float = SANDBOX_AFTER_S
) -> Callable[[Any], Any]:
    """A lifespan (for ``st.App`` or any Starlette app) that calls ``start`` ``after``
    seconds into the server's life, on its event loop, and not at all if the server stops
    before.  ``start`` must return at once and may already have been called (by a page)."""

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        global _server_starts_sandbox
        _server_starts_sandbox = True
        timer = asyncio.get_running_loop().call_later(after, start)
        try:
            yield
        finally:
            timer.cancel()

    return lifespan


def _start_sandbox() -> None:
    from minted.console import session

    session.start_sandbox()


lifespan = sandbox_lifespan(_start_sandbox)
