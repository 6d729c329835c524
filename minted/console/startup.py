"""What the console's process does as it starts: app.py's runs freeze what Streamlit made and
what the pages import (`freeze_new_imports`) and tune the collector (`tune_collector`), and
serve.py hands `lifespan` to ``st.App``, whose server runs it once, before any browser comes
(``streamlit run serve.py``, as scripts/console does).

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
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

# The first page of a browser opened at once is drawn 1.2–1.5 s after the server answers
# (bench (e)), before this; a page that calls the sandbox sooner starts it itself.
SANDBOX_AFTER_S = 2.0


_modules_at_freeze = 0  # how many modules were loaded at the last freeze; 0: none yet
# Young objects the collector waits for before a collection: 10,000, not Python's 700.  A page
# of 100 orders makes ~10,000 containers that live until it is read; at 700 the collector
# walked them several times a page and moved them on to the older generations.  An export of
# 50,000 orders took ~0.7x the CPU at 10,000 (interleaved probes, median of 3: 5.2-5.5 → 4.0 s
# for Get Orders, 5.9-6.6 → 4.3-4.6 s for the walletable list); 5,000, 20,000 and 50,000 did
# less well.  The cyclic garbage it lets wait is a few MB at most.
YOUNG_COLLECTION = 10_000
_server_starts_sandbox = False


def server_starts_sandbox() -> bool:
    """Whether this process's server runs `lifespan` (serve.py), which starts the sandbox."""
    return _server_starts_sandbox


def freeze_new_imports() -> None:
    """Move what the process holds to the collector's permanent generation whenever modules
    were imported since the last time, so that the full collections a page's allocations set
    off walk only what was made since.  app.py calls it at the start of every run:

    - the first run freezes what Streamlit made to start (~90,000 objects, alive as long as
      the server): a full collection walking them took 0.06–0.37 s of a cold start's first
      page at load 4–7 (bench (e));
    - a later run freezes what the runs before it imported on first use: the console's
      modules, pandas, plotly and above all the client's pydantic models, whose validators
      are the dearest objects to walk.  Unfrozen, they made a full collection ~100 ms, and
      an export of 50,000 orders set off several (0.46 s of its CPU in a probe, 0.08 s
      frozen);
    - a run that imported nothing new does nothing: ``len(sys.modules)`` is one look-up
      (counting the frozen, ``gc.get_freeze_count()``, walks them all: ~7 ms a run).

    Imports stop once each page and action has been used, so this happens a bounded number
    of times in a process's life (8 in a tour of every page, three times over).  Before a
    later freeze the young generations are collected (a few ms), so the last run's garbage
    is not kept for good: a frozen object is still freed when nothing refers to it, but
    never by the cycle collector.  (Not a full collection: that is the ~100 ms this saves.)"""
    global _modules_at_freeze
    loaded = len(sys.modules)
    if loaded != _modules_at_freeze:
        if _modules_at_freeze:
            gc.collect(1)
        _modules_at_freeze = loaded
        gc.freeze()


def tune_collector() -> None:
    """The console's process collects young objects every `YOUNG_COLLECTION` allocations;
    app.py calls it on every run (one look-up when already set)."""
    threshold = gc.get_threshold()
    if threshold[0] != YOUNG_COLLECTION:
        gc.set_threshold(YOUNG_COLLECTION, *threshold[1:])


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
