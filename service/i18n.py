"""Locales: the one in the URL, the best match for ``/``, and Babel wired to them."""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_babel import Babel

babel = Babel()


def shipped_locales() -> tuple[str, ...]:
    """Locales the interface is available in, from configuration."""
    locales: tuple[str, ...] = tuple(current_app.config["LOCALES"])
    return locales


def current_locale() -> str:
    """The locale of this request: the URL's prefix when valid, else the default."""
    locale = g.get("locale")
    return str(locale) if locale else str(current_app.config["DEFAULT_LOCALE"])


def preferred_locale() -> str:
    """The best shipped locale for a request with no locale in its URL."""
    match = request.accept_languages.best_match(shipped_locales())
    return match or str(current_app.config["DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    """Attach Flask-Babel, selecting the locale the URL names."""
    babel.init_app(app, locale_selector=current_locale, default_locale=app.config["DEFAULT_LOCALE"])
