"""Render benchmark: reader pages against fixed bytes from the same server, direct and via nginx.

Starts Twofold under gunicorn (gthread) on loopback with a temporary SQLite database
loaded from the bundled variants, and, when nginx is installed, nginx in front of it
with the shipped ``deploy/nginx/twofold.conf``. Then, in one run and in turns (so that
drift hits every figure alike), it loads:

- a fixed response of the same size as each page, answered by the same gunicorn
  without entering the app: the baseline;
- the canonical article page, the cookie-following article page (with a persona
  cookie), the index, and a ``304`` revalidation of the article, straight from gunicorn;
- the same pages through nginx's cache.

It prints requests/second and latency for each, and the ratios the issue asks for:
page / fixed bytes, and nginx / direct. Then it measures the page cache's memory for the
bundled library and for a generated library of ``--articles`` articles. Ratios, not a
verdict: absolute figures drift from run to run on a shared machine.

Load comes from ``wrk`` when it is installed (Debian's package; a Python client cannot
keep up with nginx), else from a Python keep-alive client, whose own cost then caps
every figure. Run: ``make bench`` or ``.venv/bin/python bench/render.py``, after
``apt-get install wrk nginx`` for the full set of figures.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
HOST = "127.0.0.1"
FIXED_PATH = "/__bench/fixed"
NGINX_CONF = PROJECT / "deploy" / "nginx" / "twofold.conf"

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

NGINX_MAIN = """\
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;
{site}
}}
"""


@dataclass(frozen=True)
class Target:
    """One response to load: where it is, which headers the client sends."""

    name: str
    port: int
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    status: int = 200


@dataclass
class Figures:
    """What the loads of one target measured, one entry per round."""

    target: Target
    size: int = 0
    rates: list[float] = field(default_factory=list)
    cpu_us: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """The median requests/second over the rounds."""
        return statistics.median(self.rates)

    @property
    def cpu(self) -> float | None:
        """The median worker CPU microseconds per request; None where it was not measured."""
        return statistics.median(self.cpu_us) if self.cpu_us else None


def free_port() -> int:
    """A loopback port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def request(
    port: int, path: str, headers: tuple[tuple[str, str], ...] = ()
) -> tuple[int, dict[str, str], bytes]:
    """One GET on a fresh connection: status, headers, body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=dict(headers))
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_for(port: int, path: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll ``path`` until it answers; fail with the log if the server dies or stalls."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if request(port, path)[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer {path} within 60 s:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a server to stop; kill it if it has not within ten seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(workdir: Path, workers: int, threads: int) -> Iterator[tuple[int, int]]:
    """gunicorn (gthread) serving the wrapper on loopback, on a database in ``workdir``:
    its port and its master's process id."""
    (workdir / "bench_wsgi.py").write_text(WRAPPER.format(fixed=FIXED_PATH), encoding="utf-8")
    settings = "TRUSTED_PROXIES = 1\n" + os.environ.get("BENCH_SETTINGS", "")
    (workdir / "settings.py").write_text(settings, encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-only-secret",
        "TWOFOLD_CONFIG": str(workdir / "settings.py"),
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
    with serving(workdir, env, "bench_wsgi:application", workers, threads) as started:
        yield started


@contextmanager
def serving(
    workdir: Path, env: dict[str, str], app: str, workers: int, threads: int
) -> Iterator[tuple[int, int]]:
    """gunicorn (gthread) serving ``app`` on loopback, its log in ``workdir``: its port
    and its master's process id, once it answers /healthz; stopped on the way out."""
    port = free_port()
    log = workdir / f"gunicorn-{port}.log"
    command = [
        sys.executable, "-m", "gunicorn",
        "--worker-class", "gthread",
        "--workers", str(workers),
        "--threads", str(threads),
        "--bind", f"{HOST}:{port}",
        "--keep-alive", "5",
        # A listening socket per worker, so the kernel spreads the keep-alive connections
        # evenly; with one shared socket, one worker often took most of them, and a load
        # ran at half speed on one core, whatever it served.
        "--reuse-port",
        "--error-logfile", str(log),
        "--log-level", "warning",
        app,
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=workdir)
    try:
        wait_for(port, "/healthz", server, log)
        yield port, server.pid
    finally:
        stop(server)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def workers_cpu_seconds(master: int) -> float | None:
    """User and system CPU the master's worker processes have used so far (Linux /proc).

    Requests per second depend on whatever else the machine runs; the CPU a worker
    spends per request much less so. None where /proc cannot tell.
    """
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        total = 0
        for child in children:
            # Fields after the command name: utime and stime are the 12th and 13th.
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None
    return total / CLOCK_TICKS


def nginx_site(upstream: int, listen: int, cache: Path) -> str:
    """The shipped site config with the three lines a deployment changes filled in."""
    lines = []
    for line in NGINX_CONF.read_text(encoding="utf-8").splitlines():
        if "# deploy: listen" in line:
            line = f"    listen {HOST}:{listen};"
        elif "# deploy: upstream" in line:
            line = f"    server {HOST}:{upstream};"
        elif "# deploy: cache path" in line:
            line = re.sub(r"proxy_cache_path \S+", f"proxy_cache_path {cache}", line)
            line = line.split("#")[0]
        lines.append(line)
    return "\n".join(lines)


@contextmanager
def nginx(workdir: Path, upstream: int) -> Iterator[int | None]:
    """nginx with the shipped config in front of ``upstream``; None when it is not installed."""
    debian = Path("/usr/sbin/nginx")
    binary = shutil.which("nginx") or (str(debian) if debian.exists() else None)
    if binary is None:
        yield None
        return
    tmp = workdir / "nginx"
    tmp.mkdir()
    # nginx's workers run as an unprivileged user: let them into the folders they use.
    for folder in (workdir, tmp):
        folder.chmod(0o755)
    port = free_port()
    site = nginx_site(upstream, port, tmp / "cache")
    (tmp / "nginx.conf").write_text(NGINX_MAIN.format(tmp=tmp, site=site), encoding="utf-8")
    log = tmp / "nginx-error.log"
    log.touch()
    server = subprocess.Popen([binary, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)])
    try:
        wait_for(port, "/healthz", server, log)
        yield port
    finally:
        stop(server)


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_COUNT = re.compile(r"(\d+) requests in")
WRK_PERCENTILE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)")
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


Load = tuple[float, float, float, int]


def load_wrk(target: Target, seconds: float, connections: int) -> Load:
    """req/s, p50 ms, p99 ms and the number of requests of ``target`` under wrk."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    for name, value in target.headers:
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{target.port}{target.path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = WRK_ERRORS.search(output)
    if errors:
        raise RuntimeError(f"{target.name}: wrk saw errors:\n{output}")
    rate, count = WRK_RATE.search(output), WRK_COUNT.search(output)
    if rate is None or count is None:
        raise RuntimeError(f"{target.name}: cannot read wrk's output:\n{output}")
    percentiles = {p: float(v) * UNIT[u] for p, v, u in WRK_PERCENTILE.findall(output)}
    return float(rate.group(1)), percentiles["50"], percentiles["99"], int(count.group(1))


def load_python(target: Target, seconds: float, connections: int) -> Load:
    """req/s, p50 ms, p99 ms and requests of ``target`` from Python keep-alive clients."""
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, target.port, timeout=30)
        mine: list[float] = []
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                connection.request("GET", target.path, headers=dict(target.headers))
                response = connection.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                if response.status != target.status:
                    errors.append(f"{target.name}: status {response.status}")
                    break
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{target.name}: {error!r}")
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError("load failed: " + "; ".join(errors[:5]))
    ordered = sorted(latencies)
    return (
        len(ordered) / elapsed,
        ordered[len(ordered) // 2] * 1000,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        len(ordered),
    )


def check(target: Target) -> int:
    """The target answers as expected (and, via nginx, from the cache); its body size."""
    status, headers, body = request(target.port, target.path, target.headers)
    if status != target.status:
        raise RuntimeError(f"{target.name}: {target.path} answered {status}, not {target.status}")
    cache = {k.lower(): v for k, v in headers.items()}.get("x-cache-status")
    if cache is not None and cache != "HIT":
        raise RuntimeError(f"{target.name}: nginx answered {cache}, not HIT, after warming")
    return len(body)


def measure(
    targets: list[Target], rounds: int, seconds: float, connections: int, master: int
) -> list[Figures]:
    """Load every target in turn, ``rounds`` times; warm each first.

    Beside the rate, each load notes the CPU gunicorn's workers spent per request
    (requests through nginx cost the workers nothing once cached: not noted).
    """
    load = load_wrk if shutil.which("wrk") else load_python
    figures = [Figures(t) for t in targets]
    for target in targets:
        for _ in range(3):  # fill every worker's page cache and nginx's
            request(target.port, target.path, target.headers)
        load(target, 0.5, connections)
    for figure in figures:
        figure.size = check(figure.target)
    for turn in range(rounds):
        # Every other round in reverse (A B, then B A): whatever favours the first or the
        # second of a pair (a cache warmed, a neighbour quieting down) favours each side alike.
        for figure in figures if turn % 2 == 0 else figures[::-1]:
            # The first target is a baseline, straight from gunicorn.
            direct = figure.target.port == targets[0].port
            before = workers_cpu_seconds(master) if direct else None
            rate, p50, p99, count = load(figure.target, seconds, connections)
            after = None if before is None else workers_cpu_seconds(master)
            if before is not None and after is not None and count:
                figure.cpu_us.append((after - before) / count * 1e6)
            figure.rates.append(rate)
            figure.p50.append(p50)
            figure.p99.append(p99)
    return figures


def report_loads(figures: list[Figures], client: str) -> None:
    """The table of loads and the ratios."""
    print(f"load: {client}\n")
    print(f"{'response':<34}{'bytes':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'CPU µs':>9}")
    for f in figures:
        cpu = "" if f.cpu is None else f"{f.cpu:>9.0f}"
        print(
            f"{f.target.name:<34}{f.size:>8}{f.rate:>10.0f}"
            f"{statistics.median(f.p50):>9.2f}{statistics.median(f.p99):>9.2f}{cpu}"
        )
    print("\nCPU µs: what gunicorn's workers spent per request (user + system), median of rounds")
    by_name = {f.target.name: f for f in figures}
    print(
        "\nratio: median over rounds of page / baseline, each pair loaded in the same round"
        "\n(so drift on a shared machine hits both sides); lowest and highest round after it\n"
    )
    ratios = [
        ("canonical article / fixed bytes", "canonical article", "fixed (article size)"),
        ("cookie-following / fixed bytes", "cookie-following article", "fixed (article size)"),
        ("index / fixed bytes", "index", "fixed (index size)"),
        ("304 revalidation / fixed bytes", "304 revalidation", "fixed (article size)"),
    ]
    for name in ("canonical article", "cookie-following article", "index", "304 revalidation"):
        ratios.append((f"nginx {name} / direct", f"nginx: {name}", name))
    for label, top, bottom in ratios:
        if top in by_name and bottom in by_name:
            paired = [t / b for t, b in zip(by_name[top].rates, by_name[bottom].rates, strict=True)]
            print(
                f"{label:<44}{statistics.median(paired):>7.2f}x"
                f"   ({min(paired):.2f}-{max(paired):.2f})"
            )
    print(
        "\nthe same pairs by worker CPU per request: fixed bytes' CPU / the page's (the"
        "\nrequests/second ratio if the workers had the cores to themselves)\n"
    )
    for label, top, bottom in ratios[:4]:
        page, base = by_name.get(top), by_name.get(bottom)
        if page is None or base is None or page.cpu is None or base.cpu is None:
            continue
        paired = [b / t for t, b in zip(page.cpu_us, base.cpu_us, strict=True)]
        print(
            f"{label:<44}{statistics.median(paired):>7.2f}x   ({min(paired):.2f}-{max(paired):.2f})"
        )


def targets_for(direct: int, proxy: int | None) -> list[Target]:
    """Every response to load: baselines, pages direct, pages via nginx."""
    article = "/en/articles/milia/layperson"
    persona = (("Cookie", "twofold_persona=clinician"),)
    etag = request(direct, article)[1]["ETag"]
    sizes = {p: len(request(direct, p)[2]) for p in (article, "/en/")}
    pages = [
        Target("canonical article", direct, article),
        Target("cookie-following article", direct, "/en/articles/milia", persona),
        Target("304 revalidation", direct, article, (("If-None-Match", etag),), 304),
        Target("index", direct, "/en/"),
    ]
    # Each baseline right before the pages compared with it, so they share the moment.
    found = [
        Target("fixed (article size)", direct, f"{FIXED_PATH}?bytes={sizes[article]}"),
        *pages[:3],
        Target("fixed (index size)", direct, f"{FIXED_PATH}?bytes={sizes['/en/']}"),
        pages[3],
    ]
    if proxy is None:
        return found
    # Each page through nginx right after the same page direct, so the pair shares the moment.
    # Pages name their own address (canonical links), so nginx's copy has its own ETag.
    proxied = (("If-None-Match", request(proxy, article)[1]["ETag"]),)
    paired: list[Target] = []
    for target in found:
        paired.append(target)
        if target in pages:
            through = replace(target, name=f"nginx: {target.name}", port=proxy)
            paired.append(replace(through, headers=proxied) if target.status == 304 else through)
    return paired


# --- Memory ------------------------------------------------------------------------------


def reader_urls(app: Flask) -> list[tuple[str, str | None]]:
    """Every reader page of the app's library: (path, persona cookie)."""
    from service.storage import repository
    from service.storage.db import db

    urls: list[tuple[str, str | None]] = []
    with app.app_context():
        session = db.new_session()
        for locale in app.config["LOCALES"]:
            urls += [(f"/{locale}/", None), (f"/{locale}/editorial-policy", None)]
            for stamp in repository.public_stamps(session, locale):
                base = f"/{locale}/articles/{stamp.slug}"
                urls += [(f"{base}/layperson", None), (f"{base}/clinician", None)]
                urls += [(base, None), (base, "patient"), (base, "clinician")]
    return urls


def page_cache_memory(workdir: Path, articles: int) -> tuple[int, int, int, int]:
    """Fill a page cache with every reader page: (pages, articles, cache bytes, heap growth)."""
    from service import create_app
    from service.content.bundle import read_path
    from service.storage import db, repository

    database = workdir / f"memory-{articles}.sqlite3"
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{database}",
            "LOAD_BUNDLED_VARIANTS": articles == 0,
            "PAGE_CACHE_MAX_BYTES": 1 << 40,  # unbounded here: measure what a library needs
        }
    )
    if articles:
        milia = next(a for a in read_path(PROJECT / "variants") if a.locale == "en")
        generated = [replace(milia, slug=f"milia-{n:05d}") for n in range(articles)]
        with app.app_context():
            repository.save_all(db.db.new_session(), generated, message="bench library")
    urls = reader_urls(app)
    cache = app.extensions["twofold.page_cache"]
    client = app.test_client()
    client.get("/en/articles/milia/layperson")  # templates, dictionaries: not the cache's
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for path, persona in urls:
        client.delete_cookie("twofold_persona")
        if persona:
            client.set_cookie("twofold_persona", persona)
        client.get(path)
    growth = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    db.close(app)
    return len(cache), len(urls), cache.peak_bytes, growth


def report_memory(workdir: Path, articles: int) -> None:
    """Page cache memory for the bundled library and a generated one."""
    print("\npage cache memory (one worker; every reader page of the library requested once)\n")
    print(f"{'library':<28}{'pages':>8}{'cache MB':>10}{'heap MB':>10}{'KB/page':>9}")
    for label, count in (("bundled variants/", 0), (f"{articles} generated articles", articles)):
        pages, _, cached, growth = page_cache_memory(workdir, count)
        print(
            f"{label:<28}{pages:>8}{cached / 2**20:>10.1f}{growth / 2**20:>10.1f}"
            f"{cached / max(pages, 1) / 1024:>9.1f}"
        )
    print(
        "\ncache MB: the bytes the cache holds (bodies, headers, bookkeeping); heap MB: what"
        "\nthe process grew by while rendering them (includes the section render memo)."
        "\nPAGE_CACHE_MAX_BYTES bounds the cache (default 24 MiB per worker, LRU)."
    )


def main() -> None:
    """Parse options, run the loads against one gunicorn and one nginx, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per load (3)")
    parser.add_argument("--rounds", type=int, default=6, help="turns over every target (6)")
    parser.add_argument("--connections", type=int, default=8, help="keep-alive connections (8)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--articles", type=int, default=1000, help="generated library (1000)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory figures")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="twofold-bench-") as tmp:
        workdir = Path(tmp)
        with (
            gunicorn(workdir, options.workers, options.threads) as (direct, master),
            nginx(workdir, direct) as proxy,
        ):
            print(
                f"gunicorn gthread, {options.workers} workers x {options.threads} threads; "
                + (
                    "nginx (1 worker: wrk has the other core) in front"
                    if proxy
                    else "nginx not installed: no proxy"
                )
                + f"; {options.connections} connections, {options.rounds} rounds of "
                f"{options.seconds:g} s per response"
            )
            targets = targets_for(direct, proxy)
            figures = measure(targets, options.rounds, options.seconds, options.connections, master)
        report_loads(figures, "wrk" if shutil.which("wrk") else "Python client (install wrk)")
        if not options.no_memory:
            report_memory(workdir, options.articles)


if __name__ == "__main__":
    main()
