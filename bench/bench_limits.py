#!/usr/bin/env python3
"""What a rate limit costs a request, per limiter and store; and the default serve's req/s
against other worker x thread configurations, limits exact and counting.

    python bench/bench_limits.py [--calls 2000] [--rounds 5]
    python bench/bench_limits.py --serve [--seconds 4] [--rounds 3]

Cost (in-process, the WSGI app called directly): a limited and an unlimited endpoint
of one small app, timed alternately; the cost is the median of the limited calls minus
the median of the unlimited ones, in µs, per round, then the median of the rounds. Rows:
Flask-Limiter's decorator (what the app used before) and the app's own limiter
(backend/ratelimit.py), each over memory:// (per process, not shared), mmap:// (the
shared file, the default), and Redis on loopback TCP and on a unix socket (a
redis-server of the bench's own, installed with apt-get when missing). One store step
(incr) is timed on its own too.

--serve: GET /api/v1/check?url=... (URL only) with wrk at 32 connections against the
README's `python3 tasks.py serve` and against the same gunicorn command with other
workers and threads, one server at a time, alternated round by round, over the demo
list. The check limit is raised so that wrk measures checks, not 429s; every request is
still counted in the shared file.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

HIGH_LIMIT = "1000000000 per minute"
CONFIGURATIONS = [(1, 8), (2, 2), (2, 4), (2, 8), (3, 2), (3, 4), (3, 8), (4, 4), (6, 4)]
URL_CHECK = "/api/v1/check?url=https%3A%2F%2Fwww.ebay.com%2Fitm%2F390000000099"


# --- cost per request, in-process ---------------------------------------------------------

def small_app(wiring: str, uri: str):
    """An app with GET /free and GET /limited (identical), limited by wiring over uri."""
    from flask import Flask, jsonify

    from backend import errors, ratelimit, submitters

    app = Flask("bench_limits")
    app.config.update(SUBMITTER_SECRET="bench", REPORTER_NETWORK_V4_PREFIX=24,
                      REPORTER_NETWORK_V6_PREFIX=64, TRUSTED_PROXIES=0, DATABASE="unused",
                      CHECK_RATE_LIMIT=HIGH_LIMIT, RATELIMIT_STORAGE_URI=uri,
                      RATELIMIT_HEADERS_ENABLED=True, RATELIMIT_ENABLED=True)
    errors.register_error_handlers(app)
    submitters.init_app(app)

    @app.get("/free")
    def free():
        return jsonify(status="ok")

    @app.get("/limited")
    def limited():
        return jsonify(status="ok")

    if wiring == "Flask-Limiter":
        from flask_limiter import Limiter

        limiter = Limiter(key_func=submitters.network, app=app, storage_uri=uri)
        app.view_functions["limited"] = limiter.limit(
            lambda: app.config["CHECK_RATE_LIMIT"])(app.view_functions["limited"])
    else:
        ratelimit.init_app(app, {"CHECK_RATE_LIMIT": ["limited"]})
    return app


def call_times(app, calls: int) -> tuple[list[float], list[float]]:
    """Seconds per call of /free and of /limited, called alternately."""
    from werkzeug.test import EnvironBuilder

    environs = {path: EnvironBuilder(path=path, environ_base={"REMOTE_ADDR": "203.0.113.9"})
                .get_environ() for path in ("/free", "/limited")}

    def start_response(status, headers, exc_info=None):
        assert status.startswith("200"), status

    times = {"/free": [], "/limited": []}
    for _ in range(calls):
        for path, environ in environs.items():
            started = time.perf_counter()
            for _chunk in app(dict(environ), start_response):
                pass
            times[path].append(time.perf_counter() - started)
    return times["/free"], times["/limited"]


def store_step(uri: str, calls: int) -> float:
    """µs of one incr on the store, median."""
    from limits.storage import storage_from_string

    import backend.limitstore  # noqa: F401 (registers mmap://)

    storage = storage_from_string(uri)
    key = "LIMITER/" + "ab" * 32 + "/check.check_get/600/1/minute"
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        storage.incr(key, 60)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def costs(calls: int, rounds: int, folder: Path, redis_url: str, redis_socket: Path):
    stores = {"memory:// (per process)": "memory://",
              "mmap:// (shared file)": f"mmap://{folder / 'limits.mmap'}",
              "redis:// (loopback TCP)": redis_url,
              "redis+unix:// (socket)": f"redis+unix://{redis_socket}"}
    cases = [(wiring, store) for wiring in ("Flask-Limiter", "this app's limiter")
             for store in stores]
    apps = {case: small_app(case[0], stores[case[1]]) for case in cases}
    for app in apps.values():
        call_times(app, 200)  # warm up: imports, connections, the file
    extra = {case: [] for case in cases}
    base = {case: [] for case in cases}
    for _ in range(rounds):
        for case, app in apps.items():
            free, limited = call_times(app, calls)
            extra[case].append((statistics.median(limited) - statistics.median(free)) * 1e6)
            base[case].append(statistics.median(free) * 1e6)
    baseline = statistics.median(extra[("Flask-Limiter", "memory:// (per process)")])
    print(f"Cost of a limit per request (µs over the same unlimited endpoint, "
          f"median of {rounds} rounds x {calls} calls)")
    print(f"{'limiter':<20} {'store':<26} {'µs/request':>10} {'vs before':>10} "
          f"{'store incr µs':>14}")
    for wiring, store in cases:
        value = statistics.median(extra[(wiring, store)])
        step = store_step(stores[store], calls)
        print(f"{wiring:<20} {store:<26} {value:>10.1f} {value / baseline:>9.2f}x "
              f"{step:>14.1f}")
    print(f"(the unlimited endpoint itself: "
          f"{statistics.median(x for values in base.values() for x in values):.0f} µs; "
          "'before' = Flask-Limiter over memory://)")


# --- throughput of serve configurations ----------------------------------------------------

def serve_env(database: Path, port: int) -> dict:
    return {**os.environ, "FLASK_DATABASE": str(database), "FLASK_AUTO_INIT_DB": "false",
            "FLASK_CHECK_RATE_LIMIT": HIGH_LIMIT, "PORT": str(port), "HOST": "127.0.0.1"}


def throughput(seconds: float, rounds: int, folder: Path):
    import subprocess

    from loadgen import BIN, Server, ensure_wrk, free_port, option, with_option, wrk

    ensure_wrk()
    database = folder / "radar.db"
    subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "init-db", "--demo"],
                   cwd=ROOT, env={**os.environ, "FLASK_DATABASE": str(database)}, check=True,
                   capture_output=True)

    def default_serve():
        port = free_port()
        code = ("import sys; sys.path.insert(0, sys.argv[1]); import tasks; "
                "tasks.ensure_venv = lambda *args, **kwargs: None; tasks.serve()")
        return Server([sys.executable, "-c", code, str(ROOT)], serve_env(database, port), port,
                      folder / "serve.log", "/api/v1/health")

    def configured(argv, workers, threads):
        port = free_port()
        argv = with_option(argv, ("--workers", "-w"), str(workers))
        argv = with_option(argv, ("--threads",), str(threads))
        argv = with_option(argv, ("--bind", "-b"), f"127.0.0.1:{port}")
        argv[0] = str(BIN / "gunicorn")
        return Server(argv, serve_env(database, port), port,
                      folder / f"w{workers}t{threads}.log", "/api/v1/health")

    first = default_serve()
    serve_argv = first.gunicorn_argv()
    first.stop()
    default = (int(option(serve_argv, ("--workers", "-w"), "1")),
               int(option(serve_argv, ("--threads",), "1")))
    names = {"default serve": None, **{f"{w} workers x {t} threads": (w, t)
                                       for w, t in CONFIGURATIONS}}
    runs = {name: [] for name in names}
    for _ in range(rounds):
        for name, shape in names.items():
            server = default_serve() if shape is None else configured(serve_argv, *shape)
            try:
                wrk(server.url(URL_CHECK), 1)  # warm up
                run = wrk(server.url(URL_CHECK), seconds)
                assert run["failed"] == 0, f"{name}: {run['failed']} non-2xx responses"
                runs[name].append(run)
            finally:
                server.stop()
    medians = {name: statistics.median(run["rate"] for run in values)
               for name, values in runs.items()}
    best = max(medians.values())
    print(f"GET /check (URL only), wrk 32 connections, {seconds:g} s x {rounds} rounds; "
          f"default serve = {default[0]} workers x {default[1]} threads "
          f"(on {os.cpu_count()} cores)")
    print(f"{'configuration':<26} {'req/s':>8} {'p50 ms':>7} {'vs best':>8}")
    for name, rate in medians.items():
        p50 = statistics.median(run["p50"] for run in runs[name])
        print(f"{name:<26} {rate:>8.0f} {p50:>7.1f} {rate / best:>7.2f}x")
    ratio = medians["default serve"] / best
    verdict = "met" if ratio >= 0.8 else "NOT met"
    print(f"default serve / best: {ratio:.2f}x (goal >= 0.8x: {verdict})")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000, help="calls per case and round")
    parser.add_argument("--rounds", type=int, default=5, help="alternated rounds")
    parser.add_argument("--serve", action="store_true", help="measure serve configurations")
    parser.add_argument("--seconds", type=float, default=4, help="seconds per wrk run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if args.serve:
            throughput(args.seconds, args.rounds, folder)
            return
        from tests.live import running_redis

        with running_redis(folder) as (url, socket_path):
            costs(args.calls, args.rounds, folder, url, socket_path)


if __name__ == "__main__":
    main()
