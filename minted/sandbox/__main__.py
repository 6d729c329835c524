"""``python -m minted.sandbox --host 127.0.0.1 --port 8765 --db .sandbox/minted.db``

``--endpoints FILE.toml`` serves the endpoints its ``[endpoints]`` table corrects where it says
(see `minted.sandbox.settings`)."""

from __future__ import annotations

import argparse
import gc
import os
import socket
import sys
import threading
import time

from minted.endpoints import describe, load_overrides
from minted.sandbox.ports import bound_socket
from minted.sandbox.settings import DEFAULT_PASSWORD, SandboxSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m minted.sandbox", description="A local Minted Connect partner API."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=_port, default=8765, help="0: any free port")
    parser.add_argument("--db", default=".sandbox/minted-sandbox.db", help="SQLite file")
    parser.add_argument("--seed", type=int, default=42, help="prices and demo data")
    parser.add_argument(
        "--no-demo-data", action="store_true", help="start empty (no demo customers or history)"
    )
    parser.add_argument(
        "--endpoints",
        metavar="FILE.toml",
        help='a TOML file whose [endpoints] table corrects endpoints: "Walletable › Clear '
        'Basket" = "DELETE /partner/walletable/basket/clear" (else $MINTED_SANDBOX_ENDPOINTS)',
    )
    parser.add_argument(
        "--demo-orders",
        type=int,
        default=0,
        metavar="N",
        help="seed N orders over the demo period, made in bulk (a new database only)",
    )
    parser.add_argument(
        "--history-days", type=int, default=35, metavar="DAYS", help="the demo period"
    )
    parser.add_argument("--quiet", action="store_true", help="no banner, warnings only")
    parser.add_argument(
        "--parent-pid", type=int, help="exit when this process ends (the console's child)"
    )
    parser.add_argument(
        "--start-nice",
        type=int,
        default=0,
        metavar="N",
        help="start up (imports, app, demo data) N steps nicer than the process, then serve "
        "at its own priority (Linux; the console's child starts 10 steps nicer)",
    )
    args = parser.parse_args(argv)
    if args.demo_orders and args.no_demo_data:
        parser.error("--demo-orders makes demo data: it cannot go with --no-demo-data")
    try:
        overrides = {"endpoint_overrides": load_overrides(args.endpoints)} if args.endpoints else {}
        settings = SandboxSettings.from_env(
            db_path=args.db,
            seed=args.seed,
            demo_data=not args.no_demo_data,
            demo_orders=args.demo_orders,
            history_days=args.history_days,
            **overrides,
        )
        app = _start_up(settings, args.start_nice)
    except (OSError, ValueError) as exc:  # a bad endpoints file: say why, no traceback
        parser.error(str(exc))
    seeded = app.state.world.store.setting("seeded") or {}
    if args.demo_orders and not (seeded.get("bulk") and seeded.get("events") == args.demo_orders):
        print(
            f"--demo-orders {args.demo_orders}: {settings.db_path} already holds its demo world "
            f"({seeded.get('events', 0)} events), which is kept; give a new --db to make "
            "another",
            file=sys.stderr,
        )
    try:  # the port is held from here, so the banner, `listening_on` and the server agree
        listener = bound_socket(args.host, args.port)
    except OSError as exc:
        parser.error(f"cannot listen on {args.host} port {args.port}: {exc.strerror or exc}")
    port = listener.getsockname()[1]  # the one found, for --port 0
    url = f"http://[{args.host}]:{port}" if ":" in args.host else f"http://{args.host}:{port}"
    # Where it listens, for tools that only know the database (browser tests, drills).
    app.state.world.store.set_setting("listening_on", url)
    if args.parent_pid:
        _exit_with(args.parent_pid)
    if args.quiet:
        _serve(app, listener, args.host, log_level="warning", access_log=False)
        return
    print(f"Minted Connect sandbox on {url}  (state: {settings.db_path})")
    # The documented default guards demo data and is shown; a password of your own is not.
    own = settings.password != DEFAULT_PASSWORD
    shown = "$MINTED_SANDBOX_PASSWORD" if own else settings.password
    print(f"  digest user {settings.username!r} password {shown!r}")
    print(f"  read-only user {settings.readonly_username!r} (same password unless set)")
    print(
        f'  try: curl --digest -u "{settings.username}:{shown}" '
        f"-H 'x-client-id: web' {url}/partner/orders/statuses"
    )
    print(f"  API description: {url}/openapi.json   control: {url}/_sandbox/health")
    for catalogued, served in app.state.endpoint_overrides.items():
        print(f"  {catalogued.docs[0]}: {describe(served)} (catalogue: {catalogued.key})")
    _serve(app, listener, args.host, log_level="info")


def _serve(app, listener: socket.socket, host: str, **options) -> None:
    """uvicorn on the socket already bound.  Handed a socket, uvicorn does not log where it
    listens: the banner says it (`minted.conformance.local` reads it there)."""
    import uvicorn

    port = listener.getsockname()[1]
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, **options)).run(sockets=[listener])


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (0 to 65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a TCP port (0 to 65535)")
    return port


def _start_up(settings: SandboxSettings, nice: int = 0):
    """The app, made ``nice`` steps nicer than the process (Linux; elsewhere at the process's
    own priority), with the cyclic collector off.

    A console starts its sandbox while it draws its first page, on the same cores: niced, the
    start-up takes the CPU the console and the browser leave, and gets all of it once they are
    done.  It runs in a thread of its own, since Linux keeps a niceness per thread and only
    root may lower one again: the server then runs in the main thread, at the process's own.

    Start-up makes ~120,000 objects that live as long as the process (modules, routes,
    schemas, the demo world) and next to no cyclic garbage, yet set off full collections that
    walked them all (~0.05–0.1 s of the ~0.6 s of CPU before a console's sandbox answered).
    They are then frozen (`gc.freeze`), so the collections of a serving sandbox skip them."""
    if nice and sys.platform == "linux":
        made: list = []

        def niced() -> None:
            try:
                me = threading.get_native_id()
                own = os.getpriority(os.PRIO_PROCESS, me)
                os.setpriority(os.PRIO_PROCESS, me, min(own + nice, 19))
                made.append(_start_up(settings))
            except BaseException as error:  # handed to the main thread
                made.append(error)

        thread = threading.Thread(target=niced, name="start-up")
        thread.start()
        thread.join()
        if isinstance(made[0], BaseException):
            raise made[0]
        return made[0]
    gc.disable()
    try:
        import uvicorn  # noqa: F401 - with the rest of the start-up, the collector off

        from minted.sandbox.app import create_app

        return create_app(settings)
    finally:
        gc.freeze()
        gc.enable()


def _exit_with(parent_pid: int) -> None:
    """A child sandbox must not outlive the console, even one killed with -9."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1)
        os._exit(0)  # SQLite keeps what was committed; a write in flight rolls back

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    main()
