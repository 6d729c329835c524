"""Work beside a page's script run: reads on a shared pool of threads, and delayed actions
("Loading…" after 300 ms) on one timer thread, each carrying the run's Streamlit context.

A new thread per read, and another per "Loading…" timer, made the script wait for each one's
start: ``Thread.start()`` returns only once the new thread has run, which on a busy two-core
machine was about a fifth of a light page's server time (py-spy, issue 13).  Pool threads and
the timer thread are started once and reused.
"""

from __future__ import annotations

import contextlib
import contextvars
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import (
    SCRIPT_RUN_CONTEXT_ATTR_NAME,
)

# Reads wait for the network, not the CPU; enough threads that ten sessions' page reads
# (five at once each) never queue behind one another.
_pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="console-read")


def _in_script_context(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """``fn(*args)`` to be run on another thread, with this thread's Streamlit script context
    (so cached functions and elements work there) and context variables (language, session
    tag, actor); the thread is left without them afterwards."""
    script_ctx = get_script_run_ctx(suppress_warning=True)
    context = contextvars.copy_context()

    def run() -> Any:
        thread = threading.current_thread()
        setattr(thread, SCRIPT_RUN_CONTEXT_ATTR_NAME, script_ctx)
        try:
            return context.run(fn, *args)
        finally:
            setattr(thread, SCRIPT_RUN_CONTEXT_ATTR_NAME, None)

    return run


def submit(fn: Callable[..., Any], *args: Any) -> Future:
    """Start ``fn(*args)`` on a pool thread now; ``.result()`` it later."""
    return _pool.submit(_in_script_context(fn, *args))


class _Timers:
    """One thread that runs each scheduled action at its time, unless cancelled first."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int]] = []  # a heap of (when, number)
        self._pending: dict[int, Callable[[], Any]] = {}
        self._numbers = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def after(self, seconds: float, action: Callable[[], Any]) -> Callable[[], None]:
        """Run ``action`` in ``seconds`` (in the caller's script context); returns a cancel."""
        run = _in_script_context(action)
        with self._changed:
            number = next(self._numbers)
            self._pending[number] = run
            heapq.heappush(self._due, (time.monotonic() + seconds, number))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="console-timers", daemon=True
                )
                self._thread.start()
            self._changed.notify()

        def cancel() -> None:
            with self._changed:
                self._pending.pop(number, None)

        return cancel

    def _loop(self) -> None:
        while True:
            with self._changed:
                while not self._due or self._due[0][0] > time.monotonic():
                    timeout = self._due[0][0] - time.monotonic() if self._due else None
                    self._changed.wait(timeout)
                _, number = heapq.heappop(self._due)
                run = self._pending.pop(number, None)
            if run is not None:
                with contextlib.suppress(Exception):  # one failing must not stop the rest
                    run()


_timers = _Timers()


def after(seconds: float, action: Callable[[], Any]) -> Callable[[], None]:
    """Run ``action`` on the timer thread in ``seconds``; call the result to cancel it."""
    return _timers.after(seconds, action)
