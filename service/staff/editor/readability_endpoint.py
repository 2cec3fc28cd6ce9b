"""The live readability endpoint: the editor's script sends a text, gets its panel as JSON."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from service.auth.roles import Role, roles_required
from service.editorial import ignored_findings, revisions
from service.staff.editor.pages import unknown_audience_message
from service.staff.editor.panel import readability_panel
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.writing.audience import Audience

# Bytes of one readability request; the endpoint is called on every pause in typing.
READABILITY_MAX_BYTES = 48 * 1024


def _json_error(code: int, message: str) -> ResponseReturnValue:
    """An error as JSON, in the shape the site's error handler uses for .json paths."""
    return jsonify(error=HTTP_STATUS_CODES.get(code, "Error"), message=message), code


def _parse(payload: Any, default_locale: str) -> tuple[str, Audience, str] | str:
    """The text, audience and locale a request asks about, or what is wrong with it."""
    expected = gettext(
        'Send JSON like {"markdown": "...", "audience": "layperson", "locale": "en"}.'
    )
    if not isinstance(payload, dict) or not isinstance(payload.get("markdown"), str):
        return str(expected)
    audience = Audience.parse(payload.get("audience"))
    if audience is None:
        return unknown_audience_message(payload.get("audience"))
    locale = payload.get("locale") or default_locale
    if not isinstance(locale, str):
        return str(expected)
    return payload["markdown"], audience, locale


def _in_article(locale: str) -> dict[str, Any]:
    """The article's accepted terms and ignored findings, for ``?slug=...&section=...``.

    The section editor puts both in the endpoint's address, so the live panel lists
    what the page would; without them (or for an unknown article) the text stands alone.
    """
    slug, section = request.args.get("slug"), request.args.get("section")
    if not slug or not section:
        return {}
    session = db.new_session()
    try:
        newest = revisions.current(session, locale, slug)
        ignores = ignored_findings.ignored(session, locale, slug)
    except ArticleNotFound:
        return {}
    return {"accepted": newest.article.accepted_terms, "section": section, "ignores": ignores}


@roles_required(Role.WRITER)
def readability() -> ResponseReturnValue:
    """The readability panel of a text, as JSON, for the editor's script.

    Body: ``{"markdown": "...", "audience": "layperson", "locale": "en"}``; the CSRF
    token goes in the ``X-CSRFToken`` header. ``?slug=&section=`` (the section
    editor's) applies that article's accepted terms and ignored findings.
    """
    limit = int(current_app.config.get("EDITOR_READABILITY_MAX_BYTES", READABILITY_MAX_BYTES))
    if (request.content_length or 0) > limit:
        message = gettext("Send at most %(kib)s KiB of text at once.", kib=limit // 1024)
        return _json_error(413, str(message))
    try:
        payload = request.get_json(silent=True)
    except HTTPException as error:
        return _json_error(error.code or 400, error.description or "")
    asked = _parse(payload, current_app.config["DEFAULT_LOCALE"])
    if isinstance(asked, str):
        return _json_error(400, asked)
    panel = readability_panel(*asked, **_in_article(asked[2]))
    if panel.report is None:
        return _json_error(400, panel.error or "")
    html = render_template("staff/editor/_readability.html", panel=panel)
    return jsonify(panel.to_json(html))
