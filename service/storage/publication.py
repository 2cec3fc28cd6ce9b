"""The publication generation: one counter that moves whenever readers could see a change.

Any session that flushes a change to what readers see (a new submitted or approved
revision, a status that moves into or out of the public ones, a deleted article, a
reviewer's public name or credentials, an account's role or active state) also
increments ``publication.generation`` in the same transaction. Page caches in every
worker and instance check the counter on each request: when it has moved, they drop
their pages. The counter lives in the database because that is the one thing every
instance, worker and ``flask variants load`` run shares. On SQLite a publish signal
(``publish_signal``) says when to read it again, so a check costs a memory read.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Any

from sqlalchemy import Engine, event, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from service.content.model import Status
from service.storage import publish_signal
from service.storage.models import (
    ArticleRecord,
    PublicationRecord,
    ReviewerProfileRecord,
    RevisionRecord,
    UserRecord,
)

PUBLIC = frozenset(s.value for s in Status if s.is_public)
READ_GENERATION = "SELECT generation FROM publication WHERE id = 1"
# Account columns that decide who the board lists (``storage.reviewers``).
BOARD_COLUMNS = ("role", "active")
# Set on a session whose transaction moved the generation, until it commits or rolls back.
MOVED = "twofold.generation_moved"


def _is_reader_visible(session: Session, record: object) -> bool:
    """True when flushing ``record`` can change a page that readers see."""
    if isinstance(record, ArticleRecord):
        return record in session.deleted
    if isinstance(record, ReviewerProfileRecord):
        # A reviewer's public name or credentials: on the pages they approved, and the board.
        return record in session.new or record in session.deleted or session.is_modified(record)
    if isinstance(record, UserRecord):
        return record not in session.new and any(
            get_history(record, column).has_changes() for column in BOARD_COLUMNS
        )
    if not isinstance(record, RevisionRecord):
        return False
    if record in session.new or record in session.deleted:
        return record.status in PUBLIC
    if not session.is_modified(record):
        return False
    statuses = get_history(record, "status")
    was_or_is_public = any(s in PUBLIC for s in (*statuses.deleted, *statuses.added))
    return was_or_is_public or record.status in PUBLIC


def _bump_after_flush(session: Session, _context: object) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(_is_reader_visible(session, record) for record in changed):
        # Core-level, on the flushing transaction: it commits (or rolls back) with the change.
        session.connection().execute(
            update(PublicationRecord).values(generation=PublicationRecord.generation + 1)
        )
        session.info[MOVED] = True


# Commits in this process that moved the generation: this process's own page caches
# look again at once, whatever the database and whether its publish signal could move.
_moves_here = 0


def moves_here() -> int:
    """How many commits in this process have moved the generation so far."""
    return _moves_here


def _signal_after_commit(session: Session) -> None:
    # Only once the new generation is committed: a cache that looks again must find it.
    global _moves_here
    if session.info.pop(MOVED, False):
        _moves_here += 1
        if isinstance(session.bind, Engine):
            path = publish_signal.signal_path(session.bind)
            if path is not None:
                publish_signal.notify(path)


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(MOVED, None)


HOOKS = (
    ("after_flush", _bump_after_flush),
    ("after_commit", _signal_after_commit),
    ("after_rollback", _forget_after_rollback),
)


def watch(session_class: Any) -> None:
    """Bump the generation on every reader-visible flush of sessions of ``session_class``,
    and move the database's publish signal once that commits."""
    for name, hook in HOOKS:
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)


def generation(session: Session) -> int:
    """The generation as ``session`` sees it: what it reads next is at least this new."""
    return int(session.scalar(select(PublicationRecord.generation).limit(1)) or 0)


class GenerationReader:
    """Reads the counter cheaply: one small query on a connection kept per thread.

    The connection is taken out of the engine's pool and put in autocommit mode, so each
    read sees the latest committed value and never holds a transaction open.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._local = threading.local()
        # Every connection handed to a thread, so ``close`` can close them all; a thread
        # whose epoch is behind opens a new one.
        self._open: list[Any] = []
        self._epoch = 0
        self._lock = threading.Lock()

    def read(self) -> int:
        """The current generation; raises the driver's error when the database is down."""
        cursor = self._cursor()
        try:
            cursor.execute(READ_GENERATION)
            row = cursor.fetchone()
        except Exception:
            self._discard()
            raise
        return int(row[0]) if row else 0

    def _cursor(self) -> Any:
        state = self._local.__dict__
        cursor = state.get("cursor")
        if cursor is not None and state["pid"] == os.getpid() and state["epoch"] == self._epoch:
            return cursor
        pooled = self._engine.raw_connection()
        pooled.detach()  # ours for this thread's life, not the pool's
        connection = pooled.dbapi_connection
        if self._engine.dialect.name == "sqlite":
            connection.isolation_level = None  # type: ignore[union-attr]
        else:
            connection.autocommit = True  # type: ignore[union-attr]
        cursor = connection.cursor()  # type: ignore[union-attr]
        with self._lock:
            self._open.append(connection)
            state.update(pid=os.getpid(), epoch=self._epoch, connection=connection, cursor=cursor)
        return cursor

    def close(self) -> None:
        """Close every connection this reader opened; the next read opens a new one."""
        with self._lock:
            connections, self._open = self._open, []
            self._epoch += 1
        for connection in connections:
            with contextlib.suppress(Exception):
                connection.close()

    def _discard(self) -> None:
        state = self._local.__dict__
        state.pop("cursor", None)
        connection = state.pop("connection", None)
        if connection is not None:
            with self._lock:
                if connection in self._open:
                    self._open.remove(connection)
            # A broken connection may fail to close; it is dropped either way.
            with contextlib.suppress(Exception):
                connection.close()


class GenerationWatch:
    """The generation for the page cache, read from the database only when it may have moved.

    A generation read is trusted for ``recheck`` seconds while the publish signal stays
    put. With a signal (an SQLite file) a request costs a memory read: the database is
    asked when the signal moves, and at least once a second in case a writer could not
    move it. Without one (PostgreSQL, whose instances may be on other machines) nothing
    says when to look, so ``recheck`` is ``PAGE_CACHE_CHECK_INTERVAL``: 0, a read per
    request, unless a deployment trades a bounded delay for fewer reads.
    """

    def __init__(
        self,
        reader: GenerationReader,
        signal: publish_signal.PublishSignal | None,
        recheck: float,
    ) -> None:
        self.reader = reader
        self.signal = signal
        self.recheck = recheck
        # (signal value, moves here, generation, when read): replaced whole, so threads
        # see one state.
        self._seen: tuple[int | None, int, int, float] | None = None

    def __call__(self) -> int:
        """The current generation; raises the driver's error when the database is down."""
        # The signals before the read: a move after them is seen on the next call.
        signalled = None if self.signal is None else self.signal.value()
        moved = _moves_here
        seen = self._seen
        now = time.monotonic()
        if (
            seen is not None
            and seen[0] == signalled
            and seen[1] == moved
            and now - seen[3] < self.recheck
        ):
            return seen[2]
        generation = self.reader.read()
        self._seen = (signalled, moved, generation, now)
        return generation

    def close(self) -> None:
        """Close the reader's connections and unmap the signal."""
        self.reader.close()
        if self.signal is not None:
            self.signal.close()
        self._seen = None
