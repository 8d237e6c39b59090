"""Nothing let in (issue 12), against a real `renshe serve` process: an oversized body refused
before it is sent, 300 slowloris sockets neither lock the service out nor stay open, SIGTERM
during a batch request stops the server within 10 s and removes the web work directory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

IDLE = 2


def distinct_rows(n: int) -> bytes:
    """`n` retirement rows that are all different: batch runs the rule once per distinct row, so
    only distinct rows make a batch long enough to stop (issue 16)."""
    cats = ("male60", "female55", "female50")
    lines = (f"{1950 + i % 40}-{1 + i // 40 % 12:02d},{cats[i % 3]},{i // 480 % 720}\n" for i in range(n))
    return "".join(lines).encode()


def recv_reply(s: socket.socket, wait: float = 1.0) -> bytes:
    """What the server sends until it closes or pauses for `wait` seconds."""
    s.settimeout(wait)
    data = b""
    try:
        while chunk := s.recv(65536):
            data += chunk
    except TimeoutError:
        pass
    return data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str = "/healthz", timeout: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        return data


def start(db_path: Path, **env: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    full = {**os.environ, "RENSHE_DB": str(db_path), **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "renshe", "serve", "--port", str(port)],
        env=full,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a pipe nobody reads would fill and block the server
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if b"200 OK" in get(port, timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")


@pytest.fixture(scope="module")
def live(db_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """One server for the module (starting one costs seconds); the SIGTERM test, last, stops it."""
    proc, port = start(
        db_path,
        RENSHE_LIMIT_IDLE_SECONDS=str(IDLE),
        RENSHE_LIMIT_BATCH_SECONDS="600",
        RENSHE_LIMIT_CELLS="100000000",
    )
    yield proc, port
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=15)


@pytest.fixture
def server(live: tuple[subprocess.Popen[bytes], int]) -> int:
    return live[1]


def test_oversized_body_refused_before_it_is_sent(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server), timeout=5) as s:
        s.sendall(
            b"POST /api/calc/retirement HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200000000\r\n\r\n"
        )
        t = time.perf_counter()
        reply = s.recv(65536)
        assert time.perf_counter() - t < 1.0
        reply += recv_reply(s)
    assert reply.startswith(b"HTTP/1.1 422") and b"too_large" in reply


def test_slowloris_sockets_do_not_lock_the_service_out(server: int) -> None:
    socks = []
    try:
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", server), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-a: ")  # headers never finished
            socks.append(s)
        t = time.perf_counter()
        assert b"200 OK" in get(server)
        assert time.perf_counter() - t < 2.0
        time.sleep(IDLE + 1.5)
        closed = 0
        for s in socks:
            s.settimeout(0.5)
            try:
                if s.recv(1024) == b"":
                    closed += 1
            except (TimeoutError, ConnectionResetError):
                closed += isinstance(sys.exc_info()[1], ConnectionResetError)
        assert closed == 300
        assert b"200 OK" in get(server)
    finally:
        for s in socks:
            s.close()


def test_slow_body_is_cut_off(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server), timeout=IDLE + 5) as s:
        s.sendall(
            b"POST /api/calc/retirement HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        reply = recv_reply(s, IDLE + 3)
    assert reply.startswith(b"HTTP/1.1 422") and b"timeout" in reply


def upload_request(boundary: bytes = b"xyzzy", rows: int = 250_000) -> bytes:
    """A multipart batch upload of `rows` per-row retirement rows (~19 bytes each)."""
    body = b"birth,category,contribution_months\n" + distinct_rows(rows)
    payload = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + body + b"\r\n--" + boundary + b"--\r\n"
    )
    return (
        b"POST /api/batch/retirement HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary="
        + boundary
        + b"\r\nContent-Length: "
        + str(len(payload)).encode()
        + b"\r\n\r\n"
        + payload
    )


def test_batch_stops_when_the_client_goes(live: tuple[subprocess.Popen[bytes], int]) -> None:
    proc, port = live
    (root,) = Path(tempfile.gettempdir()).glob(f"renshe-web-{proc.pid}-*")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(upload_request())
        deadline = time.monotonic() + 20
        while not list(root.glob("batch-*")):  # the run has started
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1)
    t = time.monotonic()
    while list(root.glob("batch-*")):  # a cancelled run removes its directory
        assert time.monotonic() - t < 5, "the batch kept running after the client left"
        time.sleep(0.1)


def test_sigterm_during_a_batch_request_stops_within_ten_seconds(
    live: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, port = live
    roots_before = set(Path(tempfile.gettempdir()).glob(f"renshe-web-{proc.pid}-*"))
    assert roots_before  # the app's own work directory exists while it runs
    rows = distinct_rows(250_000)  # one rule call per row: tens of seconds of work
    body = b"birth,category,contribution_months\n" + rows
    boundary = b"xyzzy"
    payload = (
        b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + body + b"\r\n--" + boundary + b"--\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(
            b"POST /api/batch/retirement HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary="
            + boundary
            + b"\r\nContent-Length: "
            + str(len(payload)).encode()
            + b"\r\n\r\n"
            + payload
        )
        time.sleep(3)  # the batch is running
        t = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        stopped = time.perf_counter() - t
    assert stopped < 10, stopped
    assert not set(Path(tempfile.gettempdir()).glob(f"renshe-web-{proc.pid}-*"))
