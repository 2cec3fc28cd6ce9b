"""Cross-site protection for reader forms without a per-reader token in the page.

Reader pages are cached and shared, so they cannot carry a CSRF token. Browsers say
where a form post comes from instead: ``Sec-Fetch-Site`` (every current browser), else
``Origin``, else ``Referer``. A post that any of them places on another site is
refused. A post that carries none of them (old browsers, privacy proxies) is not
trusted blindly: the reader is shown their form again with a signed token, bound to
a short-lived cookie set only on that answer, and one more click sends it.
"""

from __future__ import annotations

import enum
import hmac
import secrets
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer

CONFIRM_COOKIE = "twofold_form"
CONFIRM_FIELD = "form_token"
CONFIRM_MAX_AGE = 60 * 60
DEFAULT_PORTS = {"http": 80, "https": 443}


class Origin(enum.Enum):
    """Where the browser says a form post came from."""

    SAME = "same"
    CROSS = "cross"
    UNKNOWN = "unknown"


def _same_host(url: str, host: str) -> bool:
    """True when ``url`` (an Origin or Referer) names the host and port of ``host``."""
    theirs = urlsplit(url)
    ours = urlsplit(f"//{host}")
    try:
        their_port = theirs.port or DEFAULT_PORTS.get(theirs.scheme)
        our_port = ours.port
    except ValueError:  # a port that is not a number
        return False
    if their_port is None or not theirs.hostname or theirs.hostname != ours.hostname:
        return False
    # The Host header names no scheme: without a port it means either default port.
    return their_port == our_port if our_port else their_port in DEFAULT_PORTS.values()


def classify(
    host: str, *, fetch_site: str | None, origin: str | None, referer: str | None
) -> Origin:
    """Judge a form post to ``host`` by its ``Sec-Fetch-Site``, ``Origin`` and ``Referer``."""
    if fetch_site:
        # "none" is a navigation the reader started themselves (a bookmark, a reload).
        return Origin.SAME if fetch_site in ("same-origin", "none") else Origin.CROSS
    if origin:
        return Origin.SAME if _same_host(origin, host) else Origin.CROSS
    if referer:
        return Origin.SAME if _same_host(referer, host) else Origin.CROSS
    return Origin.UNKNOWN


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="twofold.reader-form")


def issue_confirmation(secret: str) -> tuple[str, str]:
    """A new ``(cookie value, form token)`` pair for a post that must be confirmed."""
    nonce = secrets.token_urlsafe(24)
    return nonce, _serializer(secret).dumps(nonce)


def confirmed(secret: str, cookie: str | None, token: str | None) -> bool:
    """True when ``token`` was signed here within the hour for the nonce in ``cookie``."""
    if not cookie or not token:
        return False
    try:
        nonce = _serializer(secret).loads(token, max_age=CONFIRM_MAX_AGE)
    except BadSignature:
        return False
    return isinstance(nonce, str) and hmac.compare_digest(nonce, cookie)
