#!/usr/bin/env python3
"""The project's commands, for a fresh machine with Python 3.11+ and pip.

    python3 tasks.py serve    # install into .venv, then serve on 127.0.0.1:5000 (PORT overrides)
    python3 tasks.py test     # install into .venv (with test extras), then run every test
    python3 tasks.py bench    # the performance goals as one table (bench/goals.py --help)
    python3 tasks.py gen-extension  # write the extension's generated files (data, manifest,
                                    # privacy.html) from seed_data/, backend/marketplaces/
                                    # and docs/privacy.md
    python3 tasks.py package  # dist/: the Chrome Web Store zip and the Firefox .xpi
                              # (backend/package.py; --out DIR writes elsewhere)
    python3 tasks.py accuracy-table  # rewrite docs/extraction.md's extraction accuracy table
                                     # from the corpus pages (tests/accuracy_table.py)

Everything is installed into .venv next to this file; nothing outside it is changed,
except that tests install the Debian packages they start when missing (chromium,
redis-server, ...).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
# Gunicorn's threaded worker, whose own parse errors (a request line or headers over
# these limits) answer in the API's JSON error shape. 8190 is gunicorn's largest bounded
# request line; behind nginx (deploy/, docs/deploy.md) the proxy bounds it instead.
GUNICORN_HTTP_ARGS = ["--worker-class", "backend.gunicorn_errors.JsonErrorWorker",
                      "--limit-request-line", "8190", "--limit-request-field_size", "8190"]


def ensure_venv(extras: str = "") -> None:
    """Create .venv and install the project into it, unless pyproject.toml is unchanged."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as error:
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(f"Could not create .venv ({error}). On Debian or Ubuntu, install the venv "
                     "module first: apt-get install python3-venv")
    project = (ROOT / "pyproject.toml").read_bytes()
    fingerprint = hashlib.sha256(project + extras.encode())
    stamp = VENV / ".installed"
    # An install with the test extras holds everything a plain one does: serving after
    # testing (or gen-extension, package) must not reinstall.
    enough = {fingerprint.hexdigest(), hashlib.sha256(project + b"test").hexdigest()}
    if stamp.exists() and stamp.read_text() in enough:
        return
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    print(f"Installing {'with ' + extras + ' extras ' if extras else ''}into .venv ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", target], check=True)
    stamp.write_text(fingerprint.hexdigest())


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def serve() -> None:
    """Serve the API with gunicorn on 127.0.0.1:$PORT (default 5000)."""
    ensure_venv()
    port = os.environ.get("PORT", "5000")
    host = os.environ.get("HOST", "127.0.0.1")
    # Every core: a process per core and one more (a check is CPU-bound Python, one
    # core per process; the extra one runs while another waits), 4 threads each, the
    # best of bench/bench_limits.py --serve. The rate limits stay exact across
    # processes: their counters are in a file all workers share (docs/curation.md).
    workers = os.environ.get("WORKERS", str(usable_cores() + 1))
    threads = os.environ.get("THREADS", "4")
    # Create the database on first start; later starts apply new migrations and
    # seed rows (idempotent: an unchanged seed changes nothing).
    subprocess.run([str(BIN / "flask"), "--app", "backend", "init-db"], check=True)
    print(f"Serving Counterfeit Radar on http://{host}:{port} (Ctrl+C stops)", flush=True)
    os.execv(str(BIN / "gunicorn"), [
        "gunicorn", "--preload", "--workers", workers, "--threads", threads,
        # No access log: a line per request costs every check and writes clients' addresses.
        *GUNICORN_HTTP_ARGS, "--bind", f"{host}:{port}", "backend:create_app()",
    ])


def test() -> None:
    """Run every test (Python, Node and real-Chromium extension tests) with pytest."""
    ensure_venv("test")
    result = subprocess.run([str(PYTHON), "-m", "pytest", *sys.argv[2:]], cwd=ROOT)
    sys.exit(result.returncode)


def bench() -> None:
    """Measure the performance goals side by side and print them as one table."""
    ensure_venv("test")
    result = subprocess.run([str(PYTHON), str(ROOT / "bench" / "goals.py"), *sys.argv[2:]],
                            cwd=ROOT)
    sys.exit(result.returncode)


def gen_extension() -> None:
    """Write every generated extension file: marketplace data and manifest from the backend's,
    privacy.html from docs/privacy.md (backend/extension_gen.py)."""
    ensure_venv()
    result = subprocess.run([str(PYTHON), "-m", "backend.extension_gen", *sys.argv[2:]], cwd=ROOT)
    sys.exit(result.returncode)


def accuracy_table() -> None:
    """Count extraction accuracy over the corpus and rewrite its table in docs/extraction.md."""
    ensure_venv("test")
    result = subprocess.run([str(PYTHON), str(ROOT / "tests" / "accuracy_table.py"), *sys.argv[2:]],
                            cwd=ROOT)
    sys.exit(result.returncode)


def package() -> None:
    """Build the store packages into dist/ (backend/package.py)."""
    ensure_venv()
    result = subprocess.run([str(PYTHON), "-m", "backend.package", *sys.argv[2:]], cwd=ROOT)
    sys.exit(result.returncode)


COMMANDS = {"serve": serve, "test": test, "bench": bench, "gen-extension": gen_extension,
            "accuracy-table": accuracy_table, "package": package}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    os.chdir(ROOT)
    COMMANDS[sys.argv[1]]()
