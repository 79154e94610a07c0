"""Behind a real proxy: the shipped nginx site in front of gunicorn as the shipped systemd
unit runs it, and gunicorn alone as `python3 tasks.py serve` runs it.

nginx buffers slow clients, so they never hold gunicorn's threads; every error either
server makes itself is JSON in the API's error shape, never an HTML page.
"""

import http.client
import importlib.util
import json
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.live import (ROOT, apt_install, free_port, running_gunicorn, running_nginx)

UNIT = ROOT / "deploy" / "counterfeit-radar.service"
SNIPPET = ROOT / "deploy" / "nginx" / "snippets" / "counterfeit-radar.conf"
SLOW_CLIENTS = 50
# The acceptance criterion: a normal check while the slow clients hang on.
CHECK_WITHIN_SECONDS = 1.0
SLOW_BODY = (b"POST /api/v1/check HTTP/1.1\r\nHost: radar.test\r\n"
             b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n")


def unit_setting(name: str) -> list[str]:
    """The values of a setting in the shipped unit, continuation lines joined."""
    text = UNIT.read_text().replace("\\\n", " ")
    return [line.split("=", 1)[1].strip() for line in text.splitlines()
            if line.startswith(f"{name}=")]


def unit_gunicorn_options(folder: Path) -> tuple[list[str], dict]:
    """The gunicorn options and environment of the unit's ExecStart, without its bind."""
    (command,) = unit_setting("ExecStart")
    environment = dict(value.split("=", 1) for value in unit_setting("Environment"))
    # systemd expands ${NAME} from the unit's Environment= lines.
    command = re.sub(r"\$\{(\w+)\}", lambda found: environment[found[1]], command)
    words = shlex.split(command)
    assert words[0] == "/opt/counterfeit-radar/.venv/bin/gunicorn"
    assert words[-1] == "backend:create_app()"
    options = words[1:-1]
    bind = options.index("--bind")
    assert options[bind + 1] == "unix:/run/counterfeit-radar/gunicorn.sock"
    del options[bind:bind + 2]
    environment["XDG_RUNTIME_DIR"] = str(folder)
    del environment["FLASK_DATABASE"]  # running_gunicorn puts it in folder
    return options, environment


def serve_gunicorn_options() -> list[str]:
    """The gunicorn options `python3 tasks.py serve` uses by default."""
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return ["--preload", "--workers", str(tasks.usable_cores() + 1), "--threads", "4",
            *tasks.GUNICORN_HTTP_ARGS]


def address(base: str) -> tuple[str, int]:
    parsed = urllib.parse.urlsplit(base)
    return parsed.hostname, parsed.port


def exchange(base: str, head: bytes, body: bytes = b"") -> tuple[int, str, bytes]:
    """Send raw bytes to base; the response's status, Content-Type and body."""
    with socket.create_connection(address(base), timeout=10) as sock:
        sock.sendall(head + body)
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            response.close()


def get(base: str, target: str, headers: bytes = b"") -> tuple[int, str, bytes]:
    return exchange(base, f"GET {target} HTTP/1.1\r\nHost: radar.test\r\n".encode()
                    + headers + b"Connection: close\r\n\r\n")


def check_target(url: str) -> str:
    return "/api/v1/check?url=" + urllib.parse.quote(url, safe="")


def assert_error(answer, status: int, code: str | None = None):
    """answer is status in the contract's error shape (JSON, never HTML)."""
    got_status, content_type, body = answer
    assert got_status == status, body[:300]
    assert content_type.startswith("application/json"), body[:300]
    error = json.loads(body)["error"]
    assert set(error) == {"code", "message"} and error["message"]
    if code:
        assert error["code"] == code


def assert_check(answer):
    status, content_type, body = answer
    assert status == 200, body[:300]
    assert content_type.startswith("application/json")
    assert json.loads(body)["verdict"] in ("counterfeit", "suspicious", "authorized", "unknown")


# A URL of 741 characters outside ASCII: the example. Three UTF-8 bytes each,
# percent-encoded: 6.7 KB of request line.
NON_ASCII_741 = "https://example.com/" + "鞋" * 721
# The longest URL the app takes, made of four-byte characters: 24.4 KB of request line.
LONGEST_FOUR_BYTE = "https://example.com/" + "😀" * 2028
TOO_LONG_BY_ONE = "https://example.com/" + "a" * 2029


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certificate, key) paths."""
    folder = tmp_path_factory.mktemp("tls")
    if not shutil.which("openssl"):
        apt_install("openssl")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture(scope="module")
def unit_backend(tmp_path_factory):
    """gunicorn started with the shipped unit's options and environment."""
    folder = tmp_path_factory.mktemp("unit-backend")
    options, environment = unit_gunicorn_options(folder)
    with running_gunicorn(folder, options, environment) as base:
        yield base


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, unit_backend, certificate):
    """The shipped nginx site (HTTP and HTTPS) in front of unit_backend:
    (http base, https base, the folder with nginx's logs)."""
    folder = tmp_path_factory.mktemp("nginx")
    tls_port = free_port()
    with running_nginx(folder, "%s:%d" % address(unit_backend),
                       tls=(tls_port, *certificate)) as base:
        yield base, f"https://127.0.0.1:{tls_port}", folder


@pytest.fixture(scope="module")
def serve_backend(tmp_path_factory):
    """gunicorn alone, as `python3 tasks.py serve` starts it."""
    with running_gunicorn(tmp_path_factory.mktemp("serve"), serve_gunicorn_options()) as base:
        yield base


def test_fifty_slow_clients_do_not_delay_a_check_behind_nginx(proxy):
    base = proxy[0]
    slow = [socket.create_connection(address(base), timeout=5) for _ in range(SLOW_CLIENTS)]
    senders = slow[::2]  # headers, then a body a byte a second; the others stay idle
    stop = threading.Event()

    def trickle():
        for _second in range(15):  # bounded, whatever happens to the test
            for sock in senders:
                sock.send(b" ")
            if stop.wait(1):
                return

    trickler = threading.Thread(target=trickle)
    try:
        for sock in senders:
            sock.sendall(SLOW_BODY)
        trickler.start()
        time.sleep(1)  # every slow client is connected and mid-request
        durations = []
        for _ in range(3):
            started = time.monotonic()
            assert_check(get(base, check_target("https://www.cheap-rolex-outlet.com/")))
            durations.append(time.monotonic() - started)
            time.sleep(0.5)
        # The slow clients were still waiting, not answered or dropped, all along.
        for sock in senders:
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(1)
        assert max(durations) < CHECK_WITHIN_SECONDS, durations
    finally:
        stop.set()
        if trickler.is_alive():
            trickler.join()
        for sock in slow:
            sock.close()


@pytest.mark.parametrize("url", [NON_ASCII_741, LONGEST_FOUR_BYTE],
                         ids=["741-non-ascii-characters", "2048-four-byte-characters"])
def test_a_url_the_app_takes_is_checked_through_nginx_however_it_is_encoded(proxy, url):
    assert_check(get(proxy[0], check_target(url)))


def test_a_url_over_2048_characters_gets_the_apps_error_through_nginx(proxy):
    assert_error(get(proxy[0], check_target(TOO_LONG_BY_ONE)), 400, "invalid_input")


def test_a_request_line_over_nginxs_buffer_gets_json_414(proxy):
    assert_error(get(proxy[0], check_target("https://example.com/" + "%" * 12_000)), 414,
                 "uri_too_long")


def test_headers_too_large_get_json_431_from_nginx(proxy):
    assert_error(get(proxy[0], "/api/v1/health", b"X-Padding: " + b"a" * 40_000 + b"\r\n"), 431,
                 "headers_too_large")


def test_malformed_http_gets_json_400_from_nginx(proxy):
    assert_error(exchange(proxy[0], b"NOT HTTP AT ALL\r\n\r\n"), 400, "invalid_input")


def test_a_body_over_3_mb_gets_json_413_from_nginx(proxy):
    body = b"{" + b" " * (4 * 1024 * 1024) + b"}"
    head = (b"POST /api/v1/check HTTP/1.1\r\nHost: radar.test\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
    assert_error(exchange(proxy[0], head, body), 413, "payload_too_large")


def test_a_chunked_body_over_3_mb_gets_json_413_from_nginx(proxy):
    chunk = b" " * 65536
    body = (b"%x\r\n%s\r\n" % (len(chunk), chunk)) * 64 + b"0\r\n\r\n"
    head = (b"POST /api/v1/check HTTP/1.1\r\nHost: radar.test\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    assert_error(exchange(proxy[0], head, body), 413, "payload_too_large")


def test_nginxs_internal_error_pages_cannot_be_asked_for(proxy):
    assert_error(get(proxy[0], "/_proxy_errors/502"), 404, "not_found")


def test_the_apps_own_errors_pass_through_nginx_unchanged(proxy):
    assert_error(get(proxy[0], "/api/v1/no-such-thing"), 404, "not_found")
    assert_error(get(proxy[0], "/api/v1/check?url=ftp%3A%2F%2Fexample.com"), 400, "invalid_input")


def test_a_check_over_https_with_the_operators_certificate(proxy, certificate):
    context = ssl.create_default_context(cafile=str(certificate[0]))
    host, port = address(proxy[1])
    connection = http.client.HTTPSConnection(host, port, context=context, timeout=10)
    connection.request("GET", check_target("https://www.cheap-rolex-outlet.com/"))
    response = connection.getresponse()
    assert_check((response.status, response.getheader("Content-Type"), response.read()))
    connection.close()


def test_nginxs_access_log_has_no_client_address_and_no_query(proxy):
    folder = proxy[2]
    assert_check(get(proxy[0], check_target("https://private-shopping.example/item")))
    log = (folder / "counterfeit-radar.access.log").read_text()
    assert '"GET /api/v1/check" 200' in log
    assert "127.0.0.1" not in log and "private-shopping" not in log and "url=" not in log


def test_upstream_down_gets_json_502(tmp_path):
    with running_nginx(tmp_path, f"127.0.0.1:{free_port()}") as base:
        assert_error(get(base, "/api/v1/health"), 502, "unavailable")


def test_every_nginx_error_page_is_the_error_shape():
    pages = re.findall(r"return (\d{3}) '(.*)\\n';", SNIPPET.read_text())
    assert {int(status) for status, _ in pages} >= {400, 408, 413, 414, 431, 500, 502, 503, 504}
    for status, body in pages:
        error = json.loads(body)["error"]
        assert set(error) == {"code", "message"} and re.fullmatch(r"[a-z_]+", error["code"])


@pytest.mark.parametrize("url", [NON_ASCII_741, "https://example.com/" + "a" * 2000],
                         ids=["741-non-ascii-characters", "2000-ascii-characters"])
def test_gunicorn_alone_checks_a_long_url(serve_backend, url):
    assert_check(get(serve_backend, check_target(url)))


def test_gunicorn_alone_gives_the_apps_error_for_a_url_over_2048_characters(serve_backend):
    assert_error(get(serve_backend, check_target(TOO_LONG_BY_ONE)), 400, "invalid_input")


@pytest.mark.parametrize("url", ["https://example.com/" + "😀" * 741,
                                 "https://example.com/" + "a" * 20_000],
                         ids=["741-four-byte-characters", "20-kb"])
def test_gunicorn_alone_gives_json_414_for_a_request_line_over_its_limit(serve_backend, url):
    assert_error(get(serve_backend, check_target(url)), 414, "uri_too_long")


def test_gunicorn_alone_gives_json_431_for_headers_too_large(serve_backend):
    assert_error(get(serve_backend, "/api/v1/health", b"X-Padding: " + b"a" * 20_000 + b"\r\n"),
                 431, "headers_too_large")


def test_gunicorn_alone_gives_json_400_for_malformed_http(serve_backend):
    assert_error(exchange(serve_backend, b"NOT HTTP AT ALL\r\n\r\n"), 400, "invalid_input")


def test_the_systemd_unit_verifies(tmp_path):
    if not shutil.which("systemd-analyze"):
        apt_install("systemd")
    # The unit names the install folder; here the checkout stands in for it, so that
    # systemd-analyze finds the commands it runs.
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text().replace("/opt/counterfeit-radar", str(ROOT)))
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                            text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert unit_setting("ExecStartPre") == [
        "/opt/counterfeit-radar/.venv/bin/flask --app backend init-db"]
    for hardening in ("NoNewPrivileges", "ProtectSystem", "PrivateTmp", "ProtectHome"):
        assert unit_setting(hardening), hardening


def test_the_unit_runs_gunicorn_with_serves_worker_and_limits(tmp_path):
    options, environment = unit_gunicorn_options(tmp_path)
    serve = serve_gunicorn_options()
    for flag in ("--worker-class", "--limit-request-field_size", "--preload"):
        assert flag in options
        if flag != "--preload":
            assert options[options.index(flag) + 1] == serve[serve.index(flag) + 1], flag
    # Only behind nginx, which bounds the request line at 32 KB, is gunicorn's unbounded.
    assert options[options.index("--limit-request-line") + 1] == "0"
    assert "large_client_header_buffers 4 32k;" in SNIPPET.read_text()
    assert environment["FLASK_TRUSTED_PROXIES"] == "1"
