"""Rate limits are exact however many processes and threads serve, in the shared file (the
default) and in Redis; a 429 is the error shape with Retry-After; headers tell the budget."""

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from limits.storage import storage_from_string

from backend import create_app, limitstore, ratelimit, submitters
from tests.conftest import from_address
from tests.live import (  # noqa: F401 (fixtures are found by name)
    ROOT, free_port, http_json, redis_server, running_gunicorn, wait_until_healthy,
)
from tests.test_errors import assert_error_shape

CHECK = "/api/v1/check?url=https%3A%2F%2Fshop.example%2Fitem%2F1"


def fire(client, count):
    """count checks from client; per response (status, Retry-After, error code or None)."""
    results = []
    for _ in range(count):
        response = client.get(CHECK)
        error = response.get_json().get("error") if response.status_code != 200 else None
        results.append((response.status_code, response.headers.get("Retry-After"),
                        error and error["code"]))
    return results


def serve_in_threads(app, threads, requests, connection):
    """A forked worker: threads each fire requests checks through app; results to connection."""
    with ThreadPoolExecutor(threads) as pool:
        batches = list(pool.map(lambda _: fire(app.test_client(), requests), range(threads)))
    connection.send([result for batch in batches for result in batch])
    connection.close()


def assert_exactly(results, allowed):
    statuses = [status for status, _retry, _code in results]
    assert statuses.count(200) == allowed, statuses
    refused = [result for result in results if result[0] != 200]
    assert len(refused) == len(results) - allowed
    odd = [result for result in refused
           if not (result[0] == 429 and int(result[1]) > 0 and result[2] == "rate_limited")]
    assert not odd


def test_limits_are_exact_across_forked_processes_and_their_threads(app):
    """As gunicorn --preload: the app is made, then forked; 3 processes x 4 threads x 20."""
    app.config["CHECK_RATE_LIMIT"] = "100 per hour"
    # The parent counts one first, so children inherit an open table and must reopen it.
    assert fire(app.test_client(), 1)[0][0] == 200
    context = multiprocessing.get_context("fork")
    pipes, workers = [], []
    for _ in range(3):
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=serve_in_threads, args=(app, 4, 20, send))
        worker.start()
        pipes.append(receive)
        workers.append(worker)
    results = [result for pipe in pipes for result in pipe.recv()]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(results) == 240
    assert_exactly(results, 99)


def fire_over_http(base, count, concurrency=16):
    def one(_):
        try:
            with urllib.request.urlopen(base + CHECK, timeout=30) as response:
                return response.status, None, None
        except urllib.error.HTTPError as error:
            with error:
                body = error.read().decode()
            return error.code, error.headers.get("Retry-After"), (
                "rate_limited" if '"rate_limited"' in body else body)

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(count)))


GUNICORN_WORKERS = ["--preload", "--workers", "3", "--threads", "4", "--worker-class", "gthread"]


@contextmanager
def default_serve(folder):
    """`python3 tasks.py serve` as the README runs it (its install step skipped: done)."""
    port = free_port()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import tasks; "
            "tasks.ensure_venv = lambda *args, **kwargs: None; tasks.serve()")
    env = {**os.environ, "FLASK_DATABASE": str(folder / "radar.db"), "PORT": str(port),
           "HOST": "127.0.0.1", "FLASK_CHECK_RATE_LIMIT": "60 per hour"}
    env.pop("WORKERS", None)
    env.pop("THREADS", None)
    with open(folder / "serve.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base, server, folder / "serve.log", seconds=60)
            yield base, server.pid
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_the_default_serve_uses_every_core_with_limits_exact(tmp_path):
    with default_serve(tmp_path) as (base, pid):
        # The process is gunicorn now (serve execs it): its command line says the workers.
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        workers = int(argv[argv.index("--workers") + 1])
        assert workers == len(os.sched_getaffinity(0)) + 1 >= 2
        assert_exactly(fire_over_http(base, 150), 60)
    assert (tmp_path / "radar-ratelimits.mmap").exists()


def test_limits_are_exact_in_gunicorn_with_workers_and_redis(tmp_path, redis_server):
    url, _socket = redis_server
    with running_gunicorn(tmp_path, GUNICORN_WORKERS,
                          {"FLASK_CHECK_RATE_LIMIT": "60 per hour",
                           "FLASK_RATELIMIT_STORAGE_URI": url}) as base:
        assert_exactly(fire_over_http(base, 150), 60)
    assert not (tmp_path / "radar-ratelimits.mmap").exists()


@pytest.mark.parametrize("store", ["tcp", "unix"])
def test_redis_counts_the_limits_in_process(tmp_path, seeded_database, redis_server, store):
    url, socket_path = redis_server
    uri = url if store == "tcp" else f"redis+unix://{socket_path}"
    application = make_app(tmp_path, seeded_database, RATELIMIT_STORAGE_URI=uri,
                           CHECK_RATE_LIMIT="3 per hour", SUBMITTER_SECRET=f"redis-{store}")
    assert_exactly(fire(application.test_client(), 5), 3)


def make_app(tmp_path, seeded_database, **settings):
    (tmp_path / "radar.db").write_bytes(seeded_database.read_bytes())
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "radar.db"),
                       "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                       "SUBMITTER_SECRET": "test-submitter-secret", **settings})


def test_an_unreachable_store_is_503_busy_not_a_500(tmp_path, seeded_database):
    application = make_app(tmp_path, seeded_database,
                           RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    response = application.test_client().get(CHECK)
    assert assert_error_shape(response, 503)["code"] == "busy"
    assert int(response.headers["Retry-After"]) > 0


def test_headers_tell_the_shortest_window_until_a_limit_is_spent(app, client):
    app.config["CHECK_RATE_LIMIT"] = "3 per hour;5 per minute"
    first = client.get(CHECK)
    assert first.headers["X-RateLimit-Limit"] == "5"
    assert first.headers["X-RateLimit-Remaining"] == "4"
    assert 0 < int(first.headers["X-RateLimit-Reset"]) - time.time() <= 61
    assert "Retry-After" not in first.headers
    client.get(CHECK)
    client.get(CHECK)
    spent = client.get(CHECK)
    assert_error_shape(spent, 429)
    assert spent.headers["X-RateLimit-Limit"] == "3"
    assert spent.headers["X-RateLimit-Remaining"] == "0"
    assert 3540 < int(spent.headers["Retry-After"]) <= 3600


def test_without_headers_a_429_still_has_retry_after(app, client):
    app.config.update(CHECK_RATE_LIMIT="1 per minute", RATELIMIT_HEADERS_ENABLED=False)
    assert "X-RateLimit-Limit" not in client.get(CHECK).headers
    spent = client.get(CHECK)
    assert_error_shape(spent, 429)
    assert 0 < int(spent.headers["Retry-After"]) <= 60
    assert not [name for name in spent.headers.keys() if name.startswith("X-RateLimit")]


def test_limits_can_be_switched_off(app, client):
    app.config.update(CHECK_RATE_LIMIT="1 per minute", RATELIMIT_ENABLED=False)
    assert [client.get(CHECK).status_code for _ in range(3)] == [200, 200, 200]


def test_a_limit_that_does_not_parse_stops_the_app_at_start(tmp_path, seeded_database):
    with pytest.raises(ValueError):
        make_app(tmp_path, seeded_database, CHECK_RATE_LIMIT="lots per minute")


@pytest.mark.parametrize("address", [
    "203.0.113.7", "::ffff:203.0.113.8", "2001:db8:1:2::99", "2001:db8:1:2:ffff::1",
])
def test_the_limit_key_is_the_reporters_network(app, address):
    with app.test_request_context("/", **from_address(address)):
        assert ratelimit.network_key() == submitters.network()


def test_the_shared_file_sits_beside_the_database_unless_named(app, tmp_path):
    assert ratelimit.storage_uri(app.config) == f"mmap://{tmp_path}/radar-ratelimits.mmap"
    app.config["RATELIMIT_STORAGE_URI"] = "mmap://?slots=4096"
    assert ratelimit.storage_uri(app.config) == (
        f"mmap://{tmp_path}/radar-ratelimits.mmap?slots=4096")
    for uri in ("mmap:///dev/shm/radar-limits", "redis://127.0.0.1:6379/0", "memory://"):
        app.config["RATELIMIT_STORAGE_URI"] = uri
        assert ratelimit.storage_uri(app.config) == uri


def test_counts_survive_a_restart_and_a_new_size_starts_afresh(tmp_path):
    path = tmp_path / "limits.mmap"
    first = storage_from_string(f"mmap://{path}?slots=128")
    assert [first.incr("key", 60) for _ in range(3)] == [1, 2, 3]
    again = storage_from_string(f"mmap://{path}?slots=128")
    assert again.get("key") == 3 and 55 < again.get_expiry("key") - time.time() <= 60
    resized = storage_from_string(f"mmap://{path}?slots=256")
    assert resized.get("key") == 0 and resized.incr("key", 60) == 1
    assert os.path.getsize(path) == 64 + 256 * 32


def test_an_expired_window_starts_again_from_one(tmp_path):
    store = storage_from_string(f"mmap://{tmp_path / 'limits.mmap'}?slots=128")
    assert store.incr("key", 1) == 1 and store.incr("key", 1) == 2
    time.sleep(1.1)
    assert store.get("key") == 0
    assert store.incr("key", 60) == 1


def test_a_full_table_gives_up_the_soonest_ending_counter_and_counts_it(tmp_path, caplog):
    store = storage_from_string(f"mmap://{tmp_path / 'limits.mmap'}?slots=64")
    for number in range(64):
        store.incr(f"key-{number}", 600 + number)
    assert store.evictions == 0
    assert store.incr("one-more", 60) == 1
    assert store.evictions == 1
    assert store.get("key-0") == 0  # the window that ended soonest
    assert all(store.get(f"key-{number}") == 1 for number in range(1, 64))
    assert "full" in caplog.text


def test_clear_and_reset_forget_counts(tmp_path):
    store = storage_from_string(f"mmap://{tmp_path / 'limits.mmap'}?slots=128")
    store.incr("a", 60)
    store.incr("b", 60)
    store.clear("a")
    assert (store.get("a"), store.get("b")) == (0, 1)
    store.reset()
    assert store.get("b") == 0 and store.incr("b", 60) == 1 and store.check()


def hold_the_lock_forever(path, ready):
    store = storage_from_string(f"mmap://{path}?slots=128")
    store._locked().__enter__()
    ready.set()
    time.sleep(600)


def test_a_worker_killed_holding_the_lock_does_not_wedge_the_others(tmp_path):
    path = tmp_path / "limits.mmap"
    store = storage_from_string(f"mmap://{path}?slots=128")
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    holder = context.Process(target=hold_the_lock_forever, args=(path, ready))
    holder.start()
    assert ready.wait(timeout=30)
    done = threading.Event()
    counter = threading.Thread(target=lambda: (store.incr("key", 60), done.set()), daemon=True)
    counter.start()
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(timeout=30)
    assert done.wait(timeout=30)  # flock died with its holder
    assert store.get("key") == 1


def test_a_mmap_uri_without_a_path_or_with_bad_slots_is_refused():
    with pytest.raises(ValueError, match="path"):
        limitstore.SharedFileStorage("mmap://")
    with pytest.raises(ValueError, match="slots"):
        limitstore.SharedFileStorage("mmap:///tmp/x?slots=3")
