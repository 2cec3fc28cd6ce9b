"""The readability score cache's table: stored reports looked up by key, new ones added.

Only SQL lives here; what a key is made of and what a stored report means is
``service.quality.scores``'s business. A payload is the text a report was stored as;
it is kept zlib-compressed (reports repeat their field names and messages: a twelfth of
the size) and given back as text.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.storage.models import ReadabilityScoreRecord


def cached(session: Session, keys: Iterable[str]) -> dict[str, str]:
    """The stored payload of each of ``keys`` that has one, in one query."""
    wanted = set(keys)
    if not wanted:
        return {}
    records = session.scalars(
        select(ReadabilityScoreRecord).where(ReadabilityScoreRecord.key.in_(wanted))
    )
    return {record.key: _text(record.payload) for record in records}


def _text(payload: bytes | str) -> str:
    """A stored payload as text (a row some other tool wrote uncompressed is read as is)."""
    if isinstance(payload, str):
        return payload
    try:
        return zlib.decompress(payload).decode("utf-8")
    except zlib.error:
        return payload.decode("utf-8", errors="replace")


def store(session: Session, payloads: Mapping[str, str]) -> None:
    """Add a row for each key and payload; a key another request stored meanwhile is kept.

    Two QA pages (or two instances) scoring the same new text at once must not turn
    into a duplicate-key error: the reports are identical, so the first one wins.
    The rows are part of ``session``'s transaction: they last when it commits.
    """
    if not payloads:
        return
    now = dt.datetime.now(dt.UTC)
    rows = [
        {"key": key, "payload": zlib.compress(payload.encode("utf-8")), "created_at": now}
        for key, payload in payloads.items()
    ]
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(ReadabilityScoreRecord).values(rows).on_conflict_do_nothing())
