"""The writers' inbox: readers' follow-up questions per article, marked answered."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from sqlalchemy import select

from service.auth.roles import Role, roles_required
from service.storage.db import db
from service.storage.models import ArticleRecord, QuestionRecord

bp = Blueprint("inbox", __name__, url_prefix="/staff/questions")


@bp.get("/")
@roles_required(Role.WRITER)
def questions() -> ResponseReturnValue:
    """Open questions first, grouped by article; ``?article=locale/slug`` narrows it."""
    session = db.new_session()
    query = (
        select(QuestionRecord, ArticleRecord)
        .join(ArticleRecord)
        .order_by(
            QuestionRecord.answered_at.is_not(None),
            ArticleRecord.locale,
            ArticleRecord.slug,
            QuestionRecord.created_at.desc(),
        )
    )
    article = request.args.get("article", "")
    if article:
        locale, _, slug = article.partition("/")
        query = query.where(ArticleRecord.locale == locale, ArticleRecord.slug == slug)
    rows = session.execute(query).all()
    return render_template("staff/inbox.html", rows=rows, article=article)


@bp.post("/<int:question_id>/answered")
@roles_required(Role.WRITER)
def mark_answered(question_id: int) -> ResponseReturnValue:
    """Mark a question answered (or open again)."""
    session = db.new_session()
    question = session.get(QuestionRecord, question_id)
    if question is None:
        abort(404)
    reopen = request.form.get("reopen") == "1"
    question.answered_at = None if reopen else dt.datetime.now(dt.UTC)
    session.commit()
    flash(
        gettext("Question reopened.") if reopen else gettext("Question marked answered."), "success"
    )
    target = request.form.get("article", "")
    return redirect(url_for("inbox.questions", article=target or None), code=303)
