"""A live backend (gunicorn on a free port) and Debian's Chromium for end-to-end tests.

Test modules import the fixtures they use (`from tests.live import backend, chromium`);
each importing module gets its own session-scoped instance.
"""

import getpass
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Flags that let Debian's Chromium run headless here (../shared/notes/browser-testing.md).
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


# Headers a proxy does not pass on (RFC 9110 7.6.1), and Content-Length (set anew).
HOP_HEADERS = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te",
               "trailer", "transfer-encoding", "upgrade", "content-length"}
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


def forward(handler, body: bytes) -> None:
    """Send the request a test proxy's handler (an http.server BaseHTTPRequestHandler whose
    path is an absolute URL) received on to its URL, and its answer back, as a proxy does."""
    headers = {name: value for name, value in handler.headers.items()
               if name.lower() not in HOP_HEADERS}
    request = urllib.request.Request(handler.path, data=body or None, method=handler.command,
                                     headers=headers)
    try:
        with DIRECT.open(request, timeout=15) as response:
            status, reply_headers, data = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, reply_headers, data = error.code, error.headers, error.read()
    except OSError:
        handler.send_error(502)
        return
    handler.send_response(status)
    for name, value in reply_headers.items():
        if name.lower() not in HOP_HEADERS:
            handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def serving_pages(pages: dict[str, str], default: str = ""):
    """A web server on 127.0.0.1 answering GET path with pages[path] (default for any other
    path) as HTML; yields its port. pages may change while it runs."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = pages.get(self.path, default).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def apt_install(*packages):
    """Install Debian packages (the test machines are Debian, and tests run as root)."""
    subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", *packages], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


@dataclass
class LiveBackend:
    """A running backend: its base URL and the environment its CLI commands need."""

    base: str
    env: dict

    def flask(self, *args) -> str:
        """Run `flask --app backend ARGS` against this backend's database; its output."""
        return subprocess.run([sys.executable, "-m", "flask", "--app", "backend", *args],
                              cwd=ROOT, env=self.env, check=True, capture_output=True,
                              text=True).stdout


@contextmanager
def running_backend(folder: Path):
    """The real backend with the demo list in folder, served by gunicorn (two workers)."""
    with running_gunicorn(folder, ["-w", "2"]) as base:
        yield LiveBackend(base, {**os.environ, "FLASK_DATABASE": str(folder / "radar.db")})


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, installed with apt-get when missing."""
    if not Path(CHROMIUM).exists():
        apt_install("chromium")
    return CHROMIUM


_playwright = {"instance": None, "users": 0}


@pytest.fixture(scope="session")
def playwright_session():
    """Playwright's sync API, started once however many modules import this fixture
    (a second sync_playwright() while one runs is an error)."""
    from playwright.sync_api import sync_playwright

    if _playwright["instance"] is None:
        _playwright["instance"] = sync_playwright().start()
    _playwright["users"] += 1
    try:
        yield _playwright["instance"]
    finally:
        _playwright["users"] -= 1
        if _playwright["users"] == 0:
            _playwright["instance"].stop()
            _playwright["instance"] = None


@pytest.fixture(scope="session")
def live_backend(tmp_path_factory):
    """The real backend with the demo list; yields a LiveBackend."""
    with running_backend(tmp_path_factory.mktemp("backend")) as live:
        yield live


@pytest.fixture(scope="session")
def backend(live_backend):
    """The live backend's base URL."""
    return live_backend.base


NGINX = "/usr/sbin/nginx"
NGINX_SITE = ROOT / "deploy" / "nginx"


def shipped(text: str, old: str, new: str, count: int = 1) -> str:
    """text with old replaced by new, failing unless old occurs exactly count times."""
    if text.count(old) != count:
        raise AssertionError(f"the shipped nginx config no longer has {count} x {old!r}")
    return text.replace(old, new)


def nginx_config(folder: Path, upstream: str, port: int, tls: tuple | None = None) -> Path:
    """The shipped nginx site in folder, changed only where a test must: it listens on
    127.0.0.1:port (HTTPS on tls = (port, certificate, key)), proxies to upstream
    (host:port), logs and keeps its files in folder; with a minimal main config around it."""
    (folder / "snippets").mkdir(parents=True, exist_ok=True)
    (folder / "snippets" / "counterfeit-radar.conf").write_text(
        (NGINX_SITE / "snippets" / "counterfeit-radar.conf").read_text())
    site = (NGINX_SITE / "counterfeit-radar.conf").read_text()
    site = shipped(site, "listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;")
    site = shipped(site, "listen [::]:80 default_server;", "")
    site = shipped(site, "server unix:/run/counterfeit-radar/gunicorn.sock;", f"server {upstream};")
    sites = [site]
    if tls:
        tls_port, certificate, key = tls
        tls_site = (NGINX_SITE / "counterfeit-radar-tls.conf").read_text()
        tls_site = shipped(tls_site, "listen 443 ssl default_server;",
                           f"listen 127.0.0.1:{tls_port} ssl default_server;")
        tls_site = shipped(tls_site, "listen [::]:443 ssl default_server;", "")
        tls_site = shipped(tls_site, "/etc/ssl/counterfeit-radar/fullchain.pem", str(certificate))
        tls_site = shipped(tls_site, "/etc/ssl/counterfeit-radar/privkey.pem", str(key))
        sites.append(tls_site)
    sites = [shipped(text, "/var/log/nginx/", f"{folder}/", count=2) for text in sites]
    for number, text in enumerate(sites):
        (folder / f"site{number}.conf").write_text(text)
    temp = " ".join(f"{kind}_temp_path {folder}/{kind};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = folder / "nginx.conf"
    main.write_text(
        # user: as root, keep the workers root (they use folder); otherwise ignored.
        f"user {getpass.getuser()};\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/main-error.log info;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n  {temp}\n  include site*.conf;\n}}\n")
    return main


@contextmanager
def running_nginx(folder: Path, upstream: str, tls: tuple | None = None):
    """nginx (installed with apt-get when missing) with the shipped site in front of
    upstream; yields its http:// base URL (https on tls[0] when tls is given)."""
    if not Path(NGINX).exists():
        apt_install("nginx")
    port = free_port()
    config = nginx_config(folder, upstream, port, tls)
    subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(config)], check=True,
                   capture_output=True)
    log = open(folder / "nginx.out", "wb")
    server = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                if tls:
                    socket.create_connection(("127.0.0.1", tls[0]), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "nginx.out").read_text()) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def wait_until_healthy(base: str, server: subprocess.Popen, log: Path, seconds: float = 30):
    """Wait until base answers /api/v1/health; RuntimeError with the server's log if it dies
    or does not answer within seconds."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            http_json(f"{base}/api/v1/health", timeout=5)
            return
        except OSError:  # not listening yet, or still starting up
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)


@contextmanager
def running_gunicorn(folder: Path, options: list, environment: dict | None = None):
    """gunicorn with options (no --bind, no app) over the demo list in folder, on a free
    loopback port; yields its base URL."""
    env = {**os.environ, "FLASK_DATABASE": str(folder / "radar.db"), **(environment or {})}
    subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "init-db", "--demo"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = open(folder / "gunicorn.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *options, "--bind", f"127.0.0.1:{port}",
         "backend:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server, folder / "gunicorn.log")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


REDIS_SERVER = "/usr/bin/redis-server"


@contextmanager
def running_redis(folder: Path):
    """A redis-server of its own (Debian's, installed when missing) on a free loopback port
    and a unix socket in folder, keeping nothing on disk; yields (redis:// URL, socket path)."""
    import redis

    if not Path(REDIS_SERVER).exists():
        apt_install("redis-server")
    port, socket_path = free_port(), folder / "redis.sock"
    log = open(folder / "redis.log", "wb")
    server = subprocess.Popen(
        [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
         "--unixsocket", str(socket_path), "--unixsocketperm", "700",
         "--save", "", "--appendonly", "no", "--daemonize", "no"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with redis.Redis.from_url(url, socket_timeout=2) as connection:
                    connection.ping()
                break
            except redis.ConnectionError:  # not listening yet
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "redis.log").read_text()) from None
                time.sleep(0.1)
        yield url, socket_path
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A redis-server of its own for the session; yields (redis:// URL, unix socket path)."""
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server
