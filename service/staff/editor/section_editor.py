"""One section's editor: both variants side by side, each with its readability panel.

Besides saving, the form's buttons check readability without saving, and ignore a
finding (with a reason) or show an ignored one again: those keep the text as sent,
unsaved, so nothing the writer typed is lost.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.content.bundle import KEY_PATTERN
from service.content.model import Section
from service.editorial import ignored_findings, revisions
from service.editorial.ignored_findings import IgnoreRefused
from service.staff.editor.forms import SectionForm
from service.staff.editor.pages import attach, edited_revision, loose, nav, newest, render, saved
from service.staff.editor.panel import Panel, readability_panel
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
    if "ignore" in request.form or "unignore" in request.form:
        problem = _ignore_or_show_again(form, base, key)
        return _page(form, base, key, is_new, keep_errors=False, ignore_problem=problem)
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
    ignore_problem: tuple[str, str] | None = None,
) -> ResponseReturnValue:
    """The section editor for ``form``, its panels computed from the text in it.

    ``ignore_problem`` is the reason field of a refused "Ignore" and what to fix.
    """
    if not keep_errors:
        for field in form:
            field.errors = []
        form.form_errors = []
    article = base.article
    panels = _panels(form, article.locale, article.slug, key, article.accepted_terms)
    conflict = outcome.conflict if outcome else None
    latest = conflict.latest if conflict else newest(article.locale, article.slug)
    comments = section_comments.article_comments(db.new_session(), article.locale, article.slug)
    return render(
        "staff/editor/section.html",
        422 if ignore_problem else status,
        ignore_problem=ignore_problem,
        form=form,
        base=base.number,
        key=key,
        is_new=is_new,
        panels=panels,
        conflict=conflict,
        conflict_texts=outcome.conflict_texts if outcome else (),
        general_errors=_general_errors(outcome, key, ignore_problem),
        open_comments=open_by_audience(shown(comments, latest.article), key),
        references=citable(article),
        **nav(latest),
    )


def _general_errors(
    outcome: Outcome | None, key: str, ignore_problem: tuple[str, str] | None
) -> tuple[object, ...]:
    """What the error summary lists besides the fields' own errors."""
    if outcome is not None:
        return loose(outcome.errors, key)
    return (ignore_problem[1],) if ignore_problem else ()


def _panels(
    form: Any, locale: str, slug: str, key: str, accepted: tuple[str, ...]
) -> dict[Audience, Panel]:
    """Each audience's panel for the text in ``form``, with the article's ignored findings."""
    ignores = ignored_findings.ignored(db.new_session(), locale, slug)
    return {
        audience: readability_panel(
            form[f"{audience}_body"].data or "",
            audience,
            locale,
            accepted=accepted,
            section=key,
            ignores=ignores,
        )
        for audience in Audience
    }


def _ignore_or_show_again(form: Any, base: revisions.Current, key: str) -> tuple[str, str] | None:
    """Ignore the finding whose button was pressed, or show one again; a refusal says why.

    The button names the finding by audience, place in the list and identity; the
    finding is looked for again in the text sent, so a stale page ignores nothing.
    """
    article, session = base.article, db.new_session()
    if (again := request.form.get("unignore", type=int)) is not None:
        if ignored_findings.unignore(session, article.locale, article.slug, again):
            flash(gettext("The finding is shown again."), "success")
        return None
    audience_name, _, rest = request.form.get("ignore", "").partition(":")
    place, _, wanted = rest.partition(":")
    audience = Audience.parse(audience_name)
    if audience is None or not place.isdigit():
        abort(400, gettext("Press the Ignore button of a finding in the readability panel."))
    field = f"ignore_reason-{audience.value}-{place}"
    panel = readability_panel(
        form[f"{audience}_body"].data or "",
        audience,
        article.locale,
        accepted=article.accepted_terms,
        section=key,
    )
    finding = next((f for f in panel.shown if panel.key(f) == wanted), None)
    if finding is None:
        return field, gettext("That finding is no longer in the text; nothing was ignored.")
    try:
        ignored_findings.ignore(
            session,
            article.locale,
            article.slug,
            section=key,
            audience=audience,
            finding=finding,
            reason=request.form.get(field, ""),
            actor=current_user.email,
        )
    except IgnoreRefused as refused:
        return field, str(refused)
    flash(gettext("Finding ignored: the reviewer sees it with your reason."), "success")
    return None
