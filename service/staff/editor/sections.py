"""The section list: add a section, move one up or down, remove one, each a new revision;
and the "Readers asked" answers below it, which can be taken off the article."""

from __future__ import annotations

import dataclasses

from flask import abort, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.auth.roles import Role, roles_required
from service.content.model import Article, Section
from service.editorial import revisions
from service.editorial.readers_asked import without_answer
from service.staff.editor.forms import AddSectionForm, MoveSectionForm, RemoveSectionForm
from service.staff.editor.pages import edited_revision, nav, newest, refused, render, saved
from service.staff.editor.saving import ContentError, save

PAGE = "staff/editor/sections.html"


def section_of(article: Article, key: str) -> Section | None:
    """The section of ``article`` with ``key``, if there is one."""
    return next((s for s in article.sections if s.key == key), None)


def with_section(article: Article, section: Section) -> Article:
    """``article`` with ``section`` replacing the one of its key, or added at the end."""
    sections = [section if s.key == section.key else s for s in article.sections]
    if section_of(article, section.key) is None:
        sections.append(section)
    return dataclasses.replace(article, sections=tuple(sections))


def moved(article: Article, key: str, direction: str) -> Article | None:
    """``article`` with section ``key`` one place up or down; None if there is no such section."""
    order = list(article.sections)
    index = next((i for i, s in enumerate(order) if s.key == key), None)
    if index is None:
        return None
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    return dataclasses.replace(article, sections=tuple(order))


@roles_required(Role.WRITER)
def edit(locale: str, slug: str) -> ResponseReturnValue:
    """The sections in page order, to add, reorder and remove."""
    latest = newest(locale, slug)
    return render(PAGE, form=AddSectionForm(), base=latest.number, **nav(latest))


@roles_required(Role.WRITER)
def add_section(locale: str, slug: str) -> ResponseReturnValue:
    """Check a new section's key, then open it in the section editor: saving adds it."""
    latest = newest(locale, slug)
    form = AddSectionForm()
    base = edited_revision(form, locale, slug)
    if form.validate_on_submit():
        key = form.key.data
        if section_of(base.article, key) is None:
            target = url_for("editor.section", locale=locale, slug=slug, key=key, base=base.number)
            return redirect(target, code=303)
        taken = gettext("There is already a section “%(key)s”; choose another key.", key=key)
        form.key.errors.append(taken)
    return render(PAGE, 422, form=form, base=base.number, **nav(latest))


@roles_required(Role.WRITER)
def move_section(locale: str, slug: str, key: str) -> ResponseReturnValue:
    """Move a section one place up or down, as a new revision."""
    latest = newest(locale, slug)
    form = MoveSectionForm()
    base = edited_revision(form, locale, slug)
    if not form.validate_on_submit():
        abort(400, gettext("Choose to move the section up or down."))
    edited = moved(base.article, key, form.direction.data)
    if edited is None:
        abort(404)
    # History messages are stored data, like authoring's "Created": not translated.
    message = form.message.data or f"Moved section {key} {form.direction.data}"
    return _save_list(base, edited, message, latest)


@roles_required(Role.WRITER)
def remove_section(locale: str, slug: str, key: str) -> ResponseReturnValue:
    """Remove a section, as a new revision (history can bring it back)."""
    latest = newest(locale, slug)
    form = RemoveSectionForm()
    base = edited_revision(form, locale, slug)
    if not form.validate_on_submit():
        abort(400, gettext("This form is incomplete; reload the page and try again."))
    if section_of(base.article, key) is None:
        abort(404)
    if len(base.article.sections) == 1:
        where = gettext("Section “%(key)s”", key=key)
        why = gettext(
            "an article needs at least one section; add another before removing this one."
        )
        errors = (ContentError(str(where), str(why)),)
        empty = AddSectionForm(formdata=None)
        return render(PAGE, 422, form=empty, base=base.number, general_errors=errors, **nav(latest))
    edited = dataclasses.replace(
        base.article, sections=tuple(s for s in base.article.sections if s.key != key)
    )
    message = form.message.data or f"Removed section {key}"
    return _save_list(base, edited, message, latest)


@roles_required(Role.WRITER)
def remove_asked(locale: str, slug: str, position: int) -> ResponseReturnValue:
    """Take an answer off the article's "Readers asked", as a new revision."""
    latest = newest(locale, slug)
    form = RemoveSectionForm()
    base = edited_revision(form, locale, slug)
    if not form.validate_on_submit():
        abort(400, gettext("This form is incomplete; reload the page and try again."))
    edited = without_answer(base.article, position - 1)
    if edited is None:
        abort(404)
    message = form.message.data or f"Removed reader answer {position}"
    return _save_list(base, edited, message, latest)


def _save_list(
    base: revisions.Current, edited: Article, message: str, latest: revisions.Current
) -> ResponseReturnValue:
    """Save a change to the section list; back to the list, or the list with why not."""
    outcome = save(base, edited, message)
    if outcome.conflict or outcome.errors:
        return refused(PAGE, AddSectionForm(formdata=None), base, outcome, latest)
    return saved(outcome, url_for("editor.edit", locale=edited.locale, slug=edited.slug))
