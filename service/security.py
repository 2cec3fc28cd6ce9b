"""Security headers on every response, and safe redirect targets."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

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


def set_security_headers(response: Response) -> Response:
    """Add the headers every page carries, whatever the view did."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


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


def init_app(app: Flask) -> None:
    """Register the headers on ``app``."""
    app.after_request(set_security_headers)
