"""Error pages: a plain page for every HTTP error and for server failures, never a trace."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, ServiceUnavailable

from service.i18n import N_

# Werkzeug's error names, so that error pages can show them translated.
ERROR_NAMES = {
    400: N_("Bad Request"),
    401: N_("Unauthorized"),
    403: N_("Forbidden"),
    404: N_("Not Found"),
    405: N_("Method Not Allowed"),
    409: N_("Conflict"),
    413: N_("Request Entity Too Large"),
    422: N_("Unprocessable Entity"),
    429: N_("Too Many Requests"),
    500: N_("Internal Server Error"),
    503: N_("Service Unavailable"),
}


# What a page says when the code that refused gave no reason of its own (Werkzeug's
# stock descriptions are English only).
DEFAULT_DESCRIPTIONS = {
    400: N_("The page could not understand this request. Go back, reload the page and try again."),
    401: N_("Sign in to see this page."),
    403: N_(
        "You do not have permission to see this page. "
        "If you are on our staff, sign in with an account that may."
    ),
    405: N_("This address does not take that kind of request. Use our pages' links and forms."),
    409: N_("This changed while you were working on it. Reload the page and try again."),
    413: N_("What you sent is too large. Send something shorter."),
    422: N_("Some of what you sent could not be used. Correct it and send it again."),
    429: N_("Too many requests in a short time. Wait a few minutes, then try again."),
}


def description(error: HTTPException) -> str:
    """The reason the page gives: the refusing code's own, else a translated default."""
    code = error.code or 500
    if error.description and error.description != type(error).description:
        return error.description
    if code in DEFAULT_DESCRIPTIONS:
        return str(gettext(DEFAULT_DESCRIPTIONS[code]))
    return error.description or ""


# Form fields that carry no one's writing: never shown back on a failed save.
CONTROL_FIELDS = frozenset(
    {"csrf_token", "base", "action", "form_token", "next", "persona", "language",
     "audience", "state", "back", "reopen", "article", "password", "email"}
)  # fmt: skip


def unsaved_text() -> list[tuple[str, str]]:
    """The text fields of a POST that failed on our side, to hand back to their writer.

    A save that the database refused (disk full, read-only, down) must not cost the
    writer their text: the error page shows it, ready to copy.
    """
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return []
    return [
        (name.replace("_", " ").capitalize(), value)
        for name, value in request.form.items()
        if name not in CONTROL_FIELDS and value.strip()
    ]


def _render_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    if request.path.endswith(".json") or request.path == "/healthz":
        return jsonify(error=error.name, message=error.description), code
    title = gettext(ERROR_NAMES[code]) if code in ERROR_NAMES else error.name
    kept = unsaved_text() if code >= 500 else []
    response = render_template(
        "errors/error.html",
        description=description(error),
        code=code,
        title=title,
        kept=kept,
    )
    return response, code, error.get_headers()


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    """Render 4xx and 5xx errors with the site's error page."""
    return _render_error(error)


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    """A form without a valid token: say what to do instead of a bare 400."""
    return _render_error(
        BadRequest(
            gettext(
                "This form was not sent from this page or has expired. "
                "Go back, reload the page and send it again."
            )
        )
    )


def handle_unexpected(error: Exception) -> ResponseReturnValue:
    """Log the failure and show a plain 500 page: the trace stays in the log."""
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return _render_error(InternalServerError())


# Seconds a reader (or a proxy) is asked to wait when the database cannot be reached.
RETRY_AFTER = 30


def handle_database_unavailable(error: OperationalError | InterfaceError) -> ResponseReturnValue:
    """The database is down or refusing connections: a 503 to retry, not a 500."""
    current_app.logger.error(
        "Database unavailable on %s %s: %s", request.method, request.path, error
    )
    return _render_error(ServiceUnavailable(retry_after=RETRY_AFTER))


def init_app(app: Flask) -> None:
    """Register the error handlers on ``app``."""
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
