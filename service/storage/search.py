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

from service.storage.search_index import language_of, scope_lexeme
from service.writing.audience import Audience

MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
ELLIPSIS = "…"
# bm25 weights of search_fts's columns: title, question, body.
SQLITE_RANK = "bm25(search_fts, 10.0, 4.0, 1.0)"
SNIPPET_TOKENS = 32
# ts_rank_cd's weights for D, C, B, A: body, -, question, title.
POSTGRES_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=35, MinWords=15, ShortWord=2"
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
    ranked_limit: int,
) -> Found:
    """Articles in ``locale`` whose text for ``audience`` has every one of ``words``.

    Up to ``ranked_limit`` matches are ranked by relevance. Beyond that the words say
    little about which article is best, and ranking every match would cost more than a
    reader waits: articles with the words in their title come first, newest first.
    """
    if not words:
        return Found(0, ())
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite(session, locale, audience, words, limit, offset, ranked_limit)
    return _postgres(session, locale, audience, words, limit, offset, ranked_limit)


def fts5_query(words: Sequence[str], columns: str) -> str:
    """The FTS5 expression: every word a quoted phrase, all required, in ``columns``."""
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
    return f"{{{columns}}} : ({phrases})"


def _sqlite(
    session: Session,
    locale: str,
    audience: Audience,
    words: Sequence[str],
    limit: int,
    offset: int,
    ranked_limit: int,
) -> Found:
    match = fts5_query(words, "title question body")
    # The full-text match drives (CROSS JOIN keeps it the outer loop); the entry says
    # whose it is. Kept out of the FTS expression: a word shared by every row of a
    # locale and audience would make each match cost a walk through all of them.
    matching = (
        "FROM search_fts CROSS JOIN search_entries e ON e.id = search_fts.rowid "
        "WHERE search_fts MATCH :match AND e.locale = :locale AND e.audience = :audience"
    )
    where = {"match": match, "locale": locale, "audience": audience.value}
    total = session.scalar(text(f"SELECT count(*) {matching}"), where)
    if not total or offset >= total:
        return Found(int(total or 0), ())
    if total <= ranked_limit:
        ids = session.scalars(
            text(
                f"SELECT search_fts.rowid {matching} ORDER BY {SQLITE_RANK}, "
                "search_fts.rowid DESC LIMIT :limit OFFSET :offset"
            ),
            {**where, "limit": limit, "offset": offset},
        ).all()
    else:
        ids = _sqlite_titles_first(session, matching, where, words, limit, offset)
    # Snippets for the page shown only: each reads and splits its whole text.
    hits = []
    for entry in ids:
        row = session.execute(
            text(
                "SELECT a.slug, f.title, f.question, "
                "snippet(search_fts, 2, :open, :close, :ellipsis, :tokens) "
                "FROM search_fts AS f JOIN search_entries e ON e.id = f.rowid "
                "JOIN articles a ON a.id = e.article_id "
                "WHERE search_fts MATCH :match AND f.rowid = :entry"
            ),
            {
                "match": match,
                "entry": entry,
                "open": MARK_OPEN,
                "close": MARK_CLOSE,
                "ellipsis": ELLIPSIS,
                "tokens": SNIPPET_TOKENS,
            },
        ).one()
        hits.append(Hit(*row))
    return Found(int(total), tuple(hits))


def _sqlite_titles_first(
    session: Session,
    matching: str,
    where: dict[str, str],
    words: Sequence[str],
    limit: int,
    offset: int,
) -> list[int]:
    """A page of matches, those with every word in their title first, each newest first.

    Two streams FTS5 reads in rowid order, stopping at the page: no sort of every match.
    """
    titles = fts5_query(words, "title")
    newest = (
        f"SELECT search_fts.rowid {matching} ORDER BY search_fts.rowid DESC "
        "LIMIT :limit OFFSET :offset"
    )
    in_titles = int(
        session.scalar(text(f"SELECT count(*) {matching}"), {**where, "match": titles}) or 0
    )
    ids: list[int] = []
    if offset < in_titles:
        ids = list(
            session.scalars(
                text(newest), {**where, "match": titles, "limit": limit, "offset": offset}
            )
        )
    if len(ids) < limit:
        rest = f"{where['match']} NOT {titles}"
        ids += session.scalars(
            text(newest),
            {
                **where,
                "match": rest,
                "limit": limit - len(ids),
                "offset": max(0, offset - in_titles),
            },
        )
    return ids


def _postgres(
    session: Session,
    locale: str,
    audience: Audience,
    words: Sequence[str],
    limit: int,
    offset: int,
    ranked_limit: int,
) -> Found:
    params = {
        "language": language_of(locale),
        "words": " ".join(words),
        "scope": scope_lexeme(locale, audience),
    }
    # The reader's scope is a lexeme of the document: one GIN lookup finds their matches,
    # and no other document is opened (detoasting every tsvector is what costs). A query
    # of stop words only is empty: numnode keeps it from matching the whole scope.
    matching = (
        "FROM search_entries e, plainto_tsquery(CAST(:language AS regconfig), :words) AS q "
        "WHERE numnode(q) > 0 AND e.document @@ (q && CAST(quote_literal(:scope) AS tsquery))"
    )
    # When a word is in half the documents the planner would read them all, thinking it
    # cheaper than the index; it does not count opening each tsvector, which costs four
    # times the index's way. For this transaction only: the session ends with the request.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    total = session.scalar(text(f"SELECT count(*) {matching}"), params)
    if not total or offset >= total:
        return Found(int(total or 0), ())
    if total <= ranked_limit:
        key = "ts_rank_cd(CAST(:weights AS real[]), e.document, q)"
    else:
        key = "CASE WHEN e.heading @@ q THEN 1.0 ELSE 0.0 END"
    # The headline only for the page shown: ts_headline reads and parses the whole text.
    rows = session.execute(
        text(
            "SELECT a.slug, t.title, t.question, "
            "ts_headline(CAST(:language AS regconfig), t.body, top.q, :options) FROM ("
            f"SELECT e.id, e.article_id, q, {key} AS key {matching} "
            "ORDER BY key DESC, e.id DESC LIMIT :limit OFFSET :offset) AS top "
            "JOIN search_text t ON t.id = top.id JOIN articles a ON a.id = top.article_id "
            "ORDER BY top.key DESC, top.id DESC"
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
