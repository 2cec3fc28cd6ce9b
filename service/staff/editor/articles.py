"""The article list, with each article's status and patients' readability, and a new article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.content.bundle import BundleError
from service.content.model import Article, Section, Status
from service.editorial import gate, revisions, translations
from service.i18n import language_name, shipped_locales
from service.readability import Verdict
from service.staff.editor.forms import NewArticleForm
from service.staff.editor.pages import VIEWERS, attach, loose, render
from service.staff.editor.panel import readability_panel
from service.staff.editor.saving import checked, content_errors, today
from service.storage import repository, review_events
from service.storage.db import db
from service.writing.audience import Audience


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list."""

    article: Article
    number: int
    status: Status
    edited_at: dt.datetime
    author: str | None
    verdict: Verdict | None
    out_of_date: bool = False  # a translation whose source was approved since its last edit


@roles_required(*VIEWERS)
def articles() -> ResponseReturnValue:
    """Every article in every locale: status, patients' readability, last edit."""
    session = db.new_session()
    source = current_app.config["DEFAULT_LOCALE"]
    approved = review_events.approvals(session, source)
    # Every article's newest revision, drafts included, in one query; by locale and slug.
    newest = sorted(
        repository.newest_in_status(session, [status.value for status in Status]),
        key=lambda found: (found.article.locale, found.article.slug),
    )
    rows = [
        ArticleRow(
            found.article,
            found.number,
            found.article.status,
            found.created_at,
            found.author,
            gate.layperson_verdict(found.article),
            translations.out_of_date(
                found.article.locale, source, approved.get(found.article.slug), found.created_at
            ),
        )
        for found in newest
    ]
    can_edit = current_user.has_role(Role.WRITER)
    return render("staff/editor/articles.html", rows=rows, can_edit=can_edit)


@roles_required(Role.WRITER)
def new_article() -> ResponseReturnValue:
    """Create an article as a first draft revision, with its first section."""
    form = NewArticleForm()
    form.locale.choices = [(code, language_name(code)) for code in shipped_locales()]
    if request.method == "GET":
        return _new_page(form)
    valid = form.validate_on_submit()
    if request.form.get("action") == "check":
        # "Check readability" without JavaScript: the panels from the text sent; nothing saved.
        for field in form:
            field.errors = []
        return _new_page(form)
    if not valid:
        return _new_page(form, 422)
    key = form.section_key.data
    article = Article(
        locale=form.locale.data,
        slug=form.slug.data,
        question=form.question.data,
        titles=form.titles(),
        topic=form.topic.data or None,
        status=Status.DRAFT,
        updated=today(),
        sections=(Section(key, form.variants()),),
    )
    try:
        revisions.create(db.new_session(), checked(article), author=str(current_user.email))
    except BundleError as error:
        errors = content_errors(error.problems)
        attach(form, errors, key)
        return _new_page(form, 422, general_errors=loose(errors, key))
    except ValueError:  # authoring refuses a slug already taken in this locale
        path = f"{article.locale}/{article.slug}"
        taken = gettext(
            "An article %(path)s already exists; choose another address name.", path=path
        )
        form.slug.errors.append(taken)
        return _new_page(form, 422)
    flash(gettext("Article created as a draft (revision 1)."), "success")
    target = url_for("editor.section", locale=article.locale, slug=article.slug, key=key)
    return redirect(target, code=303)


def _new_page(form: NewArticleForm, status: int = 200, **context: Any) -> ResponseReturnValue:
    """The new-article page laid out as the section editor: a readability panel per text."""
    shipped = [code for code, _name in form.locale.choices]
    locale = (
        form.locale.data if form.locale.data in shipped else current_app.config["DEFAULT_LOCALE"]
    )
    form.locale.data = locale  # the language scored is the one the select shows
    panels = {
        audience: readability_panel(form[f"{audience}_body"].data or "", audience, locale)
        for audience in Audience
    }
    return render(
        "staff/editor/new.html",
        status,
        form=form,
        panels=panels,
        locale=locale,
        references=(),
        **context,
    )
