"""First start: migrate the schema, and fill an empty database from the bundled variants."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine

from service.content.bundle import read_path
from service.storage import repository
from service.storage.db import db
from service.storage.migrate import upgrade
from service.storage.publish_signal import database_file

# Any fixed number: the PostgreSQL advisory lock that every starting process takes.
ADVISORY_LOCK = 0x7477_6F66  # "twof"


@contextmanager
def one_at_a_time(engine: Engine) -> Iterator[None]:
    """Hold a lock that every process starting on this database takes, across machines.

    gunicorn's workers (and instances behind a load balancer) start at the same moment;
    without it, two of them migrate or fill an empty database at once and one fails.
    PostgreSQL has advisory locks; an SQLite database's processes share its folder, so a
    lock file beside it does the same. An in-memory database has one process.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({ADVISORY_LOCK})")
            try:
                yield
            finally:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({ADVISORY_LOCK})")
                connection.commit()
        return
    database = database_file(engine)
    if database is None:
        yield
        return
    with database.with_name(database.name + ".start-lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def prepare_database(app: Flask) -> None:
    """Bring the schema up to date; load ``VARIANTS_PATH`` into a database with no articles."""
    with app.app_context(), one_at_a_time(db.engine):
        upgrade(db.engine)
        session = db.new_session()
        variants = Path(app.config["VARIANTS_PATH"])
        if (
            app.config["LOAD_BUNDLED_VARIANTS"]
            and repository.is_empty(session)
            and variants.is_dir()
        ):
            articles = read_path(variants, figure_limit=int(app.config["FIGURE_MAX_BYTES"]))
            repository.save_all(
                session, articles, message=f"Loaded from {variants.name}/ on first start"
            )


def init_app(app: Flask) -> None:
    """Prepare the database when the app is built (``AUTO_MIGRATE`` turns it off)."""
    if app.config.get("AUTO_MIGRATE", True):
        prepare_database(app)
