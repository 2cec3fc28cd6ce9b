"""First start: migrate the schema, and fill an empty database from the bundled variants."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from service.content.bundle import read_path
from service.storage import repository
from service.storage.db import db
from service.storage.migrate import upgrade


def prepare_database(app: Flask) -> None:
    """Bring the schema up to date; load ``VARIANTS_PATH`` into a database with no articles."""
    with app.app_context():
        upgrade(db.engine)
        session = db.new_session()
        variants = Path(app.config["VARIANTS_PATH"])
        if (
            app.config["LOAD_BUNDLED_VARIANTS"]
            and repository.is_empty(session)
            and variants.is_dir()
        ):
            articles = read_path(variants)
            repository.save_all(
                session, articles, message=f"Loaded from {variants.name}/ on first start"
            )


def init_app(app: Flask) -> None:
    """Prepare the database when the app is built (``AUTO_MIGRATE`` turns it off)."""
    if app.config.get("AUTO_MIGRATE", True):
        prepare_database(app)
