"""A library of N articles: load, size, reader latency, memory, and the library check.

Generates a realistic library with ``bench/library.py`` (default 10,000 articles × six
sections × two audiences; deterministic seed) into a temporary folder, then measures,
on a fresh database (SQLite in the temporary folder, or ``--database-url`` for an empty
PostgreSQL database, whose tables it drops at the end):

- ``variants load`` of the whole library: wall time and peak memory;
- ``readability check``, cold and then warm (unchanged), and their ratio;
- the database's size, against the size of the bundles' text;
- under gunicorn (one gthread worker, so that one process sees every request): p50 and
  p99 of the index pages, of searches and of 1,000 random article pages, requested one
  at a time, then the worker's resident memory;
- article requests per second on the N-article library against a 1-article library
  (two servers, 2 workers each, loaded in alternating rounds), with the page cache off
  (every request renders: what a page costs when no cache has it) and on (a warm sample
  of the library, as a busy site serves).

Everything it makes it removes. Figures are printed with the targets of issue #15.

Run: ``.venv/bin/python bench/scale.py`` (about 15 minutes at 10,000 articles on two
cores), ``--articles 1000`` for a quick look.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from library import LANGUAGES, bundle_text_bytes, write_library
from render import HOST, serving

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Database:
    """Where a run stores its library: an SQLite file, or an empty PostgreSQL database."""

    url: str
    sqlite_path: Path | None

    def size(self) -> int:
        """Bytes on disk: the SQLite file (after a checkpoint), or PostgreSQL's own count."""
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            wal = self.sqlite_path.with_name(self.sqlite_path.name + "-wal")
            return self.sqlite_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        return int(_postgres(self.url, "SELECT pg_database_size(current_database())"))

    def tables(self) -> list[tuple[str, int]]:
        """Bytes per table and index, largest first."""
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as connection:
                try:
                    rows = connection.execute(
                        "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
                    ).fetchall()
                except sqlite3.OperationalError:  # SQLite built without dbstat
                    return []
            return [(str(name), int(size)) for name, size in rows]
        out = _postgres(
            self.url,
            "SELECT relname || ' ' || pg_total_relation_size(oid) FROM pg_class "
            "WHERE relkind IN ('r', 'm') AND relnamespace = 'public'::regnamespace "
            "ORDER BY pg_total_relation_size(oid) DESC",
        )
        return [(line.split()[0], int(line.split()[1])) for line in out.splitlines() if line]

    def drop(self) -> None:
        """Leave a PostgreSQL database as empty as it was given (SQLite files go with tmp)."""
        if self.sqlite_path is None:
            _postgres(self.url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def _postgres(url: str, sql: str) -> str:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.begin() as connection:
            result = connection.exec_driver_sql(sql)
            if not result.returns_rows:
                return ""
            return "\n".join(str(row[0]) for row in result)
    finally:
        engine.dispose()


def environment(workdir: Path, database: Database, settings: str = "") -> dict[str, str]:
    """The environment of every ``flask`` and gunicorn process the run starts."""
    config = workdir / f"settings-{abs(hash(settings))}.py"
    config.write_text("LOAD_BUNDLED_VARIANTS = False\n" + settings, encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "SECRET_KEY": "bench-only-secret",
        "TWOFOLD_CONFIG": str(config),
        "PYTHONPATH": str(PROJECT),
    }
    env.pop("VARIANTS_PATH", None)
    return env


def flask(env: dict[str, str], *args: str) -> tuple[float, int]:
    """Run one ``flask --app service`` command, output discarded: seconds and exit code."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "service", *args],
        env=env,
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):  # check exits 1 when some variant fails the policy
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.returncode


@contextmanager
def server(
    workdir: Path, database: Database, *, workers: int, threads: int, settings: str = ""
) -> Iterator[tuple[int, int]]:
    """gunicorn (gthread) on the database: its port and its master's process id."""
    env = environment(workdir, database, settings)
    with serving(workdir, env, "service:create_app()", workers, threads) as started:
        yield started


def worker_rss_kib(master: int) -> list[int]:
    """Resident memory (KiB) of each of the master's worker processes (Linux /proc)."""
    sizes = []
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]))
    return sizes


def timed_get(connection: http.client.HTTPConnection, path: str) -> tuple[int, float, str]:
    """One GET on a keep-alive connection: status, milliseconds, body."""
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    return response.status, (time.perf_counter() - started) * 1000, body


def percentiles(samples: list[float]) -> str:
    """p50 and p99 of ``samples`` in milliseconds, as printed."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p99 {p99:7.1f} ms   ({len(ordered)})"


def article_paths(database: Database, locales: tuple[str, ...]) -> list[str]:
    """Every public variant URL of the library, from the sitemap's view of it."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(database.url)
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT DISTINCT a.locale, a.slug FROM articles a "
                "JOIN revisions r ON r.article_id = a.id WHERE r.status = 'approved'"
            ).all()
    finally:
        engine.dispose()
    return [
        f"/{locale}/articles/{slug}/{audience}"
        for locale, slug in rows
        if locale in locales
        for audience in ("layperson", "clinician")
    ]


def search_terms(rng: random.Random, locales: tuple[str, ...]) -> list[tuple[str, str]]:
    """Realistic queries: one to three words a reader would type, from the library's words."""
    queries = []
    for _ in range(200):
        words = LANGUAGES[rng.choice(locales)]
        locale = next(code for code, lang in LANGUAGES.items() if lang is words)
        pool = [w for phrase in words.lay_objects + words.clin_objects for w in phrase.split()]
        pool = [w for w in pool if len(w) > 3]
        queries.append((locale, " ".join(rng.sample(pool, rng.randint(1, 3)))))
    return queries


def reader_drill(
    port: int, master: int, database: Database, locales: tuple[str, ...], seed: int
) -> None:
    """Index pages, 200 searches, 1,000 random articles, one at a time; then worker RSS."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    statuses: dict[str, list[int]] = {"index": [], "search": [], "article": []}
    times: dict[str, list[float]] = {"index": [], "search": [], "article": []}

    def get(kind: str, path: str) -> str:
        status, ms, body = timed_get(connection, path)
        statuses[kind].append(status)
        times[kind].append(ms)
        return body

    for locale in locales:
        first = get("index", f"/{locale}/")
        pages = [int(n) for n in re.findall(r"[?&]page=(\d+)", first)] or [1]
        for _ in range(100 // len(locales)):
            get("index", f"/{locale}/?page={rng.randint(1, max(pages))}")
    for locale, query in search_terms(rng, locales):
        get("search", f"/{locale}/search?q={quote(query)}")
    paths = article_paths(database, locales)
    for path in rng.sample(paths, min(1000, len(paths))):
        get("article", path)
    connection.close()
    for kind in ("index", "search", "article"):
        answered = {s: statuses[kind].count(s) for s in sorted(set(statuses[kind]))}
        print(f"  {kind:8} {percentiles(times[kind])}   statuses {answered}")
    rss = worker_rss_kib(master)
    print(f"  worker RSS after them: {max(rss) / 1024:.0f} MB   (target <= 150 MB)")
    searched = statuses["search"]
    if searched and all(s == 404 for s in searched):
        print("  (search answered 404: this build has no /<locale>/search)")


def article_rates(
    workdir: Path,
    big: Database,
    small: Database,
    locales: tuple[str, ...],
    *,
    cache: bool,
    seconds: float,
    rounds: int,
    seed: int,
) -> None:
    """Article req/s at N vs at 1 article, in alternating rounds on two servers."""
    settings = "" if cache else "PAGE_CACHE_MAX_BYTES = 0\n"
    rng = random.Random(seed)
    big_paths = article_paths(big, locales)
    # With the cache on, a warm sample of the library (a busy site's hot set); off, all of it.
    if cache:
        big_paths = rng.sample(big_paths, min(400, len(big_paths)))
    small_paths = article_paths(small, locales)
    rates: dict[str, list[float]] = {"N": [], "1": []}
    with (
        server(workdir, big, workers=2, threads=4, settings=settings) as (big_port, _),
        server(workdir, small, workers=2, threads=4, settings=settings) as (small_port, _),
    ):
        if cache:  # every page of the sample in both workers' caches before measuring
            for port, paths in ((big_port, big_paths), (small_port, small_paths)):
                warm(port, paths)
        for turn in range(rounds):
            order = [("N", big_port, big_paths), ("1", small_port, small_paths)]
            for name, port, paths in order if turn % 2 == 0 else order[::-1]:
                rates[name].append(load(port, paths, seconds, 8, rng))
    n_rate, one_rate = statistics.median(rates["N"]), statistics.median(rates["1"])
    label = "page cache on, warm sample" if cache else "page cache off (every request renders)"
    print(
        f"  {label:40} N {n_rate:7.0f} req/s   1 article {one_rate:7.0f} req/s   "
        f"ratio {n_rate / one_rate:.2f}x  (rounds {min(rates['N']):.0f}-{max(rates['N']):.0f} "
        f"vs {min(rates['1']):.0f}-{max(rates['1']):.0f})"
    )


def warm(port: int, paths: list[str]) -> None:
    """Request every path a few times over 8 connections, so each worker has seen it."""
    connections = [http.client.HTTPConnection(HOST, port, timeout=30) for _ in range(8)]
    for turn, path in enumerate(paths * 4):
        timed_get(connections[turn % len(connections)], path)
    for connection in connections:
        connection.close()


def load(
    port: int, paths: list[str], seconds: float, connections: int, rng: random.Random
) -> float:
    """Requests per second of random ``paths`` from ``connections`` keep-alive clients."""
    deadline = time.perf_counter() + seconds
    counts: list[int] = []
    failures: list[str] = []
    picks = [rng.choice(paths) for _ in range(200_000)]

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        done = 0
        try:
            while time.perf_counter() < deadline:
                status, _, _ = timed_get(connection, picks[(offset + done * 7) % len(picks)])
                if status != 200:
                    failures.append(str(status))
                    break
                done += 1
        finally:
            connection.close()
            counts.append(done)

    threads = [threading.Thread(target=client, args=(n * 997,)) for n in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"article load failed: statuses {failures[:5]}")
    return sum(counts) / (time.perf_counter() - started)


def prepare(
    workdir: Path, name: str, articles: int, locales: tuple[str, ...], seed: int, url: str | None
) -> tuple[Path, Database]:
    """A generated variants root and an empty database for it."""
    root = write_library(workdir / f"{name}-variants", articles, locales=locales, seed=seed)
    if url:
        database = Database(url, None)
        if _postgres(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") != "0":
            raise SystemExit(
                f"{url} is not empty: give an empty database (its tables are dropped)."
            )
    else:
        path = workdir / f"{name}.sqlite3"
        database = Database(f"sqlite:///{path}", path)
    return root, database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="library size (10000)")
    parser.add_argument("--locales", default="en", help="comma-separated, e.g. en,es,de (en)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database-url",
        default=None,
        help="an EMPTY PostgreSQL database to use instead of SQLite; its tables are dropped after",
    )
    parser.add_argument("--seconds", type=float, default=4.0, help="per req/s round (4)")
    parser.add_argument("--rounds", type=int, default=4, help="req/s rounds per library (4)")
    options = parser.parse_args()
    locales = tuple(options.locales.split(","))

    with tempfile.TemporaryDirectory(prefix="twofold-scale-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        root, database = prepare(
            workdir, "library", options.articles, locales, options.seed, options.database_url
        )
        text = bundle_text_bytes(root)
        made = time.perf_counter() - started
        print(
            f"library: {options.articles} articles x 6 sections x 2 audiences in "
            f"{','.join(locales)}; {text / 1e6:.1f} MB of bundle text; generated in {made:.0f} s"
        )
        print(f"database: {'PostgreSQL' if database.sqlite_path is None else 'SQLite'}\n")
        try:
            env = environment(workdir, database)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            seconds, _ = flask(env, "variants", "load", str(root), "--trust-status")
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            print(f"variants load            {seconds:8.1f} s   (target <= 300 s)")
            print(f"  peak memory            {max(peak, before) / 1024:8.0f} MB")
            loaded = database.size()
            # As QA runs it: the default table (the CSV and JSON exports write every
            # figure of 120,000 rows, which costs more than finding them).
            cold, _ = flask(env, "readability", "check")
            warm, _ = flask(env, "readability", "check")
            print(f"readability check cold   {cold:8.1f} s   (target <= 300 s)")
            print(
                f"readability check warm   {warm:8.2f} s   cold/warm {cold / warm:.1f}x  "
                "(target >= 50x)"
            )
            size = database.size()
            print(
                f"database after load      {loaded / 1e6:8.1f} MB   {loaded / text:.2f}x the text"
            )
            print(
                f"database after check     {size / 1e6:8.1f} MB   {size / text:.2f}x the text  "
                "(target <= 4x)"
            )
            for name, table_size in database.tables()[:8]:
                print(f"  {name:36} {table_size / 1e6:8.1f} MB")

            print("\nreader requests, one at a time (1 gunicorn worker x 4 threads):")
            with server(workdir, database, workers=1, threads=4) as (port, master):
                reader_drill(port, master, database, locales, options.seed)
            print("  (targets: index and search p99 < 50 ms)")

            print(
                "\narticle req/s, N articles vs 1 article (2 workers x 4 threads each, 8 clients):"
            )
            small_root, small = prepare(workdir, "one", 1, locales[:1], options.seed, None)
            flask(
                environment(workdir, small), "variants", "load", str(small_root), "--trust-status"
            )
            for cache in (False, True):
                article_rates(
                    workdir,
                    database,
                    small,
                    locales[:1],
                    cache=cache,
                    seconds=options.seconds,
                    rounds=options.rounds,
                    seed=options.seed,
                )
            print("  (target: N / 1 >= 0.9x)")
        finally:
            database.drop()
        print(f"\ntotal {time.perf_counter() - started:.0f} s; temporary files removed.")


if __name__ == "__main__":
    main()
