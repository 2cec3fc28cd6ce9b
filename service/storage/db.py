"""The SQLAlchemy engine and a session per application context."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from service.storage import publication, search_index


def database_url(app: Flask) -> str:
    """``DATABASE_URL`` from configuration, else an SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the old scheme; SQLAlchemy wants the driver spelled out.
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return str(url)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'twofold.sqlite3'}"


# SQLite's name for a ``lower`` that folds every letter, not only ASCII.
SQLITE_LOWER = "twofold_lower"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Enforce foreign keys and let readers work while a writer commits.

    Also lowercase any letter (SQLite's ``lower`` folds only ASCII): the article list's
    text filter finds "Über…" when asked for "über".
    """
    dbapi_connection.create_function(  # type: ignore[attr-defined]
        SQLITE_LOWER, 1, _lower, deterministic=True
    )
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _lower(value: object) -> object:
    """``str.lower`` for SQL: NULL and non-text values pass through."""
    return value.lower() if isinstance(value, str) else value


class Database:
    """The engine and scoped session, attached to an app with ``init_app``."""

    def __init__(self) -> None:
        # One session per thread, made by the current app's own sessionmaker.
        # scoped_session calls any factory; its stubs ask for a sessionmaker.
        self.session: scoped_session[Session] = scoped_session(self._new)  # type: ignore[arg-type]

    @staticmethod
    def _new() -> Session:
        factory: sessionmaker[Session] = current_app.extensions["twofold.sessionmaker"]
        return factory()

    def init_app(self, app: Flask) -> None:
        """Create the engine for ``app`` and close the session after every request."""
        engine = create_engine(database_url(app), pool_pre_ping=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        app.extensions["twofold.engine"] = engine
        factory = sessionmaker(bind=engine)
        publication.watch(factory)
        search_index.watch(factory)
        app.extensions["twofold.sessionmaker"] = factory
        app.teardown_appcontext(lambda _exc: self.session.remove())

    @property
    def engine(self) -> Engine:
        """The engine of the current app."""
        engine: Engine = current_app.extensions["twofold.engine"]
        return engine

    def new_session(self) -> Session:
        """The session for this thread's app context, bound to the current app's engine."""
        return self.session()


db = Database()


def ping(session: Session) -> None:
    """Ask the database the cheapest question there is; the driver's error if it cannot
    answer. Health checks use it: it proves a connection and a round trip, nothing more."""
    session.execute(text("SELECT 1"))


def close(app: Flask) -> None:
    """Close every database connection ``app`` holds: its session, its pool, and the
    page cache's generation watch. For tests and tools that make apps and drop them."""
    with app.app_context():
        db.session.remove()
    watch = app.extensions.get("twofold.generation_watch")
    if watch is not None:
        watch.close()
    app.extensions["twofold.engine"].dispose()
