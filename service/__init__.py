"""Twofold: one medical article, two audiences. ``create_app`` builds the Flask app."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf import CSRFProtect

from service.config import DEFAULTS, ENVIRONMENT, PROJECT_ROOT

csrf = CSRFProtect()


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance config and environment, or a test mapping."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        # A settings file elsewhere, e.g. one per deployment or test run.
        app.config.from_envvar("TWOFOLD_CONFIG", silent=True)
        for name in ENVIRONMENT:
            if os.environ.get(name):
                app.config[name] = os.environ[name]
        if os.environ.get("TWOFOLD_PRODUCTION") or (not app.debug and os.environ.get("SECRET_KEY")):
            app.config.update(SESSION_COOKIE_SECURE=True)
    else:
        app.config.from_mapping(test_config)

    from service import (
        assets,
        build,
        cli,
        errors,
        i18n,
        security,
        staff,
        templating,
    )
    from service.auth import views as auth_views
    from service.quality import scores
    from service.reader import http_cache, variant_choice
    from service.reader.views import bp as reader_bp
    from service.storage import startup
    from service.storage.db import db

    variant_choice.init_app(app)
    db.init_app(app)
    build.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    http_cache.init_app(app)
    assets.init_app(app)
    scores.init_app(app)
    cli.init_app(app)
    app.register_blueprint(reader_bp)
    auth_views.init_app(app)
    staff.init_app(app)
    # The persona form only sets the reader's own preference and checks its target,
    # so cached article pages need no per-reader token for it.
    csrf.exempt("service.reader.views.choose_audience")
    csrf.exempt("service.reader.views.choose_language")
    # Shared, cached pages hold no per-reader token: questions are checked by origin.
    csrf.exempt("service.reader.views.ask")
    startup.init_app(app)
    security.trust_proxies(app)
    http_cache.serve_from_memory(app)
    return app
