"""What the editor's views share: the revision a page is about, rendering, and after a save."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from babel.lists import format_list
from flask import abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext
from flask_login import current_user
from wtforms import FieldList, FormField

from service.auth.roles import Role
from service.editorial import revisions
from service.staff.editor.forms import EditForm
from service.staff.editor.saving import ContentError, Outcome
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.writing.audience import UNKNOWN_AUDIENCE_PAGE, Audience

# Reviewers may look (list, preview, history, diffs); only writers change anything.
VIEWERS = (Role.WRITER, Role.REVIEWER)


def newest(locale: str, slug: str) -> revisions.Current:
    """The newest revision, or 404."""
    try:
        return revisions.current(db.new_session(), locale, slug)
    except ArticleNotFound:
        abort(404)


def edited_revision(form: EditForm, locale: str, slug: str) -> revisions.Current:
    """The revision a submitted form was editing; 400 when the form lost it, 404 when
    the article is gone."""
    number = form.base.data
    if form.base.errors or not isinstance(number, int):
        abort(400, gettext("The form lost the number of the revision it edits; reload the page."))
    try:
        return revisions.revision(db.new_session(), locale, slug, number)
    except ArticleNotFound as missing:
        if missing.number is None:  # the article, not just this revision of it
            abort(404)
        abort(400, gettext("There is no revision %(n)s to edit; reload the page.", n=number))


def nav(latest: revisions.Current) -> dict[str, Any]:
    """What every page about one article needs for its heading and navigation."""
    return {
        "newest": latest,
        "article": latest.article,
        "can_edit": current_user.has_role(Role.WRITER),
    }


def _error_items(form: Any, extra: Sequence[ContentError] = ()) -> list[tuple[str | None, str]]:
    """Every error of ``form`` (and content errors not tied to a field) with its field's id."""
    items: list[tuple[str | None, str]] = [(None, str(m)) for m in form.form_errors]
    items += [(None, str(error)) for error in extra]

    def walk(fields: Iterable[Any]) -> None:
        """Collect errors of ``fields``, going into reference rows."""
        for field in fields:
            if isinstance(field, FieldList):
                walk(field.entries)
            elif isinstance(field, FormField):
                walk(field.form)
            elif field.type != "CSRFTokenField":
                items.extend((field.id, str(message)) for message in field.errors)

    walk(form)
    return items


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    """Render an editor page; its form's errors are gathered for the error summary."""
    form = context.get("form")
    errors = _error_items(form, context.pop("general_errors", ())) if form is not None else []
    return render_template(template, errors=errors, **context), status


def saved(outcome: Outcome, target: str) -> ResponseReturnValue:
    """After a save that went through: say what happened, then show ``target``."""
    if outcome.number is None:
        flash(gettext("Nothing changed, so no new revision was made."), "success")
    else:
        flash(gettext("Saved as revision %(n)s.", n=outcome.number), "success")
    return redirect(target, code=303)


def refused(
    page: str, form: Any, base: revisions.Current, outcome: Outcome, latest: revisions.Current
) -> ResponseReturnValue:
    """Show the form again with the writer's text: 409 for a conflict, else 422."""
    if outcome.conflict is not None:
        current = outcome.conflict.latest
        return render(
            page,
            409,
            form=form,
            base=current.number,
            conflict=outcome.conflict,
            conflict_texts=outcome.conflict_texts,
            **nav(current),
        )
    return render(
        page, 422, form=form, base=base.number, general_errors=outcome.errors, **nav(latest)
    )


def attach(form: Any, errors: Sequence[ContentError], key: str) -> None:
    """Show each error about section ``key`` at its title or text field."""
    for error in errors:
        if error.section == key and error.audience is not None:
            part = "title" if error.in_title else "body"
            form[f"{error.audience}_{part}"].errors.append(str(error))


def loose(errors: Sequence[ContentError], key: str | None = None) -> tuple[ContentError, ...]:
    """Errors that no field of a section form (for ``key``) shows."""
    return tuple(e for e in errors if key is None or e.section != key or e.audience is None)


def unknown_audience_message(given: object) -> str:
    """The page's words for a name that is no audience, with the choices as "a or b"."""
    choices = format_list([a.value for a in Audience], style="or", locale=get_locale())
    return str(gettext(UNKNOWN_AUDIENCE_PAGE, given=repr(given), choices=choices))
