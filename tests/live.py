"""A live backend (gunicorn on a free port) and Debian's Chromium for end-to-end tests.

Test modules import the fixtures they use (`from tests.live import backend, chromium`);
each importing module gets its own session-scoped instance.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Flags that let Debian's Chromium run headless here (../shared/notes/browser-testing.md).
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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
    env = {**os.environ, "FLASK_DATABASE": str(folder / "radar.db")}
    subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "init-db", "--demo"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = open(folder / "gunicorn.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "2", "backend:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http_json(f"{base}/api/v1/health", timeout=5)
                break
            except OSError:  # not listening yet, or still starting up
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "gunicorn.log").read_text()) from None
                time.sleep(0.2)
        yield LiveBackend(base, env)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


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
