"""First start: every worker of a new deployment starts, and the database is filled once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

PROJECT = Path(__file__).resolve().parent.parent.parent
SAMPLE_BUNDLES = PROJECT / "tests" / "bundles"
# What each gunicorn worker does on import: build the app (migrate, fill if empty).
START = "from service import create_app; from service.storage import db; db.close(create_app())"
WORKERS = 4


def count(url: str, table: str) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        found = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return int(found)


def test_workers_starting_at_once_on_an_empty_database_all_start(empty_database_url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": empty_database_url,
        "SECRET_KEY": "first-start",
        "VARIANTS_PATH": str(SAMPLE_BUNDLES),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", START],
            env=env,
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(WORKERS)
    ]
    failures = []
    for worker in workers:
        _, stderr = worker.communicate(timeout=180)
        if worker.returncode != 0:
            failures.append(stderr.decode(errors="replace")[-2000:])

    assert not failures, "\n---\n".join(failures)
    bundles = len([p for p in SAMPLE_BUNDLES.glob("*/*") if p.is_dir()])
    assert count(empty_database_url, "articles") == bundles
    assert count(empty_database_url, "revisions") == bundles  # filled once, not per worker
