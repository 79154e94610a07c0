"""A full `tasks.py serve` run logs no client address and none of the URLs it was asked about."""

import http.client
import ipaddress
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
SERVER = "127.0.0.2"  # the address serve listens on (its start-up lines name it)
CLIENT = "127.0.0.3"  # where every request comes from: it must appear nowhere
FORWARDED = "203.0.113.77"  # an X-Forwarded-For address a request claims
# Distinctive pieces of the URLs and hosts the requests name.
SECRETS = ("secret-shop-zq1", "needle-zq2", "reported-shop-zq3", "nowhere-zq4",
           "malformed-zq5", "toolong-zq6", "badjson-zq7", "A1SELLERZQ8", FORWARDED, CLIENT)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6_LIKE = re.compile(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")


def _ipv6_addresses(text: str) -> list[str]:
    """What in text parses as an IPv6 address (a time like 23:03:16 does not)."""
    found = []
    for candidate in _IPV6_LIKE.findall(text):
        try:
            ipaddress.IPv6Address(candidate.strip(":."))
        except ValueError:
            continue
        found.append(candidate)
    return found


def _serve(folder: Path, port: int, stdout, stderr) -> subprocess.Popen:
    """tasks.py serve, exactly (init-db, then gunicorn with serve's arguments), except that
    the virtualenv is taken as it is (serve would pip-install when the stamp differs)."""
    env = {**os.environ, "HOST": SERVER, "PORT": str(port), "WORKERS": "2", "THREADS": "2",
           "FLASK_DATABASE": str(folder / "radar.db"), "FLASK_SUBMITTER_SECRET": "log-test",
           "FLASK_CHECK_RATE_LIMIT": "8 per minute"}
    code = "import tasks; tasks.ensure_venv = lambda *extras: None; tasks.serve()"
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                            stdout=stdout, stderr=stderr)


def _request(port, method, path, body=None, headers=None) -> int:
    connection = http.client.HTTPConnection(SERVER, port, timeout=10,
                                            source_address=(CLIENT, 0))
    try:
        payload = body if isinstance(body, (bytes, type(None))) else json.dumps(body)
        connection.request(method, path, body=payload, headers={
            "Content-Type": "application/json", "X-Forwarded-For": FORWARDED,
            "Referer": "https://secret-shop-zq1.example/referer", **(headers or {})})
        return connection.getresponse().status
    finally:
        connection.close()


def _raw(port, data: bytes) -> bytes:
    with socket.create_connection((SERVER, port), timeout=10,
                                  source_address=(CLIENT, 0)) as connection:
        connection.sendall(data)
        return connection.recv(65536)


def _wait_until_up(server, port, folder):
    deadline = time.monotonic() + 60
    while True:
        try:
            if _request(port, "GET", "/api/v1/health") == 200:
                return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise AssertionError((folder / "stderr.log").read_text())
        time.sleep(0.3)


def test_a_served_run_logs_no_client_address_and_no_url(tmp_path):
    port = free_port()
    with open(tmp_path / "stdout.log", "wb") as stdout, \
            open(tmp_path / "stderr.log", "wb") as stderr:
        server = _serve(tmp_path, port, stdout, stderr)
        _exercise(server, port, tmp_path)
    logs = (tmp_path / "stdout.log").read_text() + (tmp_path / "stderr.log").read_text()
    assert "Listening at" in logs and "Serving" in logs  # both streams were captured
    for secret in SECRETS:
        assert secret not in logs, secret
    assert "/api/v1/" not in logs
    # Any address in the logs is the one the server listens on, never a client's.
    assert set(_IPV4.findall(logs)) <= {SERVER}, _IPV4.findall(logs)
    assert _ipv6_addresses(logs) == []


def _exercise(server, port, tmp_path):
    """Checks, a report, lookups, a 404, malformed JSON, 429s and two malformed requests."""
    try:
        _wait_until_up(server, port, tmp_path)
        check = "https://secret-shop-zq1.example/product/1?q=needle-zq2"
        statuses = [
            _request(port, "GET", "/api/v1/check?url=" + check.replace("?", "%3F")),
            _request(port, "POST", "/api/v1/check", {"url": check, "html": "<html>\0<"}),
            _request(port, "POST", "/api/v1/check",
                     {"url": "https://www.amazon.com/sp?seller=A1SELLERZQ8"}),
            _request(port, "POST", "/api/v1/reports",
                     {"url": "https://reported-shop-zq3.example/p", "reason": "counterfeit"}),
            _request(port, "GET", "/api/v1/nowhere-zq4"),
            _request(port, "POST", "/api/v1/check", b"{not json badjson-zq7"),
            _request(port, "GET", "/api/v1/prefixes"),
            _request(port, "GET", "/api/v1/hashes/0a1b2c3d"),
        ]
        statuses += [_request(port, "GET", f"/api/v1/check?url={check}") for _ in range(8)]
        # Gunicorn's own warnings quote the offending header or version: here, a URL.
        malformed = _raw(port, b"GET /malformed-zq5 HTTP/1.1\r\nHost: x\r\n"
                               b"Referer https://secret-shop-zq1.example/\r\n\r\n")
        too_long = _raw(port, b"GET /toolong-zq6" + b"x" * 9000 + b" HTTP/1.1\r\n\r\n")
        bad_line = _raw(port, b"GET /malformed-zq5 HTTP/1.1/needle-zq2\r\n\r\n")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert {200, 201, 404, 400, 429} <= set(statuses), statuses
    assert malformed.startswith(b"HTTP/1.1 400") and bad_line.startswith(b"HTTP/1.1 400")
    assert too_long.startswith(b"HTTP/1.1 414")
