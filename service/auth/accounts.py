"""Staff accounts created, listed and disabled; passwords checked, failed logins rate-limited."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from service.auth.roles import Role
from service.storage import accounts as stored
from service.storage.accounts import StoredUser

MIN_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    """An account that cannot be created as asked; the message says why."""


class TooManyAttempts(Exception):
    """Too many failed logins for this address or account; wait, then try again."""


@dataclass(frozen=True)
class StaffUser:
    """The logged-in staff member, as Flask-Login sees them."""

    id: int
    email: str
    role: Role
    session_token: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        """The id kept in the session: changes when the password does."""
        return f"{self.id}:{self.session_token}"

    def has_role(self, *roles: Role) -> bool:
        """True when this user has one of ``roles``, or is an admin."""
        return self.role is Role.ADMIN or self.role in roles


@dataclass(frozen=True)
class Account:
    """A staff account as an administrator sees it, active or disabled."""

    id: int
    email: str
    role: Role
    active: bool
    created_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _to_user(record: StoredUser) -> StaffUser:
    return StaffUser(
        id=record.id, email=record.email, role=Role(record.role), session_token=record.session_token
    )


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding space."""
    return email.strip().lower()


def create_user(session: Session, email: str, password: str, role: Role) -> StaffUser:
    """Create an account, or say what is wrong with the email or password."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise AccountError(f"{email!r} is not an email address; write it like name@example.org.")
    check_new_password(password)
    if stored.user_by_email(session, email) is not None:
        raise AccountError(f"An account for {email} already exists.")
    record = stored.add_user(
        session,
        email=email,
        password_hash=generate_password_hash(password),
        role=role.value,
        session_token=_new_token(),
        created_at=_now(),
    )
    session.commit()
    return _to_user(record)


def load_user(session: Session, user_id: str) -> StaffUser | None:
    """The active user a session id names, if its token is still current."""
    number, _, token = user_id.partition(":")
    if not number.isdigit():
        return None
    record = stored.user_by_id(session, int(number))
    if record is None or not record.active:
        return None
    if not secrets.compare_digest(record.session_token, token):
        return None
    return _to_user(record)


# An address may fail this many times the per-account limit, over all accounts, in a window.
ADDRESS_LIMIT_FACTOR = 4


@functools.cache
def _unknown_account_hash() -> str:
    """A hash made like real ones, checked when no account has the email."""
    return generate_password_hash(secrets.token_urlsafe(16))


def end_sessions(session: Session, user_id: int) -> str | None:
    """Sign the user out everywhere: every cookie issued before now stops working.

    Sessions live in signed cookies, so a copy of one would otherwise outlive a logout;
    each carries the user's session token, and a new token refuses all earlier ones.
    Returns the account's email; ``None`` when there is no such account.
    """
    return _changed(session, user_id, session_token=_new_token())


def all_accounts(session: Session) -> list[Account]:
    """Every staff account, active or disabled, by email."""
    return [_to_account(record) for record in stored.every_user(session)]


def find_account(session: Session, email: str) -> Account | None:
    """The account of ``email``, active or disabled, if there is one."""
    record = stored.user_by_email(session, normalise_email(email))
    return None if record is None else _to_account(record)


def _to_account(record: StoredUser) -> Account:
    return Account(
        id=record.id,
        email=record.email,
        role=Role(record.role),
        active=record.active,
        created_at=record.created_at,
    )


def disable_user(session: Session, user_id: int) -> str | None:
    """Disable the account: it can no longer log in, and every session it has ends.

    Logins and sessions both refuse an inactive account; a new session token ends the
    sessions too, as ``end_sessions`` does. Returns the account's email; ``None`` when
    there is no such account.
    """
    return _changed(session, user_id, active=False, session_token=_new_token())


def authenticate(
    session: Session,
    email: str,
    password: str,
    remote_addr: str,
    *,
    limit: int,
    window: dt.timedelta,
) -> StaffUser | None:
    """The user for a correct email and password; ``None`` otherwise, counting the failure."""
    email = normalise_email(email)
    since = _now() - window
    stored.forget_failures_before(session, since)
    # Guesses are throttled where they come from: for this account from this address, and
    # for any account from an address guessing widely. A stranger elsewhere cannot lock
    # the owner out by failing on purpose.
    failures = stored.recent_failures(session, email, remote_addr, since)
    if failures.for_account >= limit or failures.from_address >= limit * ADDRESS_LIMIT_FACTOR:
        session.commit()
        raise TooManyAttempts
    record = stored.user_by_email(session, email)
    # Check a hash even for an unknown address, so that both take the same time and
    # nobody can learn which emails have accounts.
    stored_hash = record.password_hash if record is not None else _unknown_account_hash()
    matches = check_password_hash(stored_hash, password)
    if record is not None and record.active and matches:
        session.commit()
        return _to_user(record)
    stored.add_failure(session, email, remote_addr, _now())
    session.commit()
    return None


class LastAdminError(AccountError):
    """The change would leave no active administrator."""


def _keeps_an_admin(session: Session, user_id: int) -> None:
    """Refuse to take the last active administrator away (disabling or demoting them)."""
    admins = stored.active_admin_ids(session, Role.ADMIN.value)
    if admins == {user_id}:
        raise LastAdminError("This is the last active administrator account.")


def check_new_password(password: str) -> None:
    """Refuse a password the rules do not allow (the same rule for the CLI and the pages)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"The password is too short; use at least {MIN_PASSWORD_LENGTH} characters."
        )


def change_role(session: Session, user_id: int, role: Role) -> str | None:
    """Give the account ``role``; its email, or ``None`` when there is no such account.

    Raises ``LastAdminError`` rather than demote the last active administrator. The
    account's sessions carry its id, not its role, so the new role holds from its next
    request.
    """
    if role is not Role.ADMIN:
        _keeps_an_admin(session, user_id)
    return _changed(session, user_id, role=role.value)


def disable_account(session: Session, user_id: int) -> str | None:
    """``disable_user``, refusing (``LastAdminError``) to disable the last active admin."""
    _keeps_an_admin(session, user_id)
    return disable_user(session, user_id)


def enable_user(session: Session, user_id: int) -> str | None:
    """Let a disabled account log in again (its old sessions stay ended); its email, or
    ``None`` when there is no such account."""
    return _changed(session, user_id, active=True)


def reset_password(session: Session, user_id: int, password: str) -> str | None:
    """Set a new password and end every session of the account; its email, or ``None``
    when there is no such account. Raises ``AccountError`` for a password too short."""
    check_new_password(password)
    return _changed(
        session,
        user_id,
        password_hash=generate_password_hash(password),
        session_token=_new_token(),
    )


def account_by_id(session: Session, user_id: int) -> Account | None:
    """The account with this id, active or disabled, if there is one."""
    record = stored.user_by_id(session, user_id)
    return None if record is None else _to_account(record)


def _new_token() -> str:
    """A session token no earlier cookie carries."""
    return secrets.token_hex(16)


def _changed(session: Session, user_id: int, **changes: str | bool) -> str | None:
    """Apply ``changes`` to the account and commit; its email, or ``None`` (nothing written)
    when there is no such account."""
    email = stored.update_account(session, user_id, **changes)
    if email is None:
        session.rollback()
        return None
    session.commit()
    return email
