"""Staff accounts for administrators: list, create, change role, disable or re-enable,
reset a password, "sign out everywhere", and the public name readers see.

Every page here is for administrators only (``roles_required()`` lets admins alone
through). Accounts have no audit table, so each change is written to the application
log, with who made it.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from service.auth.accounts import (
    Account,
    AccountError,
    LastAdminError,
    account_by_id,
    all_accounts,
    change_role,
    create_user,
    disable_account,
    enable_user,
    end_sessions,
    find_account,
    reset_password,
)
from service.auth.public_profiles import (
    BOARD_ROLES,
    ProfileError,
    all_public_profiles,
    public_profile,
    remove_public_profile,
    set_public_profile,
)
from service.auth.roles import ROLE_LABELS, Role, roles_required
from service.staff.account_forms import CreateAccountForm, PasswordForm, ProfileForm, RoleForm
from service.storage.db import db

bp = Blueprint("accounts", __name__, url_prefix="/staff/accounts")
log = logging.getLogger(__name__)


def _last_admin_message(email: str) -> str:
    return str(
        gettext(
            "%(email)s is the last active administrator, so nothing changed: make another "
            "account an administrator first.",
            email=email,
        )
    )


def _index(
    create_form: CreateAccountForm | None = None, problem: str | None = None, status: int = 200
) -> ResponseReturnValue:
    session = db.new_session()
    accounts = all_accounts(session)
    role_forms = {
        account.id: RoleForm(formdata=None, role=account.role.value) for account in accounts
    }
    page = render_template(
        "staff/accounts/index.html",
        accounts=accounts,
        profiles=all_public_profiles(session),
        role_forms=role_forms,
        create_form=create_form or CreateAccountForm(formdata=None),
        problem=problem,
        ROLE_LABELS=ROLE_LABELS,
    )
    return page, status


def _done(message: str, endpoint: str = "accounts.index") -> ResponseReturnValue:
    flash(message, "success")
    return redirect(url_for(endpoint), code=303)


@bp.get("/")
@roles_required()
def index() -> ResponseReturnValue:
    """Every staff account, active or disabled, with the form that creates one."""
    return _index()


@bp.post("/")
@roles_required()
def create() -> ResponseReturnValue:
    """Create an account; the page again, with each field's error, when the form is wrong."""
    form = CreateAccountForm()
    if form.validate():
        session = db.new_session()
        if find_account(session, form.email.data) is not None:
            form.email.errors.append(
                gettext("An account for %(email)s already exists.", email=form.email.data.strip())
            )
        else:
            try:
                user = create_user(
                    session, form.email.data, form.password.data, Role(form.role.data)
                )
            except AccountError as error:
                form.email.errors.append(str(error))
            else:
                log.info("%s created the %s account %s", current_user.email, user.role, user.email)
                return _done(
                    gettext(
                        "Created the account %(email)s (%(role)s).",
                        email=user.email,
                        role=gettext(ROLE_LABELS[user.role]),
                    )
                )
    return _index(create_form=form, status=422)


@bp.post("/<int:user_id>/role")
@roles_required()
def role(user_id: int) -> ResponseReturnValue:
    """Give one account another role; never demote the last active administrator."""
    form = RoleForm()
    if not form.validate():
        abort(422)
    new_role = Role(form.role.data)
    session = db.new_session()
    try:
        email = change_role(session, user_id, new_role)
    except LastAdminError:
        session.rollback()
        account = _account_or_404(user_id)
        return _index(problem=_last_admin_message(account.email), status=409)
    if email is None:
        abort(404)
    log.info("%s gave %s the role %s", current_user.email, email, new_role)
    # An admin who gave up the role may no longer open this page: back to the staff home.
    demoted_self = user_id == current_user.id and new_role is not Role.ADMIN
    return _done(
        gettext("%(email)s is now: %(role)s.", email=email, role=gettext(ROLE_LABELS[new_role])),
        "auth.home" if demoted_self else "accounts.index",
    )


@bp.post("/<int:user_id>/disable")
@roles_required()
def disable(user_id: int) -> ResponseReturnValue:
    """Disable one account: it cannot log in, and its sessions end."""
    session = db.new_session()
    try:
        email = disable_account(session, user_id)
    except LastAdminError:
        session.rollback()
        account = _account_or_404(user_id)
        return _index(problem=_last_admin_message(account.email), status=409)
    if email is None:
        abort(404)
    log.info("%s disabled the account %s", current_user.email, email)
    return _done(
        gettext(
            "%(email)s is disabled: it cannot log in, and its sessions have ended.", email=email
        )
    )


@bp.post("/<int:user_id>/enable")
@roles_required()
def enable(user_id: int) -> ResponseReturnValue:
    """Let a disabled account log in again with its password."""
    email = enable_user(db.new_session(), user_id)
    if email is None:
        abort(404)
    log.info("%s re-enabled the account %s", current_user.email, email)
    return _done(gettext("%(email)s is active again and can log in.", email=email))


def _account_or_404(user_id: int) -> Account:
    account = account_by_id(db.new_session(), user_id)
    if account is None:
        abort(404)
    return account


@bp.route("/<int:user_id>/password", methods=["GET", "POST"])
@roles_required()
def password(user_id: int) -> ResponseReturnValue:
    """Set a new password for one account; every session it has ends."""
    account = _account_or_404(user_id)
    form = PasswordForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            email = reset_password(db.new_session(), user_id, form.password.data)
            if email is None:
                abort(404)
            log.info("%s reset the password of %s", current_user.email, email)
            return _done(
                gettext(
                    "%(email)s has a new password, and every session they had has ended.",
                    email=email,
                )
            )
        status = 422
    return render_template("staff/accounts/password.html", account=account, form=form), status


@bp.post("/<int:user_id>/sign-out")
@roles_required()
def sign_out(user_id: int) -> ResponseReturnValue:
    """End every session of one account, on every device (a lost laptop, a departure)."""
    email = end_sessions(db.new_session(), user_id)
    if email is None:
        abort(404)
    log.info("%s signed %s out everywhere", current_user.email, email)
    return _done(
        gettext(
            "%(email)s is signed out everywhere: every session they had has ended.", email=email
        )
    )


@bp.route("/<int:user_id>/profile", methods=["GET", "POST"])
@roles_required()
def profile(user_id: int) -> ResponseReturnValue:
    """The public name and credentials readers see for one account; set, change or remove."""
    account = _account_or_404(user_id)
    session = db.new_session()
    current = public_profile(session, user_id)
    status = 200
    if request.method == "POST" and request.form.get("action") == "remove":
        if remove_public_profile(session, user_id) is None:
            abort(404)
        log.info("%s removed the public profile of %s", current_user.email, account.email)
        return _done(
            gettext(
                "%(email)s is no longer named to readers; articles they approved are credited "
                "to the Medical Advisory Board.",
                email=account.email,
            )
        )
    if request.method == "POST":
        form = ProfileForm()
        if form.validate():
            try:
                email = set_public_profile(session, user_id, form.name.data, form.credentials.data)
            except ProfileError:  # the form checks the same rules; kept for a race
                abort(422)
            if email is None:
                abort(404)
            log.info("%s set the public profile of %s", current_user.email, email)
            return _done(
                gettext(
                    "Readers now see %(email)s as %(name)s.",
                    email=email,
                    name=(form.name.data.strip()),
                )
            )
        status = 422
    else:
        form = ProfileForm(
            formdata=None,
            name=current.name if current else "",
            credentials=current.credentials if current else "",
        )
    page = render_template(
        "staff/accounts/profile.html",
        account=account,
        form=form,
        current=current,
        on_board=account.active and account.role in BOARD_ROLES,
    )
    return page, status
