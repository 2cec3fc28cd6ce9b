"""The review workflow: draft → submitted → under review → approved, or back to draft.

Each transition moves the newest revision and writes an audit entry (who, when, from,
to, comment). Readers see the newest revision that was submitted or later. An article
that is not there raises ``ArticleNotFound`` (``service.storage.revisions``), as every
lookup of a newest revision does.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy.orm import Session

from service.auth.roles import Role
from service.content.model import Article, Status
from service.i18n import N_
from service.storage import repository, review_due, review_events
from service.storage.models import ReviewEventRecord
from service.storage.review_events import AuditEntry
from service.storage.revisions import newest_revision


class Action(enum.StrEnum):
    """What a staff member can do to an article's review status."""

    SUBMIT = "submit"
    START_REVIEW = "start-review"
    APPROVE = "approve"
    REQUEST_CHANGES = "request-changes"


@dataclass(frozen=True)
class Transition:
    """Which statuses an action leaves from, where it goes, and who may take it."""

    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    label: str
    needs_comment: bool = False


TRANSITIONS: dict[Action, Transition] = {
    Action.SUBMIT: Transition(
        frozenset({Status.DRAFT}),
        Status.SUBMITTED,
        frozenset({Role.WRITER}),
        N_("Submit for review"),
    ),
    Action.START_REVIEW: Transition(
        frozenset({Status.SUBMITTED}),
        Status.UNDER_REVIEW,
        frozenset({Role.REVIEWER}),
        N_("Start review"),
    ),
    Action.APPROVE: Transition(
        frozenset({Status.UNDER_REVIEW}),
        Status.APPROVED,
        frozenset({Role.REVIEWER}),
        N_("Approve"),
    ),
    Action.REQUEST_CHANGES: Transition(
        frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}),
        Status.DRAFT,
        frozenset({Role.REVIEWER}),
        N_("Request changes"),
        needs_comment=True,
    ),
}


# How long an approval stands before the article is due for review again (REVIEW_INTERVAL_DAYS).
DEFAULT_REVIEW_INTERVAL = dt.timedelta(days=365)


class WorkflowError(Exception):
    """A transition that cannot happen now; the message says why and what to do."""


class ReadabilityGateFailed(WorkflowError):
    """Submitting was refused because layperson text fails the readability policy."""

    def __init__(self, failures: Sequence[str]) -> None:
        super().__init__(
            gettext(
                "The layperson text fails the readability policy; make it plainer, or ask a "
                "reviewer to record an override with a reason."
            )
        )
        self.failures = tuple(failures)


# Returns a description of each failing layperson section; empty when all pass.
Gate = Callable[[Article], Sequence[str]]


def allowed_actions(status: Status, role: Role) -> list[Action]:
    """The actions ``role`` may take on an article whose newest revision has ``status``."""
    return [
        action
        for action, t in TRANSITIONS.items()
        if status in t.sources and (role is Role.ADMIN or role in t.roles)
    ]


def apply(
    session: Session,
    locale: str,
    slug: str,
    action: Action,
    *,
    actor: str,
    role: Role,
    comment: str = "",
    gate: Gate | None = None,
    reviewed_by: str = "Medical Advisory Board",
    today: dt.date | None = None,
    review_interval: dt.timedelta = DEFAULT_REVIEW_INTERVAL,
) -> AuditEntry:
    """Take ``action`` on the newest revision of ``locale/slug`` and log it.

    An approval also sets when the article is next due for review: ``review_interval``
    after the approval.

    Raises ``WorkflowError`` when the action is not allowed now, ``ArticleNotFound``
    when there is no such article.
    """
    transition = TRANSITIONS[action]
    revision = newest_revision(session, locale, slug)
    status = Status(revision.status)
    if role is not Role.ADMIN and role not in transition.roles:
        raise WorkflowError(
            gettext(
                "Only %(roles)s accounts can %(action)s.",
                roles=" / ".join(sorted(r.value for r in transition.roles)),
                action=gettext(transition.label).lower(),
            )
        )
    if status not in transition.sources:
        raise WorkflowError(
            gettext(
                "Cannot %(action)s: the article is %(status)s, and this needs it to be %(needed)s.",
                action=gettext(transition.label).lower(),
                status=status.value,
                needed=" / ".join(sorted(s.value for s in transition.sources)),
            )
        )
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise WorkflowError(gettext("Say what needs to change: a comment is required."))
    if (
        action is Action.SUBMIT
        and gate is not None
        and review_events.override_reason(session, revision.id) is None
    ):
        article = repository.to_article(revision.article, revision)
        failures = gate(article)
        if failures:
            raise ReadabilityGateFailed(failures)
    approved = transition.target is Status.APPROVED
    approved_on = today or dt.date.today()
    review = (approved_on, reviewed_by) if approved else None
    repository.move_status(revision, transition.target, review=review)
    if approved:
        review_due.set_due(session, revision.article_id, approved_on + review_interval)
    event = review_events.add_event(
        session, revision, actor=actor, from_status=status.value, comment=comment
    )
    return _committed(session, event, revision.number)


def record_override(
    session: Session, locale: str, slug: str, *, actor: str, role: Role, reason: str
) -> AuditEntry:
    """A reviewer lets the newest revision be submitted despite failing readability."""
    if role not in (Role.REVIEWER, Role.ADMIN):
        raise WorkflowError(gettext("Only reviewer accounts can override the readability policy."))
    reason = reason.strip()
    if not reason:
        raise WorkflowError(
            gettext("Give the reason for the override; it is kept in the audit log.")
        )
    revision = newest_revision(session, locale, slug)
    event = review_events.add_event(
        session,
        revision,
        actor=actor,
        from_status=revision.status,
        comment="Readability override",
        override_reason=reason,
    )
    return _committed(session, event, revision.number)


def _committed(session: Session, event: ReviewEventRecord, number: int) -> AuditEntry:
    """Commit the audit ``event`` with the status change it logs; the entry as pages show it."""
    session.commit()
    return review_events.audit_entry(event, number)


def audit_log(session: Session, locale: str, slug: str) -> list[AuditEntry]:
    """Every workflow event of ``locale/slug``, oldest first."""
    return review_events.audit_log(session, locale, slug)
