"""Articles past their review date: what reviewers should look at again, longest overdue first."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from service.auth.roles import Role, roles_required
from service.editorial import review_dates
from service.storage.db import db

bp = Blueprint("overdue", __name__, url_prefix="/staff/queue/overdue")


@bp.get("/")
@roles_required(Role.REVIEWER, Role.WRITER)
def page() -> ResponseReturnValue:
    """Every article whose review date has passed, with how long ago, linked to its page."""
    every = review_dates.interval(current_app.config)
    today = dt.date.today()
    return render_template(
        "staff/overdue.html",
        rows=review_dates.past_review_date(db.new_session(), today, every),
        review_interval_days=every.days,
    )
