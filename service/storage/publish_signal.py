"""A publish signal beside an SQLite database: a counter every process maps into memory.

Reading the publication generation is a query; on a busy worker that query, not the
page, was most of what a cached reader page cost. An SQLite database lives on one
machine, so every process that can write it (workers, ``flask variants load``, a
second instance on the same file) can also share a small file next to it. After each
commit that moved the generation, the committing process increments the counter in
``<database>.publication``; page caches read the counter from shared memory (no
system call, no lock) and query the database only when it has moved.

The database stays the truth: the counter only says "look again". It is bumped after
the commit, so a reader that sees it move also sees the new generation; a request
that raced the commit is one that started before the publish had answered.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import mmap
import os
import struct
from pathlib import Path

from sqlalchemy import Engine

SUFFIX = ".publication"
COUNTER = struct.Struct("<Q")
log = logging.getLogger(__name__)


def database_file(engine: Engine) -> Path | None:
    """The SQLite file behind ``engine``; None for in-memory and server databases."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or engine.url.query.get("mode") == "memory":
        return None
    return Path(database).resolve()


def signal_path(engine: Engine) -> Path | None:
    """Where the signal of ``engine``'s database lives; None when it has no file to share."""
    database = database_file(engine)
    return None if database is None else database.with_name(database.name + SUFFIX)


def _open(path: Path) -> int:
    """The signal file, created at counter size if it is new; the caller closes it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o660)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.fstat(fd).st_size < COUNTER.size:
                os.ftruncate(fd, COUNTER.size)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    except BaseException:
        os.close(fd)
        raise
    return fd


def notify(path: Path) -> None:
    """Move the counter at ``path``: every page cache on this database looks again."""
    try:
        fd = _open(path)
    except OSError as error:
        # Readers still re-read the database within PublishSignal.RECHECK seconds.
        log.warning("cannot move the publish signal %s: %s", path, error)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with mmap.mmap(fd, COUNTER.size) as shared:
            (count,) = COUNTER.unpack_from(shared)
            COUNTER.pack_into(shared, 0, (count + 1) % 2**64)
    finally:
        os.close(fd)  # closing releases the lock


class PublishSignal:
    """The counter at ``path``, mapped read-only: ``value()`` is a memory read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = _open(path)
        try:
            self._map: mmap.mmap | None = mmap.mmap(fd, COUNTER.size, access=mmap.ACCESS_READ)
        finally:
            os.close(fd)

    @classmethod
    def for_engine(cls, engine: Engine) -> PublishSignal | None:
        """The signal of ``engine``'s database, or None when there is none to share."""
        path = signal_path(engine)
        if path is None:
            return None
        try:
            return cls(path)
        except OSError as error:
            log.warning("no publish signal at %s (%s): reading the database each time", path, error)
            return None

    def value(self) -> int:
        """The counter now; any change means the generation may have moved."""
        shared = self._map
        if shared is None:
            raise ValueError(f"the publish signal {self.path} is closed")
        (count,) = COUNTER.unpack_from(shared)
        return int(count)

    def close(self) -> None:
        """Unmap the file."""
        shared, self._map = self._map, None
        if shared is not None:
            with contextlib.suppress(BufferError):
                shared.close()
