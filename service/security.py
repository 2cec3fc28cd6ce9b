"""Security headers on every response, and safe redirect targets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_babel import gettext
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as BaseResponse

from service.writing.characters import CONTROL_CHARACTER

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)


# Staff pages sit behind a session: they also keep other sites' windows at arm's length
# and refuse powerful browser features. Reader pages are public and the same for every
# reader (no secret to leak to an opener), run only this site's own script under the
# policy above, and are the hot path, where each header is work on every response.
STAFF_PAGES = "/staff/"
STAFF_HEADERS = (
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def set_security_headers(response: Response) -> Response:
    """Add the headers every page carries, whatever the view did.

    No ``X-Frame-Options``: the policy's ``frame-ancestors 'none'`` replaces it in every
    browser that supports CSP 2. No ``Referrer-Policy`` header: every page names its
    policy in a ``<meta name="referrer">`` (``templates/base.html``), which browsers
    apply the same way, and responses that are not pages have no links to follow.
    """
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path.startswith(STAFF_PAGES):
        for name, value in STAFF_HEADERS:
            headers.setdefault(name, value)
    return response


def set_preference_cookie(response: BaseResponse, name: str, value: str) -> None:
    """A reader's choice (persona, language), kept for a year in a first-party cookie
    that scripts cannot read and other sites' requests do not carry."""
    response.set_cookie(
        name,
        value,
        max_age=current_app.config["PERSONA_COOKIE_MAX_AGE"],
        samesite="Lax",
        secure=request.is_secure,
        httponly=True,
    )


def is_local_path(target: object) -> bool:
    """True for a path on this site (``/en/…``); false for anything that could leave it."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return False
    if target.startswith(("//", "/\\")) or any(c in target for c in "\\\r\n\t\x00"):
        return False
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def trust_proxies(app: Flask) -> None:
    """Believe the ``X-Forwarded-*`` headers of ``TRUSTED_PROXIES`` proxies in front of us.

    Behind nginx (one proxy), the scheme, host and client address are then the reader's,
    so canonical links and secure cookies are right. The port comes from the forwarded
    Host, never from ``X-Forwarded-Port``: a shared cache would not key on it.
    """
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count
        )


# C0 controls and DEL: no address may hold one; form text may hold tab and line breaks
# (``CONTROL_CHARACTER``, the rule bundles follow too).
IN_ADDRESS = re.compile(r"[\x00-\x1f\x7f]")


def first_control_character(values: Iterable[str], pattern: re.Pattern[str]) -> str | None:
    """The first character of ``values`` that ``pattern`` calls a control character."""
    for value in values:
        found = pattern.search(value)
        if found:
            return found.group()
    return None


def refuse_control_characters() -> None:
    """Turn away control characters before any view runs, the same on every database.

    No page's address holds one (PostgreSQL cannot even look a NUL up): a 400 that says
    so. Staff forms and queries holding one are refused the same way, before anything is
    saved. Reader forms and queries are left to their views: a bad persona, language or
    query value is ignored there, and the question form says what is wrong with the
    question.
    """
    found = first_control_character([request.path], IN_ADDRESS)
    if found is not None:
        raise BadRequest(control_character_message(found))
    if request.blueprint in (None, "reader"):
        return
    found = first_control_character(_texts(request.args), CONTROL_CHARACTER)
    if found is None and request.method == "POST" and request.mimetype in FORM_TYPES:
        found = first_control_character(_texts(request.form), CONTROL_CHARACTER)
    if found is not None:
        raise BadRequest(control_character_message(found))


def _texts(fields: MultiDict[str, str]) -> Iterator[str]:
    """Every name and value of a query or form."""
    for name, values in fields.lists():
        yield name
        yield from values


def control_character_message(found: str) -> str:
    """What to tell someone whose text holds the control character ``found``."""
    code = f"{ord(found):04X}"
    message: str = gettext(
        "The address or form holds a control character (U+%(code)s) that text cannot "
        "contain. Remove it and try again.",
        code=code,
    )
    return message


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def init_app(app: Flask) -> None:
    """Register the headers, and the refusal of control characters, on ``app``."""
    app.before_request(refuse_control_characters)
    app.after_request(set_security_headers)
