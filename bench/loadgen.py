"""Servers on 127.0.0.1 and wrk against them, for bench/goals.py.

    Server(argv, env, port, log, health)   # started, ready once `health` answers 200
    wrk(url, seconds, script)              # req/s, p50 ms, failed responses
"""

import io
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent
CONNECTIONS = 32


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process on 127.0.0.1:port, started from argv; ready once /health answers."""

    def __init__(self, argv: list[str], env: dict, port: int, log: Path, health: str):
        self.port, self.log = port, log
        with log.open("ab") as handle:
            self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=handle,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 900  # a big list takes a while to compile at start
        while True:
            try:
                with urllib.request.urlopen(self.url(health), timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"server did not start: {' '.join(argv)}\n{log.read_text()[-3000:]}")
            time.sleep(0.3)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def gunicorn_argv(self) -> list[str]:
        """The gunicorn command line the process runs (after tasks.py serve's exec)."""
        raw = Path(f"/proc/{self.process.pid}/cmdline").read_bytes()
        parts = [part.decode() for part in raw.split(b"\0") if part]
        # The script runs under its interpreter: python .../bin/gunicorn OPTIONS APP.
        start = next(index for index, part in enumerate(parts)
                     if os.path.basename(part) == "gunicorn")
        return ["gunicorn", *parts[start + 1:]]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(30)


def option(argv: list[str], names: tuple[str, ...], default: str) -> str:
    for index, part in enumerate(argv):
        if part in names and index + 1 < len(argv):
            return argv[index + 1]
        for name in names:
            if name.startswith("--") and part.startswith(name + "="):
                return part.split("=", 1)[1]
    return default


def with_option(argv: list[str], names: tuple[str, ...], value: str) -> list[str]:
    """argv with the option named names set to value (added if absent)."""
    result, skip = [], False
    for index, part in enumerate(argv):
        if skip:
            skip = False
            continue
        if part in names and index + 1 < len(argv):
            skip = True
            continue
        if any(name.startswith("--") and part.startswith(name + "=") for name in names):
            continue
        result.append(part)
    return [result[0], names[0], value, *result[1:]]


def ceiling_server(workers: str, threads: str, folder: Path) -> Server:
    """A trivial Flask JSON endpoint under gunicorn with the given workers and threads."""
    port = free_port()
    argv = [str(BIN / "gunicorn"), "--workers", workers, "--threads", threads,
            "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}",
            "--pythonpath", str(BENCH), "loadgen:ceiling_app()"]
    return Server(argv, {**os.environ}, port, folder / "ceiling.log", "/ping")


def ceiling_app():
    """The ceiling: Flask answering a small JSON body, nothing else."""
    from flask import Flask

    app = Flask("ceiling")

    @app.get("/ping")
    def ping():
        return {"status": "ok", "list_version": 1}

    return app


def post_script(folder: Path, bodies: list[dict]) -> Path:
    """A wrk Lua script that POSTs the bodies in turn as JSON."""
    quoted = ", ".join(f"[==[{json.dumps(body)}]==]" for body in bodies)
    path = folder / "post.lua"
    path.write_text(
        f"local bodies = {{{quoted}}}\nlocal i = 0\n"
        "local headers = {[\"Content-Type\"] = \"application/json\"}\n"
        "request = function()\n  i = i % #bodies + 1\n"
        "  return wrk.format(\"POST\", nil, headers, bodies[i])\nend\n")
    return path


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: float, script: Path | None = None) -> dict:
    """req/s, p50 ms and failed responses of wrk at CONNECTIONS connections for seconds."""
    argv = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    if script:
        argv += ["-s", str(script)]
    output = subprocess.run([*argv, url], capture_output=True, text=True, check=True,
                            timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", output).groups()
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    return {"rate": rate, "p50": float(value) * _UNITS[unit],
            "failed": int(failed.group(1)) if failed else 0,
            "socket_errors": sum(map(int, errors.groups())) if errors else 0}


def ensure_wrk() -> None:
    """wrk from Debian, installed when missing (as root, like tests/live.py's chromium)."""
    if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0:
        return
    subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def wsgi_get(app, path: str) -> tuple[float, int]:
    """(seconds, body bytes) of one GET of path straight through the WSGI app (no server,
    no test client: the app's own cost); asserts 200."""
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(path=path, environ_base={"REMOTE_ADDR": "192.0.2.1"}).get_environ()
    statuses = []
    environ["wsgi.input"] = io.BytesIO(b"")
    start = time.perf_counter()
    body = b"".join(app(environ, lambda status, _headers, _exc=None: statuses.append(status)))
    elapsed = time.perf_counter() - start
    assert statuses == ["200 OK"], (path, statuses, body[:200])
    return elapsed, len(body)


def print_medians(samples: dict[str, list[float]], baseline: str = "GET /health") -> None:
    """A table of each case's median (samples in seconds) and its ratio to the baseline case's
    median, measured in the same run."""
    reference = statistics.median(samples[baseline])
    width = max(len(name) for name in samples) + 2
    print(f"{'case':<{width}} {'median':>12} {'x ' + baseline.split()[-1]:>12}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<{width}} {median * 1000:>9.3f} ms {median / reference:>11.1f}x")
