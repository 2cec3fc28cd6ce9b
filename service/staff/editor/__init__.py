"""The writers' editor: its blueprint, and which view in ``service.staff.editor`` serves each URL.

Articles, both variants of a section side by side with live readability, references,
previews and history. Each view guards itself with ``roles_required``: reviewers may
look (list, previews, history); only writers change anything.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint
from flask.typing import ResponseReturnValue

from service.staff.editor import (
    articles,
    details,
    figures,
    history,
    preview,
    readability_endpoint,
    section_editor,
    sections,
)

bp = Blueprint("editor", __name__, url_prefix="/staff/articles")

GET, POST, FORM = ("GET",), ("POST",), ("GET", "POST")
ARTICLE = "/<locale>/<slug>"

# Every URL, the view that serves it (its name is the endpoint) and its methods.
ROUTES: tuple[tuple[str, Callable[..., ResponseReturnValue], tuple[str, ...]], ...] = (
    ("", articles.articles, GET),
    ("/new", articles.new_article, FORM),
    ("/readability.json", readability_endpoint.readability, POST),
    (f"{ARTICLE}/details", details.details, FORM),
    (f"{ARTICLE}/references", details.references, FORM),
    (f"{ARTICLE}/edit", sections.edit, GET),
    (f"{ARTICLE}/sections", sections.add_section, POST),
    (f"{ARTICLE}/sections/<key>/move", sections.move_section, POST),
    (f"{ARTICLE}/sections/<key>/remove", sections.remove_section, POST),
    (f"{ARTICLE}/sections/<key>", section_editor.section, FORM),
    (f"{ARTICLE}/readers-asked/<int:position>/remove", sections.remove_asked, POST),
    (f"{ARTICLE}/preview", preview.preview, GET),
    (f"{ARTICLE}/preview/<audience>", preview.preview_audience, GET),
    (f"{ARTICLE}/figures/<digest>/<name>", figures.figure, GET),
    (f"{ARTICLE}/history", history.history, GET),
    (f"{ARTICLE}/history/compare", history.compare, GET),
    (f"{ARTICLE}/history/<int:number>", history.revision_diff, GET),
    (f"{ARTICLE}/history/<int:number>/restore", history.restore, POST),
)

for rule, view, methods in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=list(methods))
