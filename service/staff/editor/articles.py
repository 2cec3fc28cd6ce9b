"""The article list (filtered, sorted, a page at a time), with each article's status and
readability verdict, and a new article."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from service.auth.roles import Role, roles_required
from service.content.bundle import BundleError
from service.content.model import Article, Section, Status
from service.editorial import list_verdicts, revisions, translations
from service.i18n import language_name, shipped_locales
from service.pagination import page_window
from service.quality.checks import current_fingerprint
from service.staff.editor import article_filters
from service.staff.editor.forms import NewArticleForm
from service.staff.editor.pages import VIEWERS, attach, loose, render
from service.staff.editor.panel import readability_panel
from service.staff.editor.saving import checked, content_errors, today
from service.storage import article_list, review_events
from service.storage.article_list import ListedArticle, VerdictFilter
from service.storage.db import db
from service.writing.audience import Audience


@roles_required(*VIEWERS)
def articles() -> ResponseReturnValue:
    """Every article in every locale, a page at a time: filtered, sorted, with each one's
    status, readability verdict (as ``readability check`` gives it) and last edit."""
    session = db.new_session()
    locales = shipped_locales()
    asked = article_filters.read(request.args, locales=locales)
    engine = current_fingerprint()
    found = article_list.article_page(
        session,
        asked.filters,
        asked.order,
        engine=engine,
        page=asked.page,
        per_page=article_filters.PER_PAGE,
    )
    problems = list(asked.problems)
    if asked.page > found.page:
        problems.append(
            gettext(
                "There is no page %(page)s: showing page %(last)s, the last one.",
                page=asked.page,
                last=found.page,
            )
        )
    # Listing what is not checked keeps it so: the page shows what the filter found.
    checking = asked.filters.verdict is not VerdictFilter.NOT_CHECKED
    rows = list_verdicts.with_verdicts(session, found.rows) if checking else found.rows
    return render(
        "staff/editor/articles.html",
        rows=rows,
        listing=found,
        asked=dataclasses.replace(asked, page=found.page),
        problems=problems,
        out_of_date=_out_of_date(rows),
        topics=article_list.topics(session),
        languages=[(code, language_name(code)) for code in locales],
        statuses=list(Status),
        verdicts=list(VerdictFilter),
        VERDICT_LABELS=article_filters.VERDICT_LABELS,
        text_limit=article_filters.TEXT_LIMIT,
        page_numbers=page_window(found.page, found.pages),
        checking=checking,
        can_edit=current_user.has_role(Role.WRITER),
    )


def _out_of_date(rows: list[ListedArticle]) -> set[int]:
    """The revisions (of ``rows``) that are translations lagging their approved source."""
    source = current_app.config["DEFAULT_LOCALE"]
    translated = {row.slug for row in rows if row.locale != source}
    approved = review_events.approvals(db.new_session(), source, translated) if translated else {}
    return {
        row.revision_id
        for row in rows
        if translations.out_of_date(row.locale, source, approved.get(row.slug), row.saved_at)
    }


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
