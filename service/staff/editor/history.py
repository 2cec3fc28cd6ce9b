"""An article's history: every revision, what each changed, comparing any two, restoring."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.content.bundle import ARTICLE_FILE
from service.content.dump import article_yaml
from service.content.model import Article, Status
from service.editorial import revisions
from service.staff.editor.forms import RestoreForm
from service.staff.editor.pages import VIEWERS, nav, newest, render, unknown_audience_message
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.writing.audience import Audience


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
        return cls(
            summary.number, summary.created_at, summary.author, summary.message, summary.status
        )


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


# A revision number in a query: plain digits, short enough for any database's integer.
REVISION_NUMBER = re.compile(r"[0-9]{1,9}")


def _number_arg(name: str) -> int:
    """The revision number in query parameter ``name``; 400 saying what to send otherwise."""
    value = request.args.get(name, "").strip()
    if REVISION_NUMBER.fullmatch(value) is None:
        abort(
            400,
            gettext(
                "Choose two revisions to compare: “from” and “to” take revision numbers, "
                "as in ?from=1&to=2."
            ),
        )
    return int(value)


def _audiences_arg() -> tuple[Audience, ...]:
    """The audiences query parameter ``audience`` asks for: one, or both when empty."""
    given = request.args.get("audience", "")
    if not given:
        return tuple(Audience)
    audience = Audience.parse(given)
    if audience is None:
        abort(400, unknown_audience_message(given[:40]))
    return (audience,)


def _comparison_page(
    latest: revisions.Current, old: int | None, new: int, *, single: bool
) -> ResponseReturnValue:
    """Revision ``old`` (``None``: nothing before) against ``new`` of ``latest``'s article,
    word by word, side by side; ``single`` for a revision's own page (its changes, a
    restore button). 404 when either revision does not exist."""
    audiences = _audiences_arg()
    locale, slug = latest.article.locale, latest.article.slug
    session = db.new_session()
    rows = {r.number: HistoryRow.of(r) for r in revisions.history(session, locale, slug)}
    if new not in rows or (old is not None and old not in rows):
        abort(404)
    after = revisions.revision(session, locale, slug, new).article
    before = revisions.revision(session, locale, slug, old).article if old is not None else None
    return render(
        "staff/editor/diff.html",
        row=rows[new],
        old_row=rows[old] if old is not None else None,
        rows=list(rows.values()),
        single=single,
        audience=audiences[0] if len(audiences) == 1 else None,
        comparison=revisions.compare(before, after, audiences),
        details_diff=_details_diff(before, after),
        form=RestoreForm(),
        **nav(latest),
    )


@roles_required(*VIEWERS)
def revision_diff(locale: str, slug: str, number: int) -> ResponseReturnValue:
    """What revision ``number`` changed against the one before it, per section and audience."""
    latest = newest(locale, slug)
    return _comparison_page(latest, number - 1 if number > 1 else None, number, single=True)


@roles_required(*VIEWERS)
def compare(locale: str, slug: str) -> ResponseReturnValue:
    """Any two revisions (``?from=3&to=7``), word by word and side by side, per section and
    audience (``&audience=layperson`` or ``clinician``; both when left out)."""
    latest = newest(locale, slug)
    old, new = _number_arg("from"), _number_arg("to")
    return _comparison_page(latest, old, new, single=False)


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
