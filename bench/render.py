"""Render benchmark: the article page in each audience against fixed bytes of the same size.

Starts Twofold under gunicorn (gthread) on loopback with a temporary SQLite database
loaded from the bundled variants, sends a bounded number of keep-alive requests to
``/en/articles/milia/layperson``, ``/en/articles/milia/clinician`` and a fixed-bytes
response served by the same gunicorn, prints requests/second, p50 and p99 for each and
the article/fixed ratio, then stops the server. Run: ``.venv/bin/python bench/render.py``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
FIXED_PATH = "/__bench/fixed"
ARTICLES = {
    "layperson": "/en/articles/milia/layperson",
    "clinician": "/en/articles/milia/clinician",
}

# The wrapper gunicorn serves: the unchanged app, plus one route that answers with
# pre-built bytes, so both measurements share the server, worker and connection path.
WRAPPER = '''\
"""Benchmark wrapper: {fixed}?bytes=N answers N fixed bytes; the rest goes to Twofold."""

from urllib.parse import parse_qs

from service import create_app

twofold = create_app()
BODIES = {{}}


def application(environ, start_response):
    """Serve fixed bytes at {fixed}, built once per size; the app everywhere else."""
    if environ.get("PATH_INFO") == "{fixed}":
        size = int(parse_qs(environ.get("QUERY_STRING", ""))["bytes"][0])
        body = BODIES.get(size) or BODIES.setdefault(size, b"x" * size)
        start_response(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(size))],
        )
        return [body]
    return twofold(environ, start_response)
'''


@dataclass(frozen=True)
class Result:
    """What one load run measured."""

    name: str
    size: int
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        """Requests per second over the whole run."""
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        """Latency at percentile ``p`` (0 to 100), in milliseconds."""
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000


def free_port() -> int:
    """A loopback port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(port: int, path: str) -> bytes:
    """One GET on a fresh connection; the body, or an error naming the status."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}, expected 200")
        return body
    finally:
        connection.close()


def wait_until_ready(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Poll /healthz until the server answers; fail with its log if it dies or stalls."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            fetch(port, "/healthz")
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{log.read_text()}")


def load(port: int, name: str, path: str, requests: int, clients: int) -> Result:
    """``requests`` GETs of ``path`` from ``clients`` threads, each on a keep-alive connection."""
    size = len(fetch(port, path))
    remaining = iter(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        try:
            while True:
                with lock:
                    if next(remaining, None) is None:
                        break
                started = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                mine.append(time.perf_counter() - started)
                if response.status != 200 or len(body) != size:
                    errors.append(f"{path}: status {response.status}, {len(body)} bytes")
                    break
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{path}: {error!r}")
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError("load failed: " + "; ".join(errors[:5]))
    return Result(name, size, len(latencies), seconds, latencies)


def start_server(workdir: Path, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    """gunicorn (gthread) serving the wrapper on loopback, on a database in ``workdir``."""
    (workdir / "bench_wsgi.py").write_text(WRAPPER.format(fixed=FIXED_PATH), encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-only-secret",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(PROJECT)]),
    }
    env.pop("VARIANTS_PATH", None)  # the bundled variants/, as a fresh clone serves them
    # Migrate and load variants/ once, before the workers start, so they do not race
    # each other to fill the same empty database.
    subprocess.run(
        [sys.executable, "-c", "from service import create_app; create_app()"],
        env=env,
        cwd=PROJECT,
        check=True,
    )
    log = workdir / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn",
        "--worker-class", "gthread",
        "--workers", str(workers),
        "--threads", str(threads),
        "--bind", f"{HOST}:{port}",
        "--keep-alive", "5",
        "--error-logfile", str(log),
        "--log-level", "warning",
        "bench_wsgi:application",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=workdir)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Ask gunicorn to stop; kill it if it has not within ten seconds."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def report(results: list[Result], fixed: Result) -> None:
    """A table of the runs and each article's throughput relative to the fixed bytes."""
    print(f"{'response':<22}{'bytes':>8}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for r in results:
        print(
            f"{r.name:<22}{r.size:>8}{r.requests:>10}{r.rate:>10.0f}"
            f"{r.percentile(50):>9.2f}{r.percentile(99):>9.2f}"
        )
    print()
    for r in results:
        if r is not fixed:
            print(
                f"{r.name} / fixed: throughput {r.rate / fixed.rate:.2f}x, "
                f"p50 latency {r.percentile(50) / fixed.percentile(50):.1f}x"
            )


def main() -> None:
    """Parse options, run the three loads against one gunicorn, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per response (2000)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="twofold-bench-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        server = start_server(workdir, port, options.workers, options.threads)
        try:
            wait_until_ready(port, server, workdir / "gunicorn.log")
            # The fixed response is as large as the article pages (their mean size).
            sizes = [len(fetch(port, path)) for path in ARTICLES.values()]
            fixed_path = f"{FIXED_PATH}?bytes={round(statistics.mean(sizes))}"
            targets = {f"article {n}": p for n, p in ARTICLES.items()} | {"fixed": fixed_path}
            print(
                f"gunicorn gthread, {options.workers} workers x {options.threads} threads on "
                f"{HOST}:{port}; {options.clients} keep-alive client threads, "
                f"{options.requests} requests per response\n"
            )
            for path in targets.values():  # warm every worker before measuring
                load(port, "warm-up", path, 25 * options.workers, options.clients)
            results = [
                load(port, name, path, options.requests, options.clients)
                for name, path in targets.items()
            ]
        finally:
            stop_server(server)
    report(results, results[-1])


if __name__ == "__main__":
    main()
