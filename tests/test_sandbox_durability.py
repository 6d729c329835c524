"""kill -9 during a stream of writes: every acknowledged order survives, none twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

import minted
from minted.console.sandbox import SandboxProcess
from minted.sandbox.ports import free_port
from minted.sandbox.settings import SandboxSettings


def start_server(db: Path, port: int) -> subprocess.Popen:
    """The sandbox in a process of its own, as the console runs it; the test kills it."""
    settings = SandboxSettings(db_path=str(db), demo_data=False)
    return SandboxProcess(settings, port=port).start(timeout=30).process


def test_kill_9_loses_no_acknowledged_order_and_makes_none_twice(tmp_path):
    db, port = tmp_path / "durable.db", free_port()
    settings = SandboxSettings()
    url = f"http://127.0.0.1:{port}"
    server = start_server(db, port)
    acknowledged: list[str] = []
    attempted: list[str] = []
    stop = threading.Event()

    def write_stream(worker: int):
        with minted.Client(
            settings.username, settings.password, base_url=url, timeout=5, max_retries=0
        ) as client:
            i = 0
            while not stop.is_set():
                external_id = f"K{worker}-{i:05d}"
                attempted.append(external_id)
                try:
                    token = client.price_fix.get(currency="GBP").token
                    client.b2b.buy(token, external_id, [{"sku": "GAU", "amount": 1}])
                    acknowledged.append(external_id)
                except minted.MintedError:
                    return  # the server is gone
                i += 1

    try:
        workers = [threading.Thread(target=write_stream, args=(w,)) for w in range(3)]
        for worker in workers:
            worker.start()
        while len(acknowledged) < 60:
            time.sleep(0.01)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        stop.set()
        for worker in workers:
            worker.join(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()

    server = start_server(db, port)
    try:
        with minted.Client(settings.username, settings.password, base_url=url) as client:
            for external_id in acknowledged:
                assert client.orders.get(external_id).external_id == external_id
            # an in-flight order retried with its external_id is found, not made again
            in_flight = [e for e in attempted if e not in acknowledged]
            for external_id in in_flight:
                token = client.price_fix.get(currency="GBP").token
                client.b2b.buy(token, external_id, [{"sku": "GAU", "amount": 1}])
            ids = []
            page = 1
            while True:
                listing = client.orders.list(total=100, page=page)
                ids += [o.external_id for o in listing.data]
                if not listing.has_next:
                    break
                page += 1
            assert len(ids) == len(set(ids)), "an external_id made two orders"
            assert set(acknowledged) <= set(ids)
            assert set(ids) == set(attempted)
    finally:
        server.kill()
        server.wait(timeout=10)


def test_the_consoles_sandbox_process_ends_with_the_console_even_after_kill_9(tmp_path):
    """The console starts its sandbox as a child process (SandboxProcess); a console killed
    with -9 runs no clean-up, so the child must notice on its own and go."""
    code = f"""
from minted.console.sandbox import SandboxProcess
from minted.sandbox.settings import SandboxSettings
sandbox = SandboxProcess(SandboxSettings(db_path={str(tmp_path / "s.db")!r}, demo_data=False))
sandbox.start()
print(sandbox.process.pid, sandbox.url, flush=True)
import time
time.sleep(600)
"""
    console = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        pid, url = console.stdout.readline().split()
        assert httpx.get(f"{url}/_sandbox/health", timeout=5).status_code == 200
        console.send_signal(signal.SIGKILL)
        console.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        assert not _alive(pid), "the sandbox outlived its console"
    finally:
        console.kill()
        console.wait()
        console.stdout.close()


def _alive(pid: str) -> bool:
    """Running, not gone and not a zombie waiting for a parent that reaps nothing."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
