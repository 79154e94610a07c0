"""Swapping a host's list copy under a running server fails no request (docs/decisions.md).

A host that serves a read-only copy of the list (restored from the replica) gets a
new copy by writing it beside the old one and flipping the DATABASE symlink to it;
each server thread notices within SWAP_CHECK_SECONDS and reopens between requests.
"""

import os
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from backend import db
from backend.store import entries, listmeta
from tests.live import ROOT, free_port, http_json

COPIES = 4
LOAD_THREADS = 4
MAX_REQUESTS_PER_THREAD = 3000  # a bound, never reached: the load stops after the swaps


def _domain(generation: int) -> str:
    return f"swap-copy-{generation}.com"


def _check_url(base: str, generation: int) -> str:
    page = f"https://www.{_domain(generation)}/shop"
    return f"{base}/api/v1/check?url={urllib.parse.quote(page, safe='')}"


def _next_copy(previous: Path, path: Path, generation: int) -> int:
    """A copy of previous with a newer list version that lists one more shop; its version."""
    source, target = sqlite3.connect(previous), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    database = db.connect(str(path))
    try:
        with database.atomic():
            version = listmeta.next_version(database)
            entries.insert(database, {
                "kind": "domain", "key": _domain(generation), "status": "counterfeit",
                "name": f"Swap copy {generation}", "evidence_level": "test_purchase",
                "evidence_url": "https://example.org/evidence", "source": "test_swap",
            }, version)
        return version
    finally:
        database.conn.close()


def _point(link: Path, target: Path):
    """Flip the symlink link to target atomically (rename over it)."""
    staged = link.with_name(link.name + ".next")
    os.symlink(target.name, staged)
    os.replace(staged, link)


def _remove_copy(path: Path):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _start_server(folder: Path, link: Path):
    env = {**os.environ, "FLASK_DATABASE": str(link),
           "FLASK_REPORTS_DATABASE": str(folder / "reports.db"),
           "FLASK_SWAP_CHECK_SECONDS": "0.05", "FLASK_CHECK_RATE_LIMIT": "1000000 per minute"}
    port = free_port()
    log = open(folder / "gunicorn.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--threads", "4", "--worker-class", "gthread", "backend:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            http_json(f"{base}/api/v1/health")
            return server, log, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                raise RuntimeError((folder / "gunicorn.log").read_text()) from None
            time.sleep(0.2)


def _load(base: str, stop: threading.Event, outcomes: list, failures: list):
    """Checks of every copy's new shop (and /health), until stop; records each answer."""
    for count in range(MAX_REQUESTS_PER_THREAD):
        if stop.is_set():
            return
        generation = 1 + count % (COPIES + 1)
        try:
            body = http_json(_check_url(base, generation), timeout=10)
            codes = [reason["code"] for reason in body["reasons"]]
            outcomes.append((generation, body["list_version"], "listed_domain" in codes))
            if count % 10 == 0:
                http_json(f"{base}/api/v1/health", timeout=10)
        except (OSError, ValueError, KeyError) as error:  # HTTPError is an OSError
            failures.append(repr(error))


def test_swapping_the_list_copy_under_load_fails_no_request(tmp_path):
    subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "init-db", "--demo"],
                   cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "FLASK_DATABASE": str(tmp_path / "copy-0.db"),
                        "FLASK_REPORTS_DATABASE": str(tmp_path / "reports.db")})
    copies, versions = [tmp_path / "copy-0.db"], {}
    first = db.connect(str(copies[0]))
    versions[0] = listmeta.current_version(first)
    first.conn.close()
    for generation in range(1, COPIES + 1):
        copies.append(tmp_path / f"copy-{generation}.db")
        versions[generation] = _next_copy(copies[-2], copies[-1], generation)
    link = tmp_path / "radar.db"
    os.symlink(copies[0].name, link)
    server, log, base = _start_server(tmp_path, link)
    try:
        stop, outcomes, failures = threading.Event(), [], []
        workers = [threading.Thread(target=_load, args=(base, stop, outcomes, failures))
                   for _ in range(LOAD_THREADS)]
        for worker in workers:
            worker.start()
        try:
            for generation in range(1, COPIES + 1):
                time.sleep(0.4)
                _point(link, copies[generation])
                if generation >= 2:  # an old copy goes once no request can be reading it
                    time.sleep(0.2)
                    _remove_copy(copies[generation - 2])
            time.sleep(0.4)
        finally:
            stop.set()
            for worker in workers:
                worker.join(timeout=60)
        final = [http_json(_check_url(base, COPIES)) for _ in range(20)]
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()

    assert failures == []
    assert len(outcomes) > 100
    version_generation = {version: generation for generation, version in versions.items()}
    seen = {version for _, version, _ in outcomes}
    assert seen <= set(version_generation), seen
    assert versions[COPIES] in seen
    # Every answer comes whole from one copy: a shop is listed exactly in the copies
    # from the one that added it on, whichever copy the answer's version names.
    for generation, version, listed in outcomes:
        assert listed == (generation <= version_generation[version]), (generation, version)
    for body in final:
        assert body["list_version"] == versions[COPIES]
        assert [reason["code"] for reason in body["reasons"]] == ["listed_domain"]
