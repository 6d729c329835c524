"""An HTTP proxy on loopback that loses the answers of chosen writes.

It stands between the console and the sandbox.  Every request is passed on; for a request
that ``drop`` matches, the sandbox's answer is read (the write is made) and the client's
connection is then closed without it, as when a network drops an answer in flight.  It
counts what reached the sandbox, so a test can tell one request from two.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

import httpx

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class DroppingProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.drop: set[tuple[str, str]] = set()  # (method, path without query)
        self.reached: Counter[tuple[str, str]] = Counter()
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dropping-proxy", daemon=True)

    def __enter__(self) -> DroppingProxy:
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("the proxy did not start")
        return self

    def __exit__(self, *exc_info) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._client = httpx.AsyncClient(base_url=self.upstream, timeout=60)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        self._started.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            self._loop.run_until_complete(self._client.aclose())
            self._loop.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = [tuple(line.split(": ", 1)) for line in lines[1:] if ": " in line]
                length = next((int(v) for k, v in headers if k.lower() == "content-length"), 0)
                body = await reader.readexactly(length) if length else b""
                path = target.split("?", 1)[0]
                if path.startswith("/partner/"):
                    self.reached[(method, path)] += 1
                answer = await self._client.request(
                    method,
                    target,
                    content=body,
                    headers=[(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP],
                )
                if (method, path) in self.drop:
                    return  # made upstream; the answer is lost on the way back
                status = f"HTTP/1.1 {answer.status_code} {answer.reason_phrase}\r\n"
                kept = [(k, v) for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP]
                kept.append(("content-length", str(len(answer.content))))
                writer.write(
                    (status + "".join(f"{k}: {v}\r\n" for k, v in kept) + "\r\n").encode("latin-1")
                    + answer.content
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
