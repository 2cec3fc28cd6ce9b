"""Ignoring a readability finding: a hint a writer set aside, with who and why, for the reviewer.

Ignoring hides a finding from the writer's list only. The verdict, the grade and
the submission gate are computed from the text as before: an ignored finding is a
hint set aside, never a way round the policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.content.model import Article
from service.quality.scores import cached_reports
from service.readability import Finding, PolicyError, UnsupportedLanguage
from service.storage import ignored_findings as store
from service.storage.ignored_findings import IgnoredFinding, finding_key
from service.writing.audience import Audience

MAX_REASON_CHARS = 500


class IgnoreRefused(ValueError):
    """An ignore that cannot be recorded; the message says what to do, in the page's language."""


@dataclass(frozen=True)
class Split:
    """One variant's findings: those the writer sees, and those ignored (with the record)."""

    shown: tuple[Finding, ...]
    ignored: tuple[tuple[Finding, IgnoredFinding], ...]


def key_of(finding: Finding, section: str, audience: Audience) -> str:
    """The identity of ``finding`` in ``section``'s text for ``audience``."""
    return finding_key(section, audience.value, finding.kind.value, finding.text)


def split(
    findings: Iterable[Finding],
    ignores: Sequence[IgnoredFinding],
    section: str,
    audience: Audience,
) -> Split:
    """Separate the ignored findings of one variant from those still shown."""
    by_key = {ignore.key: ignore for ignore in ignores}
    shown: list[Finding] = []
    hidden: list[tuple[Finding, IgnoredFinding]] = []
    seen: set[int] = set()
    for finding in findings:
        record = by_key.get(key_of(finding, section, audience))
        if record is None:
            shown.append(finding)
        elif record.id not in seen:  # the same words flagged twice: one ignore, listed once
            seen.add(record.id)
            hidden.append((finding, record))
    return Split(tuple(shown), tuple(hidden))


def ignore(
    session: Session,
    locale: str,
    slug: str,
    *,
    section: str,
    audience: Audience,
    finding: Finding,
    reason: str,
    actor: str,
) -> None:
    """Record that ``actor`` ignores ``finding`` because of ``reason``, and commit.

    A blank or too long reason is refused (:class:`IgnoreRefused`) and nothing changes.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise IgnoreRefused(
            gettext("Say why this finding may be ignored: the reviewer reads your reason.")
        )
    if len(reason) > MAX_REASON_CHARS:
        raise IgnoreRefused(
            gettext("Keep the reason to %(n)s characters or fewer.", n=MAX_REASON_CHARS)
        )
    try:
        store.ignore(
            session,
            locale,
            slug,
            section=section,
            audience=audience.value,
            kind=finding.kind.value,
            text=finding.text,
            reason=reason,
            actor=actor,
        )
        session.commit()
    except IntegrityError:
        # Another writer ignored the same finding at the same moment: theirs stands.
        session.rollback()


def unignore(session: Session, locale: str, slug: str, ignored_id: int) -> bool:
    """Show an ignored finding again; False when it was not ignored (any more)."""
    done = store.unignore(session, locale, slug, ignored_id)
    session.commit()
    return done


def ignored(session: Session, locale: str, slug: str) -> list[IgnoredFinding]:
    """Every finding ignored in the article."""
    return store.ignored(session, locale, slug)


def in_effect(session: Session, article: Article) -> list[IgnoredFinding]:
    """The ignored findings that ``article``'s text still has: what the reviewer is shown.

    An ignore whose words are gone from the text has nothing left to hide. Reports
    come from the score cache; rows it adds are committed (they are only a cache).
    """
    records = store.ignored(session, article.locale, article.slug)
    if not records:
        return []
    places = [(s.key, v) for s in article.sections for v in s.variants]
    texts = [(variant.body, variant.audience, article.locale) for _, variant in places]
    try:
        reports = cached_reports(session, texts, accepted=article.accepted_terms)
    except (UnsupportedLanguage, PolicyError):
        return records  # not scored here: every ignore is shown rather than none
    session.commit()
    keys = {
        key_of(finding, section, variant.audience)
        for (section, variant), report in zip(places, reports, strict=True)
        for finding in report.findings
    }
    return [record for record in records if record.key in keys]
