"""The writers' inbox: readers' follow-up questions, open ones first, a page at a time."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.i18n import N_
from service.staff.answer_form import AnswerForm
from service.staff.answering import answer_question
from service.staff.editor.saving import ContentError
from service.storage import inbox
from service.storage.db import db
from service.storage.inbox import QuestionState, inbox_page, set_state
from service.storage.revisions import ArticleNotFound
from service.writing.audience import Audience

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


@bp.route("/<int:question_id>/answer", methods=["GET", "POST"])
@roles_required(Role.WRITER)
def answer(question_id: int) -> ResponseReturnValue:
    """Answer a question; saving marks it answered and, if asked, adds the answer to a
    new draft revision of the article, which review then approves like any text."""
    session = db.new_session()
    found = inbox.question(session, question_id)
    if found is None:
        abort(404)
    form = AnswerForm(data=_form_data(found) if request.method == "GET" else None)
    errors: tuple[ContentError, ...] = ()
    if form.validate_on_submit():
        try:
            done = answer_question(
                session,
                found,
                form.answer(),
                add=bool(form.publish.data),
                author=str(current_user.email),
            )
        except ArticleNotFound:
            abort(404)
        errors = done.errors
        if not errors:
            flash(gettext(_SAVED if done.added_in_revision is None else _ADDED), "success")
            return redirect(url_for("inbox.answer", question_id=question_id), code=303)
    summary = [(None, str(e)) for e in errors] + [
        (field.id, str(message))
        for field in form
        if field.id != "csrf_token"
        for message in field.errors
    ]
    status = 422 if request.method == "POST" else 200
    return render_template("staff/answer.html", question=found, form=form, errors=summary), status


_SAVED = N_("Answer saved and the question marked answered. The article was not changed.")
_ADDED = N_(
    "Answer saved and added to a new draft revision of the article. Readers see it "
    "once that revision is submitted for review."
)


def _form_data(found: inbox.Question) -> dict[str, object]:
    """The form as last saved, or empty: the reader's own words are never filled in."""
    if found.answer is None:
        return {}
    return {
        "question": found.answer.question,
        "layperson": found.answer.answer(Audience.LAYPERSON) or "",
        "clinician": found.answer.answer(Audience.CLINICIAN) or "",
    }
