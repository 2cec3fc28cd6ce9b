"""The article's staff page: where it stands, its text, the workflow actions, the audit log."""

from __future__ import annotations

import contextlib
import io
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
from service.content.dump import bundle_texts, figure_files
from service.editorial import revisions, workflow
from service.editorial.gate import layperson_failures
from service.editorial.workflow import TRANSITIONS, Action, ReadabilityGateFailed, WorkflowError
from service.i18n import N_, shipped_locales
from service.reader.page import ArticlePage, SectionView, build_page
from service.staff.editor.figures import staff_figure_url
from service.storage.db import db
from service.storage.figures import figure_bytes
from service.storage.revisions import ArticleNotFound
from service.writing.audience import Audience
from service.writing.figures import FIGURES_FOLDER

bp = Blueprint("review", __name__, url_prefix="/staff/articles")

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
) -> str:
    locale, slug = newest.article.locale, newest.article.slug
    role = Role(current_user.role)
    pages, rows = _text(newest)
    return render_template(
        "staff/article.html",
        newest=newest,
        pages=pages,
        rows=rows,
        actions=[
            (a, TRANSITIONS[a]) for a in workflow.allowed_actions(newest.article.status, role)
        ],
        log=workflow.audit_log(db.new_session(), locale, slug),
        can_override=current_user.has_role(Role.REVIEWER),
        tools=_tools(locale, slug),
        error=error,
        failures=failures,
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
