"""Searching what readers see: ranked hits with a snippet, from the database's own engine.

The words come already split (``reader.search_terms``): never the reader's raw text, so
no query syntax of either engine reaches the database. On SQLite every word is a quoted
FTS5 phrase, all of them required, ranked by bm25 with the title weighing most; on
PostgreSQL ``plainto_tsquery`` in the locale's configuration, ranked by ``ts_rank_cd``
with the title weighted A. Snippets come with ``MARK_OPEN``/``MARK_CLOSE`` around the
matched words; the caller escapes the text and turns only those into highlights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from service.storage.search_index import language_of, scope_token
from service.writing.audience import Audience

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
ELLIPSIS = "…"
# bm25 weights of search_fts's columns: title, question, body, scope (never scored).
SQLITE_RANK = "bm25(10.0, 4.0, 1.0, 0.0)"
SNIPPET_TOKENS = 32
# ts_rank_cd's weights for D, C, B, A: body, -, question, title.
POSTGRES_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=30, MinWords=15, "
    f'ShortWord=2, MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
)


@dataclass(frozen=True)
class Hit:
    """One article found: where it is, its title and question, and a marked snippet."""

    slug: str
    title: str
    question: str
    snippet: str


@dataclass(frozen=True)
class Found:
    """One page of hits, and how many articles matched in all."""

    total: int
    hits: tuple[Hit, ...]


def search(
    session: Session,
    locale: str,
    audience: Audience,
    words: Sequence[str],
    *,
    limit: int,
    offset: int,
) -> Found:
    """Articles in ``locale`` whose text for ``audience`` has every one of ``words``."""
    if not words:
        return Found(0, ())
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite(session, locale, audience, words, limit, offset)
    return _postgres(session, locale, audience, words, limit, offset)


def fts5_query(locale: str, audience: Audience, words: Sequence[str]) -> str:
    """The FTS5 expression: the reader's scope, and every word as a quoted phrase."""
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return f'scope : "{scope_token(locale, audience)}" AND {{title question body}} : ({phrases})'


def _sqlite(
    session: Session,
    locale: str,
    audience: Audience,
    words: Sequence[str],
    limit: int,
    offset: int,
) -> Found:
    match = fts5_query(locale, audience, words)
    total = session.scalar(
        text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :match"), {"match": match}
    )
    if not total or offset >= total:
        return Found(int(total or 0), ())
    # FTS5 sorts by rank itself, so the snippet is made for the rows returned only.
    rows = session.execute(
        text(
            "SELECT a.slug, top.title, top.question, top.snippet FROM ("
            "SELECT rowid AS id, title, question, "
            "snippet(search_fts, 2, :open, :close, :ellipsis, :tokens) AS snippet "
            "FROM search_fts WHERE search_fts MATCH :match AND rank MATCH :rank "
            "ORDER BY rank LIMIT :limit OFFSET :offset) AS top "
            "JOIN search_entries e ON e.id = top.id JOIN articles a ON a.id = e.article_id"
        ),
        {
            "match": match,
            "rank": SQLITE_RANK,
            "open": MARK_OPEN,
            "close": MARK_CLOSE,
            "ellipsis": ELLIPSIS,
            "tokens": SNIPPET_TOKENS,
            "limit": limit,
            "offset": offset,
        },
    ).all()
    return Found(int(total), tuple(Hit(*row) for row in rows))


def _postgres(
    session: Session,
    locale: str,
    audience: Audience,
    words: Sequence[str],
    limit: int,
    offset: int,
) -> Found:
    params = {
        "language": language_of(locale),
        "words": " ".join(words),
        "locale": locale,
        "audience": audience.value,
    }
    matching = (
        "FROM search_entries e, plainto_tsquery(CAST(:language AS regconfig), :words) AS q "
        "WHERE e.locale = :locale AND e.audience = :audience AND e.document @@ q"
    )
    total = session.scalar(text(f"SELECT count(*) {matching}"), params)
    if not total or offset >= total:
        return Found(int(total or 0), ())
    # The headline only for the page shown: ts_headline reads and parses the whole text.
    rows = session.execute(
        text(
            "SELECT a.slug, t.title, t.question, "
            "ts_headline(CAST(:language AS regconfig), t.body, top.q, :options) FROM ("
            f"SELECT e.id, e.article_id, q, ts_rank_cd(CAST(:weights AS real[]), e.document, q) "
            f"AS score {matching} ORDER BY score DESC, e.id LIMIT :limit OFFSET :offset) AS top "
            "JOIN search_text t ON t.id = top.id JOIN articles a ON a.id = top.article_id "
            "ORDER BY top.score DESC, top.id"
        ),
        {
            **params,
            "weights": POSTGRES_WEIGHTS,
            "options": HEADLINE_OPTIONS,
            "limit": limit,
            "offset": offset,
        },
    ).all()
    return Found(int(total), tuple(Hit(*row) for row in rows))
