"""Locales: the one in the URL, the best match for ``/``, and Babel wired to them."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel

babel = Babel()


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; translate it where it is shown."""
    return message


def shipped_locales() -> tuple[str, ...]:
    """Locales the interface is available in, from configuration."""
    locales: tuple[str, ...] = tuple(current_app.config["LOCALES"])
    return locales


def current_locale() -> str:
    """The locale of this request: the URL's prefix, else the reader's preference."""
    locale = g.get("locale")
    if locale:
        return str(locale)
    if "preferred_locale" not in g:
        g.preferred_locale = (
            _prefix_or_preferred()
            if has_request_context()
            else current_app.config["DEFAULT_LOCALE"]
        )
    return str(g.preferred_locale)


def _prefix_or_preferred() -> str:
    """A request no view took (a 404 or 405 under ``/es/…``) still speaks its prefix's language."""
    prefix = request.path.split("/", 2)[1] if request.path.count("/") >= 2 else ""
    return prefix if prefix in shipped_locales() else preferred_locale()


def preferred_locale() -> str:
    """For a URL without a locale: the switcher's cookie, else Accept-Language, else default."""
    chosen = request.cookies.get(current_app.config["LOCALE_COOKIE"])
    if chosen in shipped_locales():
        return str(chosen)
    match = request.accept_languages.best_match(shipped_locales())
    return match or str(current_app.config["DEFAULT_LOCALE"])


@cache
def language_name(locale: str) -> str:
    """The language's own name for itself, as a switcher shows it: "English", "Español"."""
    name = Locale.parse(locale.replace("-", "_")).get_display_name(locale.replace("-", "_"))
    return name[:1].upper() + name[1:] if name else locale


def init_app(app: Flask) -> None:
    """Attach Flask-Babel, selecting the locale the URL names."""
    babel.init_app(
        app,
        locale_selector=current_locale,
        default_locale=app.config["DEFAULT_LOCALE"],
        default_translation_directories="translations",
    )
    app.jinja_env.globals.update(language_name=language_name, shipped_locales=shipped_locales)
