"""The search index, kept in step with what readers see, in the same transaction.

One entry per article and audience (``search_entries``) names the public revision that
audience reads; it holds no text. The text stays where it is, in ``revisions`` and
``variants``, and the ``search_text`` view puts together what an entry's readers see:
the title for their audience, the article's question, each section in their audience
(else the other one, the fallback rule) and the answered readers' questions. SQLite
indexes that view in an FTS5 table with external content (``search_fts``); PostgreSQL
keeps a weighted ``tsvector`` per entry, in the locale's text search configuration,
under a GIN index.

Any flush that changes what readers see (a new public revision, a status moving into or
out of the public ones, a deleted revision or article) marks its articles; before the
transaction commits, their entries are brought up to date in a few batched statements.
An FTS5 ``rebuild`` would index every revision, drafts included: never run it; build
with ``build`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, event, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from service.content.model import Status
from service.storage.models import ArticleRecord, RevisionRecord
from service.writing.audience import Audience

PUBLIC = tuple(s.value for s in Status if s.is_public)
# Text search configuration per language (the locale's primary subtag); 'simple' else.
LANGUAGES = {"en": "english", "es": "spanish", "de": "german"}
# Articles whose entries this session's transaction must bring up to date.
PENDING = "twofold.search_pending"
CHUNK = 500
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"


def scope_lexeme(locale: str, audience: Audience) -> str:
    """The lexeme that marks a PostgreSQL entry's locale and audience (no parser makes '/')."""
    return f"{locale}/{audience.value}"


def language_of(locale: str) -> str:
    """The text search configuration for ``locale``: english, spanish, german or simple."""
    return LANGUAGES.get(locale.replace("_", "-").split("-")[0].lower(), "simple")


def _title_sql() -> str:
    return (
        "coalesce(CASE WHEN e.audience = 'clinician' "
        "THEN coalesce(r.title_clinician, r.title_layperson) "
        "ELSE coalesce(r.title_layperson, r.title_clinician) END, r.question)"
    )


def _sections_where() -> str:
    # The audience's own variant of each section, else the other audience's.
    return (
        "v.revision_id = e.revision_id AND (v.audience = e.audience OR NOT EXISTS ("
        "SELECT 1 FROM variants w WHERE w.revision_id = v.revision_id "
        "AND w.section_key = v.section_key AND w.audience = e.audience))"
    )


def view_sql(dialect: str) -> str:
    """``CREATE VIEW search_text``: an entry's title, question and body, as its readers see them."""
    newline = "char(10)" if dialect == "sqlite" else "chr(10)"
    part = f"v.title || {newline} || v.body"
    if dialect == "sqlite":
        body = (
            f"(SELECT group_concat(part, {newline}) FROM (SELECT {part} AS part "
            f"FROM variants v WHERE {_sections_where()} ORDER BY v.position))"
        )
        extra = ""
    else:
        body = (
            f"(SELECT string_agg({part}, {newline} ORDER BY v.position) "
            f"FROM variants v WHERE {_sections_where()})"
        )
        extra = ", e.language AS language"
    # "Readers asked": each question, with its answer for the audience, else the other's.
    answer = (
        "coalesce(nullif(CASE WHEN e.audience = 'clinician' THEN q.clinician "
        "ELSE q.layperson END, ''), CASE WHEN e.audience = 'clinician' THEN q.layperson "
        "ELSE q.clinician END, '')"
    )
    said = f"q.question || {newline} || {answer}"
    if dialect == "sqlite":
        asked = (
            f"(SELECT group_concat(part, {newline}) FROM (SELECT {said} AS part "
            "FROM revision_asked q WHERE q.revision_id = e.revision_id ORDER BY q.position))"
        )
    else:
        asked = (
            f"(SELECT string_agg({said}, {newline} ORDER BY q.position) "
            "FROM revision_asked q WHERE q.revision_id = e.revision_id)"
        )
    return (
        "CREATE VIEW search_text AS SELECT e.id AS id, "
        f"{_title_sql()} AS title, r.question AS question, "
        f"coalesce({body}, '') || coalesce({newline} || {asked}, '') AS body{extra} "
        "FROM search_entries e JOIN revisions r ON r.id = e.revision_id"
    )


FTS_SQL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, question, body, "
    f"content='search_text', content_rowid='id', tokenize='{SQLITE_TOKENIZER}')"
)
COLUMNS = "title, question, body"
POSTGRES_DOCUMENT = (
    "document = "
    "setweight(to_tsvector(CAST(t.language AS regconfig), t.title), 'A') || "
    "setweight(to_tsvector(CAST(t.language AS regconfig), t.question), 'B') || "
    "setweight(to_tsvector(CAST(t.language AS regconfig), t.body), 'D')"
    # Which locale and audience the entry is for, as one lexeme no text can make: the
    # GIN index then finds a reader's matches alone, never opening other documents.
    " || array_to_tsvector(ARRAY[e.locale || '/' || e.audience]), "
    # The title alone, small enough to test on every match when there are too many to rank.
    "heading = to_tsvector(CAST(t.language AS regconfig), t.title)"
)


def create(connection: Connection) -> None:
    """Create the view and the dialect's index over ``search_entries`` (the migration)."""
    dialect = connection.dialect.name
    connection.execute(text(view_sql(dialect)))
    if dialect == "sqlite":
        connection.execute(text(FTS_SQL))
    else:
        connection.execute(text("ALTER TABLE search_entries ADD COLUMN document tsvector"))
        connection.execute(text("ALTER TABLE search_entries ADD COLUMN heading tsvector"))
        connection.execute(
            text("CREATE INDEX ix_search_entries_document ON search_entries USING gin (document)")
        )


def drop(connection: Connection) -> None:
    """Drop what ``create`` made (the migration's downgrade)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text("DROP TABLE IF EXISTS search_fts"))
    connection.execute(text("DROP VIEW IF EXISTS search_text"))


def build(connection: Connection) -> None:
    """Index every article readers can see now (an existing database's first build)."""
    ids = connection.execute(text("SELECT id FROM articles")).scalars().all()
    sync(connection, ids)


def _chunks(values: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


def _in(statement: str) -> Any:
    return text(statement).bindparams(bindparam("ids", expanding=True))


def sync(connection: Connection, article_ids: Iterable[int]) -> None:
    """Make the entries of ``article_ids`` name the revisions readers see now, in batches."""
    for chunk in _chunks(sorted(set(article_ids))):
        _sync_chunk(connection, chunk)


def _sync_chunk(connection: Connection, ids: list[int]) -> None:
    public: dict[int, int] = dict(
        connection.execute(
            text(
                "SELECT r.article_id, r.id FROM revisions r JOIN ("
                "SELECT article_id, max(number) AS number FROM revisions "
                "WHERE status IN :public AND article_id IN :ids GROUP BY article_id) n "
                "ON n.article_id = r.article_id AND n.number = r.number"
            ).bindparams(
                bindparam("public", expanding=True, value=list(PUBLIC)),
                bindparam("ids", expanding=True, value=ids),
            )
        ).all()
    )
    indexed = connection.execute(
        _in("SELECT id, article_id, revision_id FROM search_entries WHERE article_id IN :ids"),
        {"ids": ids},
    ).all()
    stale = [entry for entry, article, revision in indexed if public.get(article) != revision]
    kept = {article for entry, article, revision in indexed if public.get(article) == revision}
    if stale:
        _unindex(connection, stale)
    fresh = [article for article in public if article not in kept]
    if not fresh:
        return
    locales: dict[int, str] = dict(
        connection.execute(
            _in("SELECT id, locale FROM articles WHERE id IN :ids"), {"ids": fresh}
        ).all()
    )
    connection.execute(
        text(
            "INSERT INTO search_entries (article_id, revision_id, audience, locale, language) "
            "VALUES (:article_id, :revision_id, :audience, :locale, :language)"
        ),
        [
            {
                "article_id": article,
                "revision_id": public[article],
                "audience": audience.value,
                "locale": locales[article],
                "language": language_of(locales[article]),
            }
            for article in fresh
            for audience in Audience
        ],
    )
    if connection.dialect.name == "sqlite":
        connection.execute(
            _in(
                f"INSERT INTO search_fts (rowid, {COLUMNS}) SELECT t.id, {COLUMNS} "
                "FROM search_text t JOIN search_entries e ON e.id = t.id "
                "WHERE e.article_id IN :ids"
            ),
            {"ids": fresh},
        )
    else:
        connection.execute(
            _in(
                f"UPDATE search_entries AS e SET {POSTGRES_DOCUMENT} "
                "FROM search_text t WHERE t.id = e.id AND e.article_id IN :ids"
            ),
            {"ids": fresh},
        )


def _unindex(connection: Connection, entry_ids: list[int]) -> None:
    """Take entries out of the index, then out of the table (while their text still exists)."""
    if connection.dialect.name == "sqlite":
        # External content: FTS5 forgets a row by being told the values it indexed.
        connection.execute(
            _in(
                f"INSERT INTO search_fts (search_fts, rowid, {COLUMNS}) "
                f"SELECT 'delete', id, {COLUMNS} FROM search_text WHERE id IN :ids"
            ),
            {"ids": entry_ids},
        )
    connection.execute(_in("DELETE FROM search_entries WHERE id IN :ids"), {"ids": entry_ids})


def _forget_articles(connection: Connection, article_ids: list[int]) -> None:
    for chunk in _chunks(article_ids):
        entries = (
            connection.execute(
                _in("SELECT id FROM search_entries WHERE article_id IN :ids"), {"ids": chunk}
            )
            .scalars()
            .all()
        )
        if entries:
            _unindex(connection, list(entries))


def mark_changed(session: Session, article_ids: Iterable[int]) -> None:
    """Have this transaction's commit bring these articles' entries up to date.

    For writes that bypass the ORM's unit of work (Core ``insert``/``update`` of
    revisions), which the flush hooks cannot see. Cheap: nothing runs until the commit.
    """
    session.info.setdefault(PENDING, set()).update(article_ids)


def _changes_what_readers_see(session: Session, record: RevisionRecord) -> bool:
    if record in session.new or record in session.deleted:
        return record.status in PUBLIC
    statuses = get_history(record, "status")
    return any(s in PUBLIC for s in (*statuses.deleted, *statuses.added))


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    # A deleted article takes its revisions along: unindex it while its text still exists.
    doomed = [r.id for r in session.deleted if isinstance(r, ArticleRecord) and r.id]
    if doomed:
        _forget_articles(session.connection(), doomed)
    doomed_revisions = [
        r.article_id for r in session.deleted if isinstance(r, RevisionRecord) and r.id
    ]
    if doomed_revisions:
        _forget_articles(session.connection(), doomed_revisions)
        session.info.setdefault(PENDING, set()).update(doomed_revisions)


def _after_flush(session: Session, _context: object) -> None:
    # Only note which articles changed: the index is updated once, before the commit.
    marked = {
        record.article_id
        for record in (*session.new, *session.dirty, *session.deleted)
        if isinstance(record, RevisionRecord) and _changes_what_readers_see(session, record)
    }
    if marked:
        session.info.setdefault(PENDING, set()).update(marked)


def _before_commit(session: Session) -> None:
    # Commit flushes after this hook: flush first, so the last changes are seen too.
    session.flush()
    pending = session.info.pop(PENDING, None)
    if pending:
        sync(session.connection(), pending)


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


HOOKS = (
    ("before_flush", _before_flush),
    ("after_flush", _after_flush),
    ("before_commit", _before_commit),
    ("after_rollback", _forget_after_rollback),
)


def watch(session_class: Any) -> None:
    """Keep the search index in step with every commit of sessions of ``session_class``."""
    for name, hook in HOOKS:
        if not event.contains(session_class, name, hook):
            event.listen(session_class, name, hook)
