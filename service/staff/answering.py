"""Answering a reader's question: checked as article text, kept, and added to the article
on request as a new draft revision (never published without review)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy.orm import Session

from service.content.bundle import BundleError
from service.content.model import Asked
from service.editorial import revisions
from service.editorial.readers_asked import with_answer
from service.i18n import N_
from service.staff.editor.saving import ContentError, checked, content_errors, save
from service.storage import inbox

_CHANGED_MEANWHILE = N_(
    "The article was saved by someone else while you answered, so your answer was not "
    "added. Send the form again to add it to the newest revision."
)


@dataclass(frozen=True)
class Answered:
    """What answering did: why nothing was kept, or the revision the answer went into."""

    errors: tuple[ContentError, ...] = ()
    added_in_revision: int | None = None


def answer_question(
    session: Session, found: inbox.Question, given: Asked, *, add: bool, author: str
) -> Answered:
    """Keep ``given`` as the answer to ``found`` (marking it answered); with ``add``, also
    put it in the article's "Readers asked" (replacing its earlier wording) as a draft.

    The answer is checked as the bundle loader checks the article either way, so an answer
    kept now can be added later; on any problem nothing at all is kept.
    ``ArticleNotFound`` when the question's article is gone.
    """
    latest = revisions.current(session, found.locale, found.slug)
    edited = with_answer(latest.article, given, replacing=found.added_as)
    added = None
    if add:
        outcome = save(latest, edited, f"Answered reader question {found.id}")
        if outcome.conflict is not None:
            why = gettext(_CHANGED_MEANWHILE)
            return Answered(errors=(ContentError(gettext("Readers asked"), why),))
        if outcome.errors:
            return Answered(errors=outcome.errors)
        added = outcome.number or latest.number  # unchanged: it is there already
    else:
        try:
            checked(edited)
        except BundleError as error:
            return Answered(errors=content_errors(error.problems))
    inbox.save_answer(session, found.id, given, author=author, added_in_revision=added)
    return Answered(added_in_revision=added)
