"""Figures in the database: image bytes kept once by SHA-256, and each revision's list of them.

A revision names its figures (file name, digest, credit); the bytes live in
``figure_files``, one row per distinct image, so a hundred revisions showing the same
picture store it once. Listing figures never reads their bytes; serving one reads only
its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.content.model import Figure
from service.storage.models import (
    ArticleRecord,
    FigureFileRecord,
    RevisionFigureRecord,
    RevisionRecord,
)


class MissingFigureBytes(ValueError):
    """A figure to store whose image is neither given nor stored already."""


@dataclass(frozen=True)
class FigureFile:
    """One stored image, as served: its digest, media type and bytes."""

    digest: str
    media_type: str
    data: bytes


def store(session: Session, revision_id: int, figures: Sequence[Figure]) -> None:
    """Record ``figures`` as revision ``revision_id``'s, storing bytes not stored yet."""
    store_many(session, [(revision_id, figures)])


def store_many(session: Session, shown: Sequence[tuple[int, Sequence[Figure]]]) -> None:
    """Record each revision's figures, as ``(revision id, figures)``, in one lookup and flush.

    Bytes not stored yet are stored once, however many of the revisions show them.
    """
    shown = [(revision_id, figures) for revision_id, figures in shown if figures]
    if not shown:
        return
    digests = {f.digest for _, figures in shown for f in figures}
    known = set(
        session.scalars(select(FigureFileRecord.digest).where(FigureFileRecord.digest.in_(digests)))
    )
    now = dt.datetime.now(dt.UTC)
    for revision_id, figures in shown:
        for figure in figures:
            if figure.digest in known:
                continue
            if figure.data is None:
                raise MissingFigureBytes(f"figures/{figure.name}: no bytes for {figure.digest}")
            session.add(
                FigureFileRecord(
                    digest=figure.digest,
                    media_type=figure.media_type,
                    width=figure.width,
                    height=figure.height,
                    size=len(figure.data),
                    data=figure.data,
                    created_at=now,
                )
            )
            known.add(figure.digest)
        session.add_all(
            RevisionFigureRecord(
                revision_id=revision_id,
                position=position,
                name=figure.name,
                digest=figure.digest,
                credit=figure.credit,
            )
            for position, figure in enumerate(figures)
        )
    session.flush()


def figures_of(session: Session, revision_ids: Iterable[int]) -> dict[int, tuple[Figure, ...]]:
    """Each revision's figures (without their bytes), by revision id, in one query."""
    ids = list(revision_ids)
    found: dict[int, list[Figure]] = {i: [] for i in ids}
    if not ids:
        return {}
    rows = session.execute(
        select(
            RevisionFigureRecord.revision_id,
            RevisionFigureRecord.name,
            RevisionFigureRecord.credit,
            FigureFileRecord.digest,
            FigureFileRecord.media_type,
            FigureFileRecord.width,
            FigureFileRecord.height,
        )
        .join(FigureFileRecord, FigureFileRecord.digest == RevisionFigureRecord.digest)
        .where(RevisionFigureRecord.revision_id.in_(ids))
        .order_by(RevisionFigureRecord.revision_id, RevisionFigureRecord.position)
    )
    for revision_id, name, credit, digest, media_type, width, height in rows:
        found[revision_id].append(Figure(name, digest, media_type, width, height, credit))
    return {i: tuple(figures) for i, figures in found.items()}


def figure_bytes(session: Session, digests: Iterable[str]) -> dict[str, bytes]:
    """The stored bytes of each of ``digests``, by digest (what an export writes)."""
    wanted = set(digests)
    if not wanted:
        return {}
    rows = session.execute(
        select(FigureFileRecord.digest, FigureFileRecord.data).where(
            FigureFileRecord.digest.in_(wanted)
        )
    )
    return {digest: bytes(data) for digest, data in rows}


def revision_figure(session: Session, revision_id: int, digest: str) -> FigureFile | None:
    """The image ``digest`` if revision ``revision_id`` shows it, else None."""
    row = session.execute(
        select(FigureFileRecord.media_type, FigureFileRecord.data)
        .join(RevisionFigureRecord, RevisionFigureRecord.digest == FigureFileRecord.digest)
        .where(
            RevisionFigureRecord.revision_id == revision_id,
            FigureFileRecord.digest == digest,
        )
        .limit(1)
    ).first()
    return None if row is None else FigureFile(digest, row[0], bytes(row[1]))


def article_figure(session: Session, locale: str, slug: str, digest: str) -> FigureFile | None:
    """The image ``digest`` if any revision of ``locale/slug`` (drafts too) shows it."""
    row = session.execute(
        select(FigureFileRecord.media_type, FigureFileRecord.data)
        .join(RevisionFigureRecord, RevisionFigureRecord.digest == FigureFileRecord.digest)
        .join(RevisionRecord, RevisionRecord.id == RevisionFigureRecord.revision_id)
        .join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id)
        .where(
            ArticleRecord.locale == locale,
            ArticleRecord.slug == slug,
            FigureFileRecord.digest == digest,
        )
        .limit(1)
    ).first()
    return None if row is None else FigureFile(digest, row[0], bytes(row[1]))
