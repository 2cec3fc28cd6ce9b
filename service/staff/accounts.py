"""Staff accounts for administrators: who has access, and "sign out everywhere"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.auth.accounts import all_users, end_sessions
from service.auth.roles import ROLE_LABELS, roles_required
from service.storage.db import db

bp = Blueprint("accounts", __name__, url_prefix="/staff/accounts")


@bp.get("/")
@roles_required()
def index() -> ResponseReturnValue:
    """Every active staff account, with its role."""
    return render_template(
        "staff/accounts.html", users=all_users(db.new_session()), ROLE_LABELS=ROLE_LABELS
    )


@bp.post("/<int:user_id>/sign-out")
@roles_required()
def sign_out(user_id: int) -> ResponseReturnValue:
    """End every session of one account, on every device (a lost laptop, a departure)."""
    email = end_sessions(db.new_session(), user_id)
    if email is None:
        abort(404)
    flash(
        gettext(
            "%(email)s is signed out everywhere: every session they had has ended.", email=email
        ),
        "success",
    )
    return redirect(url_for("accounts.index"), code=303)
