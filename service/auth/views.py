"""Staff login and logout, and the staff home page."""

from __future__ import annotations

import datetime as dt
import time

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from service.auth.accounts import (
    StaffUser,
    TooManyAttempts,
    authenticate,
    end_sessions,
    load_user,
)
from service.auth.forms import LoginForm
from service.auth.roles import ROLE_LABELS, Role
from service.i18n import N_
from service.security import is_local_path
from service.storage.db import db

bp = Blueprint("auth", __name__, url_prefix="/staff")

# The staff pages the home page links to: endpoint, label, the roles that may open it.
STAFF_PAGES = (
    ("editor.articles", N_("Articles"), (Role.WRITER, Role.REVIEWER)),
    ("queue.page", N_("Review queue"), (Role.REVIEWER,)),
    ("queue.page", N_("My drafts"), (Role.WRITER,)),
    ("overdue.page", N_("Articles past their review date"), (Role.REVIEWER, Role.WRITER)),
    ("inbox.questions", N_("Reader questions"), (Role.WRITER,)),
    ("qa.readability", N_("Readability report"), (Role.QA,)),
    ("accounts.index", N_("Staff accounts"), ()),  # administrators only
)


class StaffLoginManager(LoginManager):  # type: ignore[misc]
    """Flask-Login, kept out of reader pages.

    Its remember-cookie hook reads the session after every request, and a read session
    makes a response ``Vary: Cookie``; reader pages are the same for everyone and never
    log anyone in or out, so the hook skips them.
    """

    def _update_remember_cookie(self, response: Response) -> Response:
        if request.blueprint == "reader":
            return response
        updated: Response = super()._update_remember_cookie(response)
        return updated


login_manager = StaffLoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in to see staff pages.")
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load(user_id: str) -> StaffUser | None:
    return load_user(db.new_session(), user_id)


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Log a staff member in; failed attempts are counted and rate-limited."""
    form = LoginForm()
    target = request.args.get("next", "")
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = authenticate(
                db.new_session(),
                form.email.data,
                form.password.data,
                request.remote_addr or "unknown",
                limit=int(config["LOGIN_ATTEMPT_LIMIT"]),
                window=dt.timedelta(seconds=int(config["LOGIN_ATTEMPT_WINDOW"])),
            )
        except TooManyAttempts:
            minutes = int(config["LOGIN_ATTEMPT_WINDOW"]) // 60
            form.form_errors.append(
                gettext(
                    "Too many failed attempts. Wait %(minutes)s minutes, then try again.",
                    minutes=minutes,
                )
            )
            return render_template("staff/login.html", form=form), 429
        if user is not None:
            # A fresh session on login: nothing from before (nor a planted token) survives.
            session.clear()
            login_user(user)
            session[LAST_SEEN] = int(time.time())
            return redirect(target if is_local_path(target) else url_for("auth.home"), code=303)
        form.form_errors.append(gettext("That email and password do not match an account."))
        return render_template("staff/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("staff/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    """End the staff session, and every copy of its cookie (on this and other devices)."""
    end_sessions(db.new_session(), current_user.id)
    logout_user()
    session.clear()
    flash(gettext("You are logged out."), "success")
    return redirect(url_for("auth.login"), code=303)


@bp.get("/")
@login_required
def home() -> ResponseReturnValue:
    """The staff home: links to the pages this role may use."""
    links = [
        {"url": url_for(endpoint), "label": gettext(label)}
        for endpoint, label, roles in STAFF_PAGES
        if endpoint in current_app.view_functions and current_user.has_role(*roles)
    ]
    return render_template(
        "staff/home.html", user=current_user, staff_links=links, ROLE_LABELS=ROLE_LABELS
    )


LAST_SEEN = "seen"


def expire_idle_sessions() -> None:
    """Log out a staff session unused for ``STAFF_SESSION_IDLE_TIMEOUT`` seconds.

    The time of the last request rides in the signed session, so a copied cookie ages
    too. Reader pages never read the session (they are shared by every reader).
    """
    if request.blueprint in (None, "reader") or "_user_id" not in session:
        return
    now = int(time.time())
    seen = session.get(LAST_SEEN)
    idle = int(current_app.config["STAFF_SESSION_IDLE_TIMEOUT"])
    if not isinstance(seen, int) or now - seen > idle:
        logout_user()
        session.clear()
        flash(gettext("You were logged out after a while without activity."), "info")
        return
    session[LAST_SEEN] = now


def init_app(app: Flask) -> None:
    """Attach Flask-Login and the staff blueprint.

    Flask-Login's own context processor loads the user from the session on every
    render, which would make shared reader pages ``Vary: Cookie``; templates get the
    lazy ``current_user`` proxy instead, so only pages that use it read the session.
    """
    login_manager.init_app(app, add_context_processor=False)
    app.before_request(expire_idle_sessions)
    app.context_processor(lambda: {"current_user": current_user})
    app.register_blueprint(bp)
