"""One section's editor: both variants side by side, each with its readability panel."""

from __future__ import annotations

from typing import Any

from flask import abort, request, url_for
from flask.typing import ResponseReturnValue

from service.auth.roles import Role, roles_required
from service.content.bundle import KEY_PATTERN
from service.content.model import Section
from service.editorial import revisions
from service.staff.editor.forms import SectionForm
from service.staff.editor.pages import attach, edited_revision, loose, nav, newest, render, saved
from service.staff.editor.panel import readability_panel
from service.staff.editor.reference_picker import citable
from service.staff.editor.saving import Outcome, save
from service.staff.editor.sections import section_of, with_section
from service.staff.section_comments import open_by_audience, shown
from service.storage import section_comments
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.writing.audience import Audience


@roles_required(Role.WRITER)
def section(locale: str, slug: str, key: str) -> ResponseReturnValue:
    """Both variants of a section side by side, each with its readability panel."""
    latest = newest(locale, slug)
    if request.method == "GET":
        base = _opened(latest, locale, slug)
        existing = section_of(base.article, key)
        if existing is None and not KEY_PATTERN.fullmatch(key):
            abort(404)
        data: dict[str, str] = {}
        for variant in existing.variants if existing else ():
            data[f"{variant.audience}_title"] = variant.title
            data[f"{variant.audience}_body"] = variant.body
        return _page(SectionForm(data=data), base, key, existing is None)
    form = SectionForm()
    base = edited_revision(form, locale, slug)
    is_new = section_of(base.article, key) is None
    if is_new and not KEY_PATTERN.fullmatch(key):
        abort(404)
    valid = form.validate_on_submit()
    if request.form.get("action") == "check":
        # "Check readability" without JavaScript: the panels from the text sent; nothing saved.
        return _page(form, base, key, is_new, keep_errors=False)
    if not valid:
        return _page(form, base, key, is_new, status=422)
    edited = with_section(base.article, Section(key, form.variants()))
    # History messages are stored data, like authoring's "Created": not translated.
    default = f"Added section {key}" if is_new else f"Edited section {key}"
    outcome = save(base, edited, form.message.data or default)
    if outcome.conflict is not None:
        return _page(form, outcome.conflict.latest, key, is_new, status=409, outcome=outcome)
    if outcome.errors:
        attach(form, outcome.errors, key)
        return _page(form, base, key, is_new, status=422, outcome=outcome)
    return saved(outcome, url_for("editor.section", locale=locale, slug=slug, key=key))


def _opened(latest: revisions.Current, locale: str, slug: str) -> revisions.Current:
    """The revision a GET opens: ``?base=N`` (from "Add a section") or the newest."""
    number = request.args.get("base", type=int)
    if number is None or number == latest.number:
        return latest
    try:
        return revisions.revision(db.new_session(), locale, slug, number)
    except ArticleNotFound:
        return latest


def _page(
    form: Any,
    base: revisions.Current,
    key: str,
    is_new: bool,
    *,
    status: int = 200,
    outcome: Outcome | None = None,
    keep_errors: bool = True,
) -> ResponseReturnValue:
    """The section editor for ``form``, its panels computed from the text in it."""
    if not keep_errors:
        for field in form:
            field.errors = []
        form.form_errors = []
    article = base.article
    panels = {
        audience: readability_panel(form[f"{audience}_body"].data or "", audience, article.locale)
        for audience in Audience
    }
    conflict = outcome.conflict if outcome else None
    latest = conflict.latest if conflict else newest(article.locale, article.slug)
    comments = section_comments.article_comments(db.new_session(), article.locale, article.slug)
    return render(
        "staff/editor/section.html",
        status,
        form=form,
        base=base.number,
        key=key,
        is_new=is_new,
        panels=panels,
        conflict=conflict,
        conflict_texts=outcome.conflict_texts if outcome else (),
        general_errors=loose(outcome.errors, key) if outcome else (),
        open_comments=open_by_audience(shown(comments, latest.article), key),
        references=citable(article),
        **nav(latest),
    )
