"""An article's history: every revision, what each changed, and restoring an old one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from dataclasses import dataclass

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.content.bundle import ARTICLE_FILE
from service.content.dump import article_yaml
from service.content.model import Article, Status
from service.editorial import revisions
from service.staff.editor.forms import RestoreForm
from service.staff.editor.pages import VIEWERS, nav, newest, render
from service.storage.db import db
from service.storage.revisions import ArticleNotFound


@dataclass(frozen=True)
class HistoryRow:
    """One revision in the history list."""

    number: int
    created_at: dt.datetime
    author: str | None
    message: str
    status: Status

    @classmethod
    def of(cls, summary: revisions.RevisionSummary) -> HistoryRow:
        """The row for one revision of ``revisions.history``."""
        created = dt.datetime.fromisoformat(summary.created_at)
        return cls(summary.number, created, summary.author, summary.message, summary.status)


@roles_required(*VIEWERS)
def history(locale: str, slug: str) -> ResponseReturnValue:
    """Every revision, newest first, with links to its changes and a restore button."""
    latest = newest(locale, slug)
    rows = [HistoryRow.of(r) for r in revisions.history(db.new_session(), locale, slug)]
    return render("staff/editor/history.html", rows=rows, **nav(latest))


def _details_diff(before: Article | None, after: Article) -> tuple[str, ...]:
    """A unified diff of the article's details, section order and references."""
    old = article_yaml(before).splitlines() if before else []
    return tuple(
        difflib.unified_diff(
            old,
            article_yaml(after).splitlines(),
            fromfile=f"{ARTICLE_FILE} (before)",
            tofile=f"{ARTICLE_FILE} (after)",
            lineterm="",
        )
    )


@roles_required(*VIEWERS)
def revision_diff(locale: str, slug: str, number: int) -> ResponseReturnValue:
    """What revision ``number`` changed against the one before it, per section and audience."""
    latest = newest(locale, slug)
    session = db.new_session()
    summary = next(
        (r for r in revisions.history(session, locale, slug) if r.number == number), None
    )
    if summary is None:
        abort(404)
    shown = revisions.revision(session, locale, slug, number).article
    before = revisions.revision(session, locale, slug, number - 1).article if number > 1 else None
    empty = dataclasses.replace(shown, sections=())
    return render(
        "staff/editor/diff.html",
        row=HistoryRow.of(summary),
        changes=revisions.diff(before or empty, shown),
        details_diff=_details_diff(before, shown),
        form=RestoreForm(),
        **nav(latest),
    )


@roles_required(Role.WRITER)
def restore(locale: str, slug: str, number: int) -> ResponseReturnValue:
    """Make revision ``number``'s content the newest again, as a new draft revision."""
    newest(locale, slug)
    if not RestoreForm().validate_on_submit():
        abort(400, gettext("This form is incomplete; reload the page and try again."))
    try:
        made = revisions.restore(
            db.new_session(), locale, slug, number, author=str(current_user.email)
        )
    except ArticleNotFound:
        abort(404)
    if made is None:
        message = gettext(
            "Revision %(n)s already matches the newest revision; nothing to restore.", n=number
        )
    else:
        message = gettext("Restored revision %(n)s as revision %(made)s.", n=number, made=made)
    flash(message, "success")
    return redirect(url_for("editor.history", locale=locale, slug=slug), code=303)
