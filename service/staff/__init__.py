"""Staff pages: the editor, the review workflow, the questions inbox and QA reports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every staff blueprint on ``app``."""
    from service.staff import (
        accounts,
        editor,
        inbox,
        overdue,
        qa,
        queue,
        readability_names,
        review,
    )

    readability_names.init_app(app)

    for module in (editor, review, queue, overdue, inbox, qa, accounts):
        app.register_blueprint(module.bp)
