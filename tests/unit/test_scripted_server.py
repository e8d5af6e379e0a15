"""The scripted hostile server does what fault-injection tests rely on."""

from __future__ import annotations

import socket

from support.certs import CertificateAuthorities
from support.scripted_server import (
    Call,
    Channel,
    Close,
    Expect,
    Repeat,
    ScriptedServer,
    Send,
    StartTLS,
    trickle,
)


def _connect(server: ScriptedServer) -> socket.socket:
    return socket.create_connection((server.host, server.port), timeout=5)


def test_several_replies_go_out_in_one_send_and_client_bytes_are_recorded() -> None:
    with ScriptedServer([Send(b"+OK a\r\n+OK b\r\n"), Expect(b"QUIT"), Close()]) as server:
        with _connect(server) as sock:
            data = b""
            while data.count(b"\r\n") < 2:
                data += sock.recv(100)
            sock.sendall(b"QUIT\r\n")
            assert sock.recv(100) == b""
        assert server.wait_finished()
    assert data == b"+OK a\r\n+OK b\r\n"
    assert server.received == b"QUIT\r\n"
    assert server.failures == []


def test_an_unexpected_line_is_a_failure_and_ends_the_connection() -> None:
    with ScriptedServer([Expect(b"CAPA"), Send(b"never\r\n")]) as server:
        with _connect(server) as sock:
            sock.sendall(b"USER bob\r\n")
            assert sock.recv(100) == b""
        assert server.wait_finished()
    assert server.failures == ["expected b'CAPA', client sent b'USER bob'"]


def test_plaintext_and_tls_phases_are_kept_apart(pki: CertificateAuthorities) -> None:
    script = [
        Expect(b"STLS"),
        Send(b"+OK go\r\n"),
        StartTLS(pki.server_context("127.0.0.1")),
        Expect(b"PASS"),
        Send(b"+OK\r\n"),
    ]
    with ScriptedServer(script) as server:
        with _connect(server) as raw:
            raw.sendall(b"STLS\r\n")
            assert raw.recv(100) == b"+OK go\r\n"
            with pki.client_context().wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                tls.sendall(b"PASS secret\r\n")
                assert tls.recv(100) == b"+OK\r\n"
        assert server.wait_finished()
    assert server.received_plaintext == b"STLS\r\n"
    assert server.received_tls == b"PASS secret\r\n"


def test_implicit_tls_and_extra_connections_are_counted_and_refused(
    pki: CertificateAuthorities,
) -> None:
    context = pki.server_context("127.0.0.1")
    with ScriptedServer(scripts=[[Send(b"+OK hi\r\n")]], implicit_tls=context) as server:
        with (
            _connect(server) as raw,
            pki.client_context().wrap_socket(raw, server_hostname="127.0.0.1") as tls,
        ):
            assert tls.recv(100) == b"+OK hi\r\n"
        with _connect(server) as second:
            assert second.recv(100) == b""
        assert server.wait_finished()
    assert server.connections == 2


def test_repeat_runs_until_the_client_leaves_and_trickle_paces_bytes() -> None:
    with ScriptedServer([*trickle(b"ab", every=0.01), Repeat(b"line\r\n")]) as server:
        with _connect(server) as sock:
            got = b""
            while len(got) < 10_000:
                got += sock.recv(65536)
        assert server.wait_finished()
    assert got.startswith(b"abline\r\nline\r\n")


def test_a_call_step_runs_a_responder_under_the_same_recording() -> None:
    def echo(channel: Channel) -> None:
        channel.send(channel.readline().upper() + b"\r\n")

    with ScriptedServer([Call(echo)]) as server:
        with _connect(server) as sock:
            sock.sendall(b"hello\r\n")
            assert sock.recv(100) == b"HELLO\r\n"
        assert server.wait_finished()
    assert server.lines == [b"hello"]


def test_the_server_stops_by_itself() -> None:
    server = ScriptedServer([Send(b"x")], lifetime=0.2).start()
    server._acceptor.join(timeout=2)
    assert not server._acceptor.is_alive()
    server.stop()
