"""Writers' saves: every save a new revision, a stale save refused, history and diffs.

Diffs come two ways: unified, per section and audience (``diff``), and word by word,
side by side, between any two revisions and per audience (``compare``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.content.model import Article, Reference, Status, Variant
from service.editorial import diffs
from service.storage import repository
from service.storage import revisions as stored
from service.storage.models import RevisionRecord
from service.writing.audience import Audience


@dataclass(frozen=True)
class Current:
    """The newest revision of an article, whatever its status."""

    number: int
    article: Article
    author: str | None
    message: str


class StaleRevision(Exception):
    """The writer edited revision ``base``, but ``latest`` was saved meanwhile."""

    def __init__(self, base: int, latest: Current, yours: Article) -> None:
        super().__init__(
            f"Revision {latest.number} was saved by {latest.author or 'someone else'} after "
            f"you opened revision {base}. Nothing was overwritten: merge your text into "
            f"theirs below, then save again."
        )
        self.base = base
        self.latest = latest
        self.yours = yours


def _as_current(revision: RevisionRecord) -> Current:
    return Current(
        revision.number,
        repository.to_article(revision.article, revision),
        revision.author,
        revision.message,
    )


def current(session: Session, locale: str, slug: str) -> Current:
    """The newest revision of ``locale/slug``, drafts included; ``ArticleNotFound`` if none."""
    return _as_current(stored.newest_revision(session, locale, slug))


def revision(session: Session, locale: str, slug: str, number: int) -> Current:
    """Revision ``number`` of ``locale/slug``; ``ArticleNotFound`` if there is none."""
    return _as_current(stored.revision_by_number(session, locale, slug, number))


def create(session: Session, article: Article, *, author: str) -> int:
    """Store a new article as its first (draft) revision; refuse a slug already taken."""
    if stored.find_article(session, article.locale, article.slug) is not None:
        raise ValueError(
            f"An article {article.locale}/{article.slug} already exists; choose another slug."
        )
    draft = dataclasses.replace(article, status=Status.DRAFT, reviewed=None, reviewed_by=None)
    try:
        saved = repository.save_revision(session, draft, author=author, message="Created")
        assert saved is not None
        session.commit()
    except IntegrityError:
        # Another writer created the same slug at the same moment: theirs stands.
        session.rollback()
        raise ValueError(
            f"An article {article.locale}/{article.slug} already exists; choose another slug."
        ) from None
    return saved.number


def save(session: Session, article: Article, *, base: int, author: str, message: str) -> int | None:
    """Save an edit of revision ``base`` as a new draft revision.

    Returns the new revision's number, or ``None`` when nothing changed. Raises
    ``StaleRevision`` when another revision was saved since ``base``: never overwrite.
    """
    latest = current(session, article.locale, article.slug)
    if latest.number != base:
        raise StaleRevision(base, latest, article)
    draft = dataclasses.replace(article, status=Status.DRAFT, reviewed=None, reviewed_by=None)
    comparable = dataclasses.replace(
        latest.article, status=Status.DRAFT, reviewed=None, reviewed_by=None
    )
    if draft == comparable:
        return None
    try:
        saved = repository.save_revision(session, draft, author=author, message=message)
        session.commit()
    except IntegrityError:
        # Another save of revision ``base`` committed first and took the next number: this
        # one is as stale as if it had arrived a second later. Both texts go to the writer.
        session.rollback()
        raise StaleRevision(base, current(session, article.locale, article.slug), article) from None
    return saved.number if saved else None


def restore(session: Session, locale: str, slug: str, number: int, *, author: str) -> int | None:
    """Make revision ``number``'s content the newest revision again, as a new draft."""
    old = revision(session, locale, slug, number)
    latest = current(session, locale, slug)
    return save(
        session,
        old.article,
        base=latest.number,
        author=author,
        message=f"Restored revision {number}",
    )


@dataclass(frozen=True)
class RevisionSummary:
    """One line of an article's history."""

    number: int
    created_at: dt.datetime
    author: str | None
    message: str
    status: Status


def history(session: Session, locale: str, slug: str) -> list[RevisionSummary]:
    """Every revision of ``locale/slug``, newest first; ``ArticleNotFound`` if none."""
    return [
        RevisionSummary(r.number, r.created_at, r.author, r.message, Status(r.status))
        for r in stored.revisions_newest_first(session, locale, slug)
    ]


@dataclass(frozen=True)
class VariantDiff:
    """The change to one section in one audience between two revisions."""

    section: str
    audience: Audience
    lines: tuple[str, ...]


def _section_keys(old: Article, new: Article) -> list[str]:
    """Every section key of either revision: the old order, then sections new in ``new``."""
    known = {s.key for s in old.sections}
    return [s.key for s in old.sections] + [s.key for s in new.sections if s.key not in known]


def _variant(article: Article | None, key: str, audience: Audience) -> Variant | None:
    """Section ``key``'s variant for ``audience`` in ``article``, if it has one."""
    section = next((s for s in article.sections if s.key == key), None) if article else None
    return section.variant(audience) if section else None


def _variant_lines(
    key: str, audience: Audience, a: Variant | None, b: Variant | None
) -> tuple[str, ...]:
    """A unified diff of one variant's file text (title and body); empty when unchanged."""
    a_text = f"# {a.title}\n{a.body}\n" if a else ""
    b_text = f"# {b.title}\n{b.body}\n" if b else ""
    if a_text == b_text:
        return ()
    lines = difflib.unified_diff(
        a_text.splitlines(),
        b_text.splitlines(),
        fromfile=f"{key}.{audience.value}.md (before)",
        tofile=f"{key}.{audience.value}.md (after)",
        lineterm="",
    )
    return tuple(lines)


def diff(old: Article, new: Article) -> list[VariantDiff]:
    """Unified diffs per section and audience, for every variant that changed."""
    changes = []
    for key in _section_keys(old, new):
        for audience in Audience:
            a, b = _variant(old, key, audience), _variant(new, key, audience)
            lines = _variant_lines(key, audience, a, b)
            if lines:
                changes.append(VariantDiff(key, audience, lines))
    return changes


# --- Comparing any two revisions, word by word and side by side ---------------------------


@dataclass(frozen=True)
class VariantComparison:
    """One section's variant for one audience in two revisions."""

    audience: Audience
    before: bool  # the older revision has this variant
    after: bool  # the newer one has it
    rows: tuple[diffs.Row, ...]  # word by word, side by side; empty when unchanged
    lines: tuple[str, ...]  # the same change as a unified diff

    @property
    def changed(self) -> bool:
        """Whether the variant's text differs at all, spacing included."""
        return bool(self.lines)

    @property
    def spacing_only(self) -> bool:
        """Whether only spaces or line breaks changed: no word differs."""
        return self.changed and all(row.unchanged for row in self.rows)


@dataclass(frozen=True)
class SectionComparison:
    """One section in two revisions, a comparison per audience asked for."""

    key: str
    variants: tuple[VariantComparison, ...]

    @property
    def changed(self) -> bool:
        """Whether any audience's variant changed."""
        return any(v.changed for v in self.variants)


@dataclass(frozen=True)
class DetailChange:
    """A changed article detail: ``field`` is question, title (per audience), topic,
    sections (their order), references, accepted_terms or readers-asked (per audience)."""

    field: str
    audience: Audience | None
    rows: tuple[diffs.Row, ...]


@dataclass(frozen=True)
class Comparison:
    """What differs between two revisions: details, then every section."""

    details: tuple[DetailChange, ...]
    sections: tuple[SectionComparison, ...]

    @property
    def changed(self) -> bool:
        """Whether any detail or section shown differs."""
        return bool(self.details) or any(s.changed for s in self.sections)


def _variant_text(variant: Variant | None) -> str:
    """A variant as one Markdown text: its title as a heading, then its body."""
    return f"# {variant.title}\n\n{variant.body}" if variant else ""


def _reference_text(reference: Reference) -> str:
    """One reference on one line: its key and title, then whichever details it has."""
    parts = [
        f"[@{reference.key}] {reference.title}",
        reference.journal,
        str(reference.year) if reference.year is not None else None,
        f"doi:{reference.doi}" if reference.doi else None,
        f"PMID {reference.pmid}" if reference.pmid else None,
        reference.url,
    ]
    return " · ".join(part for part in parts if part)


def _details(
    article: Article, audiences: Sequence[Audience]
) -> list[tuple[str, Audience | None, str]]:
    """The article's details as texts: (field, audience or None, text)."""
    titles = dict(article.titles)
    asked = article.asked_section()
    return [
        ("question", None, article.question),
        *(("title", audience, titles.get(audience, "")) for audience in audiences),
        ("topic", None, article.topic or ""),
        ("sections", None, ", ".join(s.key for s in article.sections)),
        ("references", None, "\n\n".join(_reference_text(r) for r in article.references)),
        ("accepted_terms", None, "\n".join(article.accepted_terms)),
        *(
            ("readers-asked", audience, _variant_text(asked.variant(audience) if asked else None))
            for audience in audiences
        ),
    ]


def compare(
    old: Article | None, new: Article, audiences: Sequence[Audience] = tuple(Audience)
) -> Comparison:
    """``old`` against ``new`` (``None``: nothing before), for ``audiences``.

    Details that changed (the title only for ``audiences``), then every section of
    either revision with a comparison per audience, changed or not: pages say which
    sections stayed the same rather than leaving them out silently.
    """
    nothing = dataclasses.replace(
        new,
        question="",
        titles=(),
        topic=None,
        sections=(),
        references=(),
        accepted_terms=(),
        asked=(),
    )
    details = tuple(
        DetailChange(field, audience, diffs.text_rows(before, after))
        for (field, audience, before), (_, _, after) in zip(
            _details(old or nothing, audiences), _details(new, audiences), strict=True
        )
        if before != after
    )
    sections = []
    for key in _section_keys(old or nothing, new):
        variants = []
        for audience in audiences:
            a, b = _variant(old, key, audience), _variant(new, key, audience)
            lines = _variant_lines(key, audience, a, b)
            rows = diffs.text_rows(_variant_text(a), _variant_text(b)) if lines else ()
            variants.append(VariantComparison(audience, a is not None, b is not None, rows, lines))
        sections.append(SectionComparison(key, tuple(variants)))
    return Comparison(details, tuple(sections))
