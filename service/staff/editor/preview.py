"""Previews of the newest revision, drafts too: as one audience's readers see it, or both."""

from __future__ import annotations

from flask import abort, g, render_template, url_for
from flask.typing import ResponseReturnValue

from service.auth.roles import roles_required
from service.i18n import shipped_locales
from service.reader.forms import QuestionForm
from service.reader.page import build_page, json_ld
from service.reader.variant_choice import current_persona, personas
from service.staff.editor.figures import staff_figure_url
from service.staff.editor.pages import VIEWERS, nav, newest
from service.writing.audience import Audience


def _use_article_locale(locale: str) -> None:
    """Render dates and reader links in the article's locale, as readers get them."""
    if locale in shipped_locales():
        g.locale = locale


@roles_required(*VIEWERS)
def preview_audience(locale: str, slug: str, audience: str) -> ResponseReturnValue:
    """The newest revision, drafts too, exactly as readers of ``audience`` will see it."""
    chosen = Audience.parse(audience)
    if chosen is None:
        abort(404)
    latest = newest(locale, slug)
    _use_article_locale(locale)
    page = build_page(latest.article, chosen, figure_url=staff_figure_url(latest.article))
    canonical = url_for(
        "reader.article_variant", locale=locale, slug=slug, audience=chosen.value, _external=True
    )
    return render_template(
        "staff/editor/preview.html",
        page=page,
        json_ld=json_ld(page, canonical, locale),
        form=QuestionForm(),
        personas=personas(),
        persona=current_persona(),
        next_path=url_for("reader.article", locale=locale, slug=slug),
        **nav(latest),
    )


@roles_required(*VIEWERS)
def preview(locale: str, slug: str) -> ResponseReturnValue:
    """Both audiences' versions of the newest revision, section by section, side by side."""
    latest = newest(locale, slug)
    _use_article_locale(locale)
    figure_url = staff_figure_url(latest.article)
    pages = {a: build_page(latest.article, a, figure_url=figure_url) for a in Audience}
    rows = list(zip(*(pages[a].sections for a in Audience), strict=True))
    return render_template("staff/editor/preview_both.html", pages=pages, rows=rows, **nav(latest))
