"""Each revision's readability verdict as last checked: written by scoring, read by lists.

Only SQL lives here. What the verdict is and which ``engine`` fingerprint is current is
``service.quality``'s business; a list asking for verdicts passes the current one, and
a row stored under any other fingerprint counts as not checked. Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import ColumnElement, and_, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.storage.models import RevisionVerdictRecord


def record(session: Session, verdicts: Mapping[int, str], engine: str) -> None:
    """Store each revision's verdict under ``engine``, replacing what was stored before."""
    if not verdicts:
        return
    ids = list(verdicts)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(
            delete(RevisionVerdictRecord).where(RevisionVerdictRecord.revision_id.in_(chunk))
        )
    now = dt.datetime.now(dt.UTC)
    # Two requests checking the same revision at once (two QA pages, a page and the
    # command) record the same verdict: the later one overwrites, never a duplicate key.
    dialect = session.get_bind().dialect.name
    statement = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(
        RevisionVerdictRecord
    )
    statement = statement.on_conflict_do_update(
        index_elements=["revision_id"],
        set_={c: statement.excluded[c] for c in ("engine", "verdict", "checked_at")},
    )
    session.execute(
        statement,
        [
            {"revision_id": rid, "engine": engine, "verdict": verdict, "checked_at": now}
            for rid, verdict in verdicts.items()
        ],
    )


def verdicts(session: Session, revision_ids: Iterable[int], engine: str) -> dict[int, str]:
    """The stored verdict of each of ``revision_ids`` checked under ``engine``."""
    wanted = list(set(revision_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.execute(
                select(RevisionVerdictRecord.revision_id, RevisionVerdictRecord.verdict).where(
                    RevisionVerdictRecord.revision_id.in_(chunk),
                    RevisionVerdictRecord.engine == engine,
                )
            ).tuples()
        )
    return found


def current_for(revision_id: ColumnElement[int], engine: str) -> ColumnElement[bool]:
    """A join condition: the verdict row of ``revision_id`` checked under ``engine``.

    Outer-join ``RevisionVerdictRecord`` on it in a list query; a NULL verdict then
    means "not checked by the current engine and policy".
    """
    return and_(
        RevisionVerdictRecord.revision_id == revision_id, RevisionVerdictRecord.engine == engine
    )
