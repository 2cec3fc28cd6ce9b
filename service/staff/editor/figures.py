"""Figures in the editor's previews and the review page: drafts' images too, for staff only."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, url_for
from flask.typing import ResponseReturnValue

from service.auth.roles import roles_required
from service.content.model import Article, Figure
from service.reader.figure_response import figure_response
from service.staff.editor.pages import VIEWERS
from service.storage.db import db
from service.storage.figures import article_figure


def staff_figure_url(article: Article) -> Callable[[Figure], str]:
    """Where staff pages get ``article``'s figures, whichever revision shows them."""

    def url(figure: Figure) -> str:
        return url_for(
            "editor.figure",
            locale=article.locale,
            slug=article.slug,
            digest=figure.digest,
            name=figure.name,
        )

    return url


@roles_required(*VIEWERS)
def figure(locale: str, slug: str, digest: str, name: str) -> ResponseReturnValue:
    """A figure of any revision of the article, drafts included; kept by the browser only."""
    found = article_figure(db.new_session(), locale, slug, digest)
    if found is None:
        abort(404)
    return figure_response(found, name, shared=False)
