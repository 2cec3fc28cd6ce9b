"""The article's staff page: where it stands, its text, the workflow actions, the audit log."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import zipfile

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, gettext
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.content.bundle import KEY_PATTERN
from service.content.dump import bundle_texts, figure_files
from service.editorial import ignored_findings, review_dates, revisions, workflow
from service.editorial.gate import layperson_failures
from service.editorial.workflow import TRANSITIONS, Action, ReadabilityGateFailed, WorkflowError
from service.i18n import N_, shipped_locales
from service.reader.page import ArticlePage, SectionView, build_page
from service.staff import section_comments
from service.staff.editor.figures import staff_figure_url
from service.staff.readability_names import finding_kind_name
from service.storage import section_comments as stored_comments
from service.storage.db import db
from service.storage.figures import figure_bytes
from service.storage.revisions import ArticleNotFound
from service.templating import long_date
from service.writing.audience import Audience
from service.writing.figures import FIGURES_FOLDER

bp = Blueprint("review", __name__, url_prefix="/staff/articles")
log = logging.getLogger(__name__)

STAFF = (Role.WRITER, Role.REVIEWER, Role.QA)


# Pages about one article that other staff blueprints offer, and who may open them.
ARTICLE_TOOLS = (
    ("editor.edit", N_("Edit"), (Role.WRITER,)),
    ("editor.preview", N_("Preview both audiences"), (Role.WRITER, Role.REVIEWER)),
    ("editor.history", N_("History"), (Role.WRITER, Role.REVIEWER)),
    ("qa.article", N_("Readability"), (Role.QA, Role.REVIEWER, Role.WRITER)),
)


def _tools(locale: str, slug: str) -> list[tuple[str, str]]:
    """Links to this article's other staff pages that the current user may open."""
    links = [
        (url_for(endpoint, locale=locale, slug=slug), label)
        for endpoint, label, roles in ARTICLE_TOOLS
        if endpoint in current_app.view_functions and current_user.has_role(*roles)
    ]
    if current_user.has_role(Role.WRITER):
        links.append(
            (url_for("inbox.questions", article=f"{locale}/{slug}"), N_("Reader questions"))
        )
    return links


Paired = list[tuple[SectionView, ...]]


def _text(newest: revisions.Current) -> tuple[dict[Audience, ArticlePage], Paired]:
    """Both audiences' pages of the newest revision, and their sections paired, as the
    staff preview shows them: rendered as readers get them, in the article's language."""
    article = newest.article
    shipped = article.locale in shipped_locales()
    with force_locale(article.locale) if shipped else contextlib.nullcontext():
        figure_url = staff_figure_url(article)
        pages = {a: build_page(article, a, figure_url=figure_url) for a in Audience}
    return pages, list(zip(*(pages[a].sections for a in Audience), strict=True))


def _page(
    newest: revisions.Current,
    *,
    error: str | None = None,
    failures: tuple[str, ...] | None = None,
    due_error: str | None = None,
    due_typed: str | None = None,
    draft: section_comments.Draft | None = None,
) -> str:
    locale, slug = newest.article.locale, newest.article.slug
    role = Role(current_user.role)
    pages, rows = _text(newest)
    session = db.new_session()
    every = review_dates.interval(current_app.config)
    comments = stored_comments.article_comments(session, locale, slug)
    return render_template(
        "staff/article.html",
        newest=newest,
        pages=pages,
        rows=rows,
        actions=[
            (a, TRANSITIONS[a]) for a in workflow.allowed_actions(newest.article.status, role)
        ],
        log=workflow.audit_log(session, locale, slug),
        ignored=ignored_findings.in_effect(session, newest.article),
        finding_kind_name=finding_kind_name,
        review_date=review_dates.review_date(session, locale, slug, every),
        review_interval_days=every.days,
        today=dt.date.today(),
        can_set_review_date=current_user.has_role(*REVIEW_DATE_ROLES),
        due_error=due_error,
        due_typed=due_typed,
        can_override=current_user.has_role(Role.REVIEWER),
        tools=_tools(locale, slug),
        error=error,
        failures=failures,
        comments=section_comments.by_section(section_comments.shown(comments, newest.article)),
        can_comment=current_user.has_role(Role.REVIEWER),
        can_resolve=current_user.has_role(Role.WRITER, Role.REVIEWER),
        draft=draft,
    )


def _current_or_404(locale: str, slug: str) -> revisions.Current:
    try:
        return revisions.current(db.new_session(), locale, slug)
    except ArticleNotFound:
        abort(404)


@bp.get("/<locale>/<slug>")
@roles_required(*STAFF)
def article(locale: str, slug: str) -> ResponseReturnValue:
    """Status, the text of both audiences, actions this user may take and the audit log."""
    return _page(_current_or_404(locale, slug))


@bp.post("/<locale>/<slug>/workflow")
@roles_required(Role.WRITER, Role.REVIEWER)
def transition(locale: str, slug: str) -> ResponseReturnValue:
    """Take one workflow action; refusals say why and change nothing."""
    newest = _current_or_404(locale, slug)
    try:
        action = Action(request.form.get("action", ""))
    except ValueError:
        abort(400, gettext("Choose one of the actions offered on the article page."))
    session = db.new_session()
    try:
        workflow.apply(
            session,
            locale,
            slug,
            action,
            actor=current_user.email,
            role=Role(current_user.role),
            comment=request.form.get("comment", "")[:4000],
            gate=layperson_failures,
            reviewed_by=_board_name(locale),
            review_interval=review_dates.interval(current_app.config),
        )
    except ReadabilityGateFailed as refused:
        return _page(newest, error=str(refused), failures=refused.failures), 422
    except WorkflowError as refused:
        return _page(newest, error=str(refused)), 409
    except ArticleNotFound as missing:
        return _page(newest, error=missing.message), 409
    flash(gettext("%(action)s: done.", action=gettext(TRANSITIONS[action].label)), "success")
    return redirect(url_for("review.article", locale=locale, slug=slug), code=303)


def _board_name(locale: str) -> str:
    """Who approvals are credited to, in the article's own language."""
    with force_locale(locale):
        return str(gettext(current_app.config["REVIEW_BOARD_NAME"]))


REVIEW_DATE_ROLES = (Role.WRITER, Role.REVIEWER)


@bp.post("/<locale>/<slug>/review-due")
@roles_required(*REVIEW_DATE_ROLES)
def review_due(locale: str, slug: str) -> ResponseReturnValue:
    """Move (or clear) the date the article is next due for review; no new revision."""
    newest = _current_or_404(locale, slug)
    typed = request.form.get("review_due", "")[:100]
    try:
        due = review_dates.parse_date(typed)
    except review_dates.ReviewDateError as refused:
        return _page(newest, due_error=str(refused), due_typed=typed), 400
    try:
        review_dates.set_review_date(db.new_session(), locale, slug, due)
    except ArticleNotFound as missing:
        return _page(newest, error=missing.message), 409
    log.info("%s set the review date of %s/%s to %s", current_user.email, locale, slug, due)
    if due is None:
        message = gettext("The review date is no longer set: it follows the last approval.")
    else:
        message = gettext("The article is now due for review on %(date)s.", date=long_date(due))
    flash(message, "success")
    return redirect(url_for("review.article", locale=locale, slug=slug, _anchor="review-date"), 303)


@bp.post("/<locale>/<slug>/override")
@roles_required(Role.REVIEWER)
def override(locale: str, slug: str) -> ResponseReturnValue:
    """A reviewer records why this revision may be submitted despite failing readability."""
    newest = _current_or_404(locale, slug)
    try:
        workflow.record_override(
            db.new_session(),
            locale,
            slug,
            actor=current_user.email,
            role=Role(current_user.role),
            reason=request.form.get("reason", "")[:4000],
        )
    except WorkflowError as refused:
        return _page(newest, error=str(refused)), 400
    except ArticleNotFound as missing:
        return _page(newest, error=missing.message), 400
    flash(gettext("Readability override recorded for this revision."), "success")
    return redirect(url_for("review.article", locale=locale, slug=slug), code=303)


@bp.post("/<locale>/<slug>/comments")
@roles_required(Role.REVIEWER)
def add_comment(locale: str, slug: str) -> ResponseReturnValue:
    """A reviewer's comment on one section for one audience; refused input is shown
    again beside that section with the reason, and nothing is stored."""
    newest = _current_or_404(locale, slug)
    form = section_comments.CommentForm()
    valid = form.validate_on_submit()
    if form.base.errors or form.audience.errors:
        abort(400, gettext("The comment form lost its revision or audience; reload the page."))
    number, section = form.base.data, form.section.data or ""
    try:
        read = revisions.revision(db.new_session(), locale, slug, number)
    except ArticleNotFound:
        abort(400, gettext("There is no revision %(n)s to comment on; reload the page.", n=number))
    if all(each.key != section for each in read.article.sections):
        abort(400, section_comments.no_section_message(section, number))
    if not valid:
        sent = request.form.get("comment", "")
        errors = tuple(str(message) for message in form.comment.errors)
        draft = section_comments.Draft(section, form.audience.data, sent, errors)
        reason = " ".join(errors)
        error = gettext(
            "Your comment on section “%(key)s” was not added: %(reason)s",
            key=section,
            reason=reason,
        )
        return _page(newest, error=error, draft=draft), 422
    stored_comments.add_comment(
        db.new_session(),
        locale,
        slug,
        number,
        section=section,
        audience=Audience(form.audience.data),
        author=current_user.email,
        text=form.comment.data,
    )
    flash(gettext("Comment added to section “%(key)s”.", key=section), "success")
    target = url_for("review.article", locale=locale, slug=slug, _anchor=f"comments-{section}")
    return redirect(target, code=303)


@bp.post("/<locale>/<slug>/comments/<int:comment_id>/resolve")
@roles_required(Role.WRITER, Role.REVIEWER)
def resolve_comment(locale: str, slug: str, comment_id: int) -> ResponseReturnValue:
    """Mark a comment resolved (who and when are kept), then back to where it was shown."""
    _current_or_404(locale, slug)
    if not stored_comments.resolve_comment(
        db.new_session(), locale, slug, comment_id, actor=current_user.email
    ):
        abort(404)
    flash(gettext("Comment marked resolved."), "success")
    section = request.form.get("section", "")
    if not KEY_PATTERN.fullmatch(section):
        target = url_for("review.article", locale=locale, slug=slug)
    elif request.form.get("return_to") == "editor":
        target = url_for("editor.section", locale=locale, slug=slug, key=section)
    else:
        target = url_for("review.article", locale=locale, slug=slug, _anchor=f"comments-{section}")
    return redirect(target, code=303)


@bp.get("/<locale>/<slug>/export.zip")
@roles_required(*STAFF)
def export(locale: str, slug: str) -> ResponseReturnValue:
    """The newest revision as a bundle (the ``variants dump`` format), zipped."""
    newest = _current_or_404(locale, slug)
    buffer = io.BytesIO()
    article = newest.article
    stored = figure_bytes(db.new_session(), (f.digest for f in article.figures))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in bundle_texts(article).items():
            info = zipfile.ZipInfo(f"{locale}/{slug}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
        for name, data in figure_files(article, stored).items():
            # Images are compressed already: stored as they are, byte for byte.
            info = zipfile.ZipInfo(
                f"{locale}/{slug}/{FIGURES_FOLDER}/{name}", date_time=(1980, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data)
    response = Response(buffer.getvalue(), mimetype="application/zip")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{locale}-{slug}-r{newest.number}.zip"'
    )
    return response
