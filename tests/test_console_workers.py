"""minted.console.workers: reads beside a script run on reused threads, and delayed actions
on one timer thread, each with the caller's context (issue 13: a thread per read or timer
made every page run wait for each thread's start)."""

from __future__ import annotations

import contextvars
import threading
import time

from minted.console import workers

WHO = contextvars.ContextVar("who", default="nobody")


def test_a_read_runs_on_a_reused_thread_with_the_callers_context_variables():
    WHO.set("ayse")
    first = workers.submit(lambda: (WHO.get(), threading.current_thread()))
    who, thread = first.result(timeout=5)
    assert who == "ayse" and thread is not threading.current_thread()
    made_before = len(workers._pool._threads)
    threads = {workers.submit(threading.current_thread).result(timeout=5) for _ in range(20)}
    assert threads <= set(workers._pool._threads)  # pool threads, reused
    assert len(workers._pool._threads) <= made_before + 1  # not twenty new ones


def test_a_failing_read_hands_its_error_to_whoever_asks():
    def fail():
        raise ValueError("no such customer")

    assert isinstance(workers.submit(fail).exception(timeout=5), ValueError)


def test_timers_run_in_order_once_and_a_cancelled_one_never():
    ran: list[str] = []
    done = threading.Event()
    workers.after(0.15, lambda: (ran.append("late"), done.set()))
    workers.after(0.05, lambda: ran.append("early"))
    cancel = workers.after(0.1, lambda: ran.append("cancelled"))
    cancel()
    workers.after(0.02, lambda: 1 / 0)  # a failing action does not stop the rest
    assert done.wait(5)
    time.sleep(0.05)
    assert ran == ["early", "late"]
    cancel()  # cancelling after the time is harmless


def test_a_timer_carries_the_callers_context_variables():
    WHO.set("mehmet")
    seen = []
    done = threading.Event()
    workers.after(0.01, lambda: (seen.append(WHO.get()), done.set()))
    assert done.wait(5) and seen == ["mehmet"]


def test_a_pages_reads_run_at_once_and_a_failing_one_is_left_to_the_page():
    """prefetch runs the first read in the caller's thread and the others on the pool, all
    at the same time: three reads that each wait for the other two all get through."""
    from minted.console.data import prefetch

    together = threading.Barrier(3, timeout=10)
    threads = []

    def read(name):
        threads.append(threading.current_thread())
        together.wait()  # broken (BrokenBarrierError) unless all three are running
        return name

    def failing():
        raise ValueError("shown by the page's own call")

    prefetch((read, "customer"), (read, "balances"), (read, "orders"), (failing,))
    assert not together.broken and len(threads) == 3
    assert threading.current_thread() in threads  # the first read: no thread to wait for
