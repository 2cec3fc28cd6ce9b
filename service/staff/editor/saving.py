"""Saving an edit: checked as the bundle loader checks files, then a revision or a conflict."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext
from flask_login import current_user

from service.content.bundle import (
    ARTICLE_FILE,
    READERS_ASKED_FILE,
    SECTION_FILE_PATTERN,
    BundleError,
    Problem,
    parse_bundle,
)
from service.content.dump import bundle_texts
from service.content.figure_files import without_unshown
from service.content.model import Article, Status
from service.editorial import revisions
from service.storage.db import db
from service.templating import AUDIENCE_LABELS
from service.writing.audience import Audience

# A section file is "---", "title: ...", "---", then the body: body line = file line - 3.
FRONT_MATTER_LINES = 3


@dataclass(frozen=True)
class ContentError:
    """A bundle problem in the editor's words, with the section and audience it is about."""

    where: str
    message: str
    section: str | None = None
    audience: Audience | None = None
    in_title: bool = False

    def __str__(self) -> str:
        """Where, then what."""
        return str(gettext("%(where)s: %(message)s", where=self.where, message=self.message))


@dataclass(frozen=True)
class ConflictText:
    """Something the writer changed, beside the newest revision's version of it."""

    label: str
    theirs: str
    yours: str


@dataclass(frozen=True)
class Outcome:
    """What a save did: a new revision, nothing, or why it was refused."""

    number: int | None = None
    errors: tuple[ContentError, ...] = ()
    conflict: revisions.StaleRevision | None = None
    conflict_texts: tuple[ConflictText, ...] = ()


def today() -> dt.date:
    """Today in UTC, the date a content change is stamped with."""
    return dt.datetime.now(dt.UTC).date()


# Every save goes through parse_bundle first, so what the editor stores can always be
# exported and loaded again; revisions.save then refuses an edit of a stale revision.
def checked(article: Article) -> Article:
    """``article`` as the loader reads its bundle back; BundleError names every problem.

    Figures no section shows any more are left out, as the loader would refuse them.
    """
    article = without_unshown(article)
    return parse_bundle(
        bundle_texts(article),
        locale=article.locale,
        slug=article.slug,
        figures=article.figures,
    )


def audience_label(audience: Audience) -> str:
    """How an audience is named inside a sentence, in the page's language."""
    return str(gettext(AUDIENCE_LABELS[audience])).lower()


def content_errors(problems: Iterable[Problem]) -> tuple[ContentError, ...]:
    """Loader problems told by section, audience and line of the text the writer sees."""
    errors = []
    references = str(gettext("on the References page"))
    for problem in problems:
        message = problem.message.replace(f"under references: in {ARTICLE_FILE}", references)
        match = SECTION_FILE_PATTERN.fullmatch(problem.path.name)
        if problem.path.name == READERS_ASKED_FILE:
            errors.append(ContentError(str(gettext("Readers asked")), message))
            continue
        if match is None:
            errors.append(ContentError(str(gettext("Article details and references")), message))
            continue
        section, audience = match["section"], Audience(match["audience"])
        where = gettext(
            "Section “%(key)s”, text for %(who)s", key=section, who=audience_label(audience)
        )
        in_title = problem.line is not None and problem.line <= FRONT_MATTER_LINES
        if problem.line is not None and not in_title:
            line = problem.line - FRONT_MATTER_LINES
            where = gettext("%(where)s, line %(line)s", where=where, line=line)
        errors.append(ContentError(str(where), message, section, audience, in_title))
    return tuple(errors)


def _file_label(name: str) -> str:
    """A bundle file as the writer knows it: a section and audience, or the details."""
    match = SECTION_FILE_PATTERN.fullmatch(name)
    if name == READERS_ASKED_FILE:
        return str(gettext("Readers asked"))
    if match is None:
        return str(gettext("Article details, section order and references"))
    who = audience_label(Audience(match["audience"]))
    return str(gettext("Section “%(key)s”, for %(who)s", key=match["section"], who=who))


def _conflict_texts(base: Article, stale: revisions.StaleRevision) -> tuple[ConflictText, ...]:
    """What the writer changed since ``base``, each beside the newest revision's version."""
    latest = stale.latest.article

    def texts(article: Article) -> dict[str, str]:
        """Bundle texts of ``article`` with the latest revision's review fields."""
        # Status and dates are the workflow's, not the writer's: compare the writing only.
        same = dataclasses.replace(
            article,
            status=latest.status,
            updated=latest.updated,
            reviewed=latest.reviewed,
            reviewed_by=latest.reviewed_by,
        )
        return bundle_texts(same)

    before, yours, theirs = texts(base), texts(stale.yours), texts(latest)
    names = dict.fromkeys([*theirs, *yours, *before])
    return tuple(
        ConflictText(_file_label(name), theirs.get(name, ""), yours.get(name, ""))
        for name in names
        if yours.get(name) != before.get(name)
    )


def _writing(article: Article) -> Article:
    """``article`` without what review, not writing, sets."""
    return dataclasses.replace(
        article, status=Status.DRAFT, updated=dt.date.min, reviewed=None, reviewed_by=None
    )


def save(base: revisions.Current, edited: Article, message: str) -> Outcome:
    """Check ``edited`` as the loader would, then save it as an edit of revision ``base``."""
    try:
        article = checked(edited)
    except BundleError as error:
        return Outcome(errors=content_errors(error.problems))
    if _writing(article) == _writing(base.article):
        return Outcome()
    article = dataclasses.replace(article, updated=today())
    try:
        number = revisions.save(
            db.new_session(),
            article,
            base=base.number,
            author=str(current_user.email),
            message=message,
        )
    except revisions.StaleRevision as stale:
        return Outcome(conflict=stale, conflict_texts=_conflict_texts(base.article, stale))
    return Outcome(number=number)
