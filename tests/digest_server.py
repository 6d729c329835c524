"""A small HTTP server on loopback that demands Digest auth (RFC 7616, MD5, qop=auth).

It checks the client's arithmetic independently (hashlib here, not minted.auth), refuses a
repeated (nonce, nc) pair, and counts the 401 challenges it sends.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import parse_http_list, parse_keqv_list

REALM = "minted-test"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class DigestServer:
    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.password = password
        self.lock = threading.Lock()
        self.nonce = secrets.token_hex(8)
        self.retired_nonces: set[str] = set()
        self.seen: set[tuple[str, str]] = set()
        self.challenges = 0
        self.authorized = 0
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with server.lock:
                    server.requests += 1
                verdict = server.check(self.command, self.path, self.headers.get("Authorization"))
                if verdict == "ok":
                    body = json.dumps(
                        {"data": {"external_id": "C-1"}, "success": True, "code": 0, "message": ""}
                    ).encode()
                    self.send_response(200)
                else:
                    body = json.dumps(
                        {"data": None, "success": False, "code": 401, "message": "Unauthorized"}
                    ).encode()
                    self.send_response(401)
                    stale = ", stale=true" if verdict == "stale" else ""
                    self.send_header(
                        "WWW-Authenticate",
                        f'Digest realm="{REALM}", nonce="{server.nonce}", qop="auth", '
                        f'algorithm=MD5, opaque="op-{REALM}"{stale}',
                    )
                    with server.lock:
                        server.challenges += 1
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def rotate_nonce(self) -> None:
        with self.lock:
            self.retired_nonces.add(self.nonce)
            self.nonce = secrets.token_hex(8)

    def check(self, method: str, uri: str, header: str | None) -> str:
        if not header or not header.startswith("Digest "):
            return "missing"
        fields = parse_keqv_list(parse_http_list(header[len("Digest ") :]))
        with self.lock:
            if fields.get("nonce") in self.retired_nonces:
                return "stale"
            if fields.get("nonce") != self.nonce or fields.get("uri") != uri:
                return "bad"
            key = (fields["nonce"], fields.get("nc", ""))
            if key in self.seen:
                return "replay"
            self.seen.add(key)
        ha1 = md5(f"{fields.get('username')}:{REALM}:{self.password}")
        ha2 = md5(f"{method}:{uri}")
        expected = md5(
            f"{ha1}:{fields['nonce']}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}"
        )
        if fields.get("username") != self.username or fields.get("response") != expected:
            return "bad"
        if fields.get("opaque") != f"op-{REALM}":
            return "bad"
        with self.lock:
            self.authorized += 1
        return "ok"

    def __enter__(self) -> DigestServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
