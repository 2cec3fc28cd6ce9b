"""The article's details page (question, titles, topic) and its references page."""

from __future__ import annotations

import dataclasses

from flask import request, url_for
from flask.typing import ResponseReturnValue

from service.auth.roles import Role, roles_required
from service.staff.editor.forms import DetailsForm
from service.staff.editor.pages import edited_revision, nav, newest, refused, render, saved
from service.staff.editor.reference_forms import ReferencesForm
from service.staff.editor.saving import save
from service.writing.audience import Audience

# History messages are stored data, like authoring's "Created": not translated.
DETAILS_MESSAGE = "Edited the article's details"
REFERENCES_MESSAGE = "Edited the references"


@roles_required(Role.WRITER)
def details(locale: str, slug: str) -> ResponseReturnValue:
    """Edit the question, the title for each audience, the topic and the accepted terms."""
    latest = newest(locale, slug)
    titles = dict(latest.article.titles)
    form = DetailsForm(
        data={
            "question": latest.article.question,
            "title_layperson": titles.get(Audience.LAYPERSON, ""),
            "title_clinician": titles.get(Audience.CLINICIAN, ""),
            "topic": latest.article.topic or "",
            "accepted_terms": "\n".join(latest.article.accepted_terms),
        }
    )
    page = "staff/editor/details.html"
    if request.method == "GET":
        return render(page, form=form, base=latest.number, **nav(latest))
    base = edited_revision(form, locale, slug)
    if not form.validate_on_submit():
        return render(page, 422, form=form, base=base.number, **nav(latest))
    edited = dataclasses.replace(
        base.article,
        question=form.question.data,
        titles=form.titles(),
        topic=form.topic.data or None,
        accepted_terms=form.terms(),
    )
    outcome = save(base, edited, form.message.data or DETAILS_MESSAGE)
    if outcome.conflict or outcome.errors:
        return refused(page, form, base, outcome, latest)
    return saved(outcome, url_for("editor.details", locale=locale, slug=slug))


@roles_required(Role.WRITER)
def references(locale: str, slug: str) -> ResponseReturnValue:
    """Edit the references as rows; the blank last row adds one, a checkbox removes one."""
    latest = newest(locale, slug)
    rows = [dataclasses.asdict(r) for r in latest.article.references] + [{}]
    form = ReferencesForm(data={"references": rows})
    page = "staff/editor/references.html"
    if request.method == "GET":
        return render(page, form=form, base=latest.number, **nav(latest))
    base = edited_revision(form, locale, slug)
    if request.form.get("action") == "add-row":
        # Without JavaScript, one more blank row is one more round trip; nothing is saved.
        form.references.append_entry()
        return render(page, form=form, base=base.number, **nav(latest))
    if not form.validate_on_submit():
        return render(page, 422, form=form, base=base.number, **nav(latest))
    edited = dataclasses.replace(
        base.article, references=tuple(row.to_reference() for row in form.kept_rows())
    )
    outcome = save(base, edited, form.message.data or REFERENCES_MESSAGE)
    if outcome.conflict or outcome.errors:
        return refused(page, form, base, outcome, latest)
    return saved(outcome, url_for("editor.references", locale=locale, slug=slug))
