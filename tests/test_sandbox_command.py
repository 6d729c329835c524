"""``python -m minted.sandbox``'s bounds: what it cannot serve is refused in a line, before a
database is made, and the address it prints is one it listens on."""

from __future__ import annotations

import pytest

from minted.sandbox.__main__ import main
from minted.sandbox.settings import MAX_DEMO_ORDERS, MAX_HISTORY_DAYS, SandboxSettings


@pytest.mark.parametrize("days", [1, 35, MAX_HISTORY_DAYS])
@pytest.mark.parametrize("orders", [0, 1, MAX_DEMO_ORDERS])
def test_a_demo_world_within_its_bounds_is_accepted(days, orders):
    settings = SandboxSettings(history_days=days, demo_orders=orders)
    assert (settings.history_days, settings.demo_orders) == (days, orders)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("history_days", 0, "demo period"),
        ("history_days", -5, "demo period"),  # a history dated after now
        ("history_days", MAX_HISTORY_DAYS + 1, "demo period"),
        ("history_days", 10**7, "demo period"),  # past year 1: an OverflowError trace
        ("demo_orders", -1, "demo orders"),
        ("demo_orders", MAX_DEMO_ORDERS + 1, "demo orders"),
        ("demo_orders", 10**20, "demo orders"),  # would have run until the disk was full
    ],
)
def test_a_demo_world_out_of_bounds_is_refused_by_the_settings(field, value, says):
    with pytest.raises(ValueError, match=says) as refused:
        SandboxSettings(**{field: value})
    assert f"not {value}" in str(refused.value)


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--demo-orders", "-1"], "demo orders must be 0"),
        (["--demo-orders", "99999999999999999999"], "demo orders must be 0"),
        (["--history-days", "-5"], "demo period"),
        (["--history-days", "10000000"], "demo period"),
        (["--port", "70000"], "not a TCP port"),
        (["--port", "-1"], "not a TCP port"),
        (["--port", "eighty"], "not a TCP port"),
    ],
)
def test_the_command_refuses_in_a_line_before_making_a_database(arguments, says, tmp_path, capsys):
    db = tmp_path / "sandbox.db"
    with pytest.raises(SystemExit) as refused:
        main([*arguments, "--db", str(db)])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not db.exists()


def started_on_port_0(tmp_path, monkeypatch) -> dict:
    """``python -m minted.sandbox --port 0`` run up to serving: what it would hand uvicorn
    (``app``, ``listener``, ``host``), the server itself left out."""
    from minted.sandbox import __main__ as command

    served: dict = {}
    monkeypatch.setattr(command, "_serve", lambda app, listener, host, **options: served.update(
        app=app, listener=listener, host=host))  # fmt: skip
    main(["--port", "0", "--no-demo-data", "--db", str(tmp_path / "sandbox.db")])
    return served


def test_port_0_prints_and_serves_the_port_it_found(tmp_path, capsys, monkeypatch):
    """``--port 0`` printed ``http://127.0.0.1:0`` in the banner and its curl line; the port
    is now bound before it is printed, and served on that very socket."""
    served = started_on_port_0(tmp_path, monkeypatch)
    with served["listener"] as listener:
        port = listener.getsockname()[1]
    assert 0 < port <= 65535 and served["host"] == "127.0.0.1"
    url = f"http://127.0.0.1:{port}"
    out = capsys.readouterr().out
    assert f"Minted Connect sandbox on {url} " in out
    assert f"{url}/partner/orders/statuses" in out and ":0/" not in out
    assert served["app"].state.world.store.setting("listening_on") == url


def test_a_port_in_use_is_refused_in_a_line(tmp_path, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as refused:
            main(["--port", str(port), "--no-demo-data", "--db", str(tmp_path / "s.db")])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1 port {port}" in err and "Traceback" not in err


def test_the_socket_it_serves_on_sends_each_answer_at_once(tmp_path, monkeypatch):
    """The listener the command hands uvicorn must say it is TCP: asyncio turns Nagle's
    algorithm off (TCP_NODELAY) only on such connections, and without that each answer on a
    kept-alive connection waited for the client's delayed ACK, ~40 ms a request.  Served here
    as uvicorn serves it (``loop.create_server(sock=...)``)."""
    import asyncio
    import socket

    served = started_on_port_0(tmp_path, monkeypatch)

    async def nodelay_of_a_connection() -> int:
        accepted = asyncio.get_running_loop().create_future()

        class Answer(asyncio.Protocol):
            def connection_made(self, transport) -> None:
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        loop = asyncio.get_running_loop()
        server = await loop.create_server(Answer, sock=served["listener"])
        async with server:
            _, writer = await asyncio.open_connection(*served["listener"].getsockname()[:2])
            try:
                return await asyncio.wait_for(accepted, 10)
            finally:
                writer.close()

    assert asyncio.run(nodelay_of_a_connection()) != 0
