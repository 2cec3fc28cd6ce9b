"""The review queue: what waits for a reviewer, oldest first; and each writer's own drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.content.model import Article, Status
from service.editorial import gate
from service.readability import Verdict
from service.storage import repository, review_events
from service.storage.db import db

bp = Blueprint("queue", __name__, url_prefix="/staff/queue")

AWAITING_REVIEW = (Status.SUBMITTED.value, Status.UNDER_REVIEW.value)
DRAFTS = (Status.DRAFT.value,)


@dataclass(frozen=True)
class QueueRow:
    """One article awaiting review."""

    article: Article
    number: int
    submitted_by: str | None  # None: stored as submitted without a submission (a bundle)
    submitted_at: dt.datetime
    age_days: int
    verdict: Verdict | None


@dataclass(frozen=True)
class DraftRow:
    """One of the current writer's drafts."""

    article: Article
    number: int
    saved_at: dt.datetime
    verdict: Verdict | None


def awaiting_review(now: dt.datetime | None = None) -> list[QueueRow]:
    """Every article whose newest revision is submitted or under review, longest waiting first.

    Waiting starts at the revision's submission (the audit log's event), else at the
    revision's save.
    """
    session = db.new_session()
    now = now or dt.datetime.now(dt.UTC)
    newest = repository.newest_in_status(session, AWAITING_REVIEW)
    submitted = review_events.submissions(session, [n.revision_id for n in newest])
    rows = []
    for found in newest:
        submission = submitted.get(found.revision_id)
        since = submission.at if submission else found.created_at
        rows.append(
            QueueRow(
                article=found.article,
                number=found.number,
                submitted_by=submission.actor if submission else found.author,
                submitted_at=since,
                age_days=max((now - since).days, 0),
                verdict=gate.layperson_verdict(found.article),
            )
        )
    return sorted(rows, key=lambda row: row.submitted_at)


def my_drafts(email: str) -> list[DraftRow]:
    """Articles whose newest revision is a draft that ``email`` saved, newest save first."""
    newest = repository.newest_in_status(db.new_session(), DRAFTS, author=email)
    return [
        DraftRow(
            found.article, found.number, found.created_at, gate.layperson_verdict(found.article)
        )
        for found in reversed(newest)
    ]


@bp.get("/")
@roles_required(Role.REVIEWER, Role.WRITER)
def page() -> ResponseReturnValue:
    """Reviewers get the queue, writers their drafts; administrators both."""
    reviews = current_user.has_role(Role.REVIEWER)
    writes = current_user.has_role(Role.WRITER)
    return render_template(
        "staff/queue.html",
        queue=awaiting_review() if reviews else None,
        drafts=my_drafts(str(current_user.email)) if writes else None,
    )
