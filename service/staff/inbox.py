"""The writers' inbox: readers' follow-up questions, open ones first, a page at a time."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.auth.roles import Role, roles_required
from service.i18n import N_
from service.storage.db import db
from service.storage.inbox import QuestionState, inbox_page, set_state

bp = Blueprint("inbox", __name__, url_prefix="/staff/questions")

PER_PAGE = 50
STATE_LABELS = {
    QuestionState.OPEN: N_("Open"),
    QuestionState.ANSWERED: N_("Answered"),
    QuestionState.SPAM: N_("Spam"),
}
DONE = {
    QuestionState.OPEN: N_("Question reopened."),
    QuestionState.ANSWERED: N_("Question marked answered."),
    QuestionState.SPAM: N_("Question marked spam."),
}


def _article_filter(value: str) -> tuple[str, str] | None:
    locale, _, slug = value.partition("/")
    return (locale, slug) if locale and slug else None


@bp.get("/")
@roles_required(Role.WRITER)
def questions() -> ResponseReturnValue:
    """One state's questions, newest first; ``?article=locale/slug`` narrows it."""
    state = QuestionState.parse(request.args.get("state"), QuestionState.OPEN)
    article = request.args.get("article", "")
    page = request.args.get("page", "1")
    found = inbox_page(
        db.new_session(),
        state,
        article=_article_filter(article),
        page=int(page) if page.isdigit() else 1,
        per_page=PER_PAGE,
    )
    return render_template(
        "staff/inbox.html",
        inbox=found,
        state=state,
        states=list(QuestionState),
        STATE_LABELS=STATE_LABELS,
        article=article,
    )


@bp.post("/<int:question_id>/answered")
@roles_required(Role.WRITER)
def mark_answered(question_id: int) -> ResponseReturnValue:
    """Move a question to the state the form names: answered (default), open or spam."""
    legacy = QuestionState.OPEN if request.form.get("reopen") == "1" else QuestionState.ANSWERED
    state = QuestionState.parse(request.form.get("state"), legacy)
    if not set_state(db.new_session(), question_id, state):
        abort(404)
    flash(gettext(DONE[state]), "success")
    back = QuestionState.parse(request.form.get("back"), QuestionState.OPEN)
    target = request.form.get("article", "")
    return redirect(url_for("inbox.questions", article=target or None, state=back.value), code=303)
