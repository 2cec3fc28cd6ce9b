"""The readability gate on submitting: layperson text that fails the policy is held back.

The workflow (:func:`service.editorial.workflow.apply`) takes the gate as a
parameter, so it knows nothing of scoring; this is the gate the review pages give it.
Only layperson text is gated: clinician text is reported, never failed. "Readers asked"
is gated with the sections (:meth:`~service.content.model.Article.scored_sections`).
"""

from __future__ import annotations

import functools

from service.content.model import Article
from service.quality import checks
from service.quality.report import score_article
from service.readability import PolicyError, UnsupportedLanguage, Verdict, check_markdown
from service.storage import repository
from service.storage.db import db
from service.writing.audience import Audience


def layperson_failures(article: Article) -> list[str]:
    """Each layperson section of ``article`` that fails the policy, described for the writer.

    Scores come from the cache of this thread's session, so the rows it adds are
    committed with the submit, or dropped with it when the gate refuses. The whole
    revision is scored (clinician text too, never gated) and its verdict recorded for
    the staff lists, when ``article`` is its article's newest revision.
    """
    session = db.new_session()
    rows, _ = score_article(session, article)
    revision_id = checks.newest_revision_id(session, article.locale, article.slug)
    if revision_id is not None and repository.is_latest(session, article):
        checks.record_rows(session, revision_id, article, rows)
    return [
        f"{row.section_title} ({row.section}): {row.scale} {row.grade:.1f} "
        "fails the layperson policy"
        for row in rows
        if row.audience is Audience.LAYPERSON and row.verdict is Verdict.FAIL
    ]


@functools.lru_cache(maxsize=1024)
def _verdict_of(markdown: str, locale: str, accepted: tuple[str, ...] = ()) -> Verdict | None:
    """The layperson verdict of one text (the engine is pure, so results keep)."""
    try:
        return check_markdown(markdown, Audience.LAYPERSON, locale, accepted=accepted).verdict
    except (UnsupportedLanguage, PolicyError):
        return None


def layperson_verdict(article: Article) -> Verdict | None:
    """The worst layperson verdict over the sections; None when nothing is scored.

    What the article list and the review queue show beside each article: the engine
    alone, no cache (it is pure, so results are memoised per text).
    """
    verdicts = [
        _verdict_of(variant.body, article.locale, article.accepted_terms)
        for section in article.scored_sections()
        if (variant := section.variant(Audience.LAYPERSON)) is not None
    ]
    scored = [v for v in verdicts if v is not None]
    return max(scored, key=lambda v: v.rank) if scored else None
