"""Staff accounts and failed logins in the database.

``service.auth.accounts`` decides who may log in and when to wait; this module only
stores and finds, and hands back frozen rows, never live records. Nothing here commits:
each caller's step (create an account, one login attempt) is one transaction, and the
caller ends it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from service.storage.models import LoginAttemptRecord, UserRecord


@dataclass(frozen=True)
class StoredUser:
    """One account as stored: ``role`` is the stored name, which ``auth`` turns into a Role."""

    id: int
    email: str
    password_hash: str
    role: str
    active: bool
    session_token: str
    created_at: dt.datetime


def _row(record: UserRecord) -> StoredUser:
    return StoredUser(
        id=record.id,
        email=record.email,
        password_hash=record.password_hash,
        role=record.role,
        active=record.active,
        session_token=record.session_token,
        created_at=record.created_at,
    )


def user_by_email(session: Session, email: str) -> StoredUser | None:
    """The account with exactly this (already normalised) email, active or not."""
    record = session.scalar(select(UserRecord).filter_by(email=email))
    return None if record is None else _row(record)


def user_by_id(session: Session, user_id: int) -> StoredUser | None:
    """The account with this id, active or not; from the session's identity map if loaded."""
    record = session.get(UserRecord, user_id)
    return None if record is None else _row(record)


def active_users(session: Session) -> list[StoredUser]:
    """Every active account, by email."""
    records = session.scalars(select(UserRecord).filter_by(active=True).order_by(UserRecord.email))
    return [_row(record) for record in records]


def every_user(session: Session) -> list[StoredUser]:
    """Every account, active or not, by email."""
    records = session.scalars(select(UserRecord).order_by(UserRecord.email))
    return [_row(record) for record in records]


def add_user(
    session: Session,
    *,
    email: str,
    password_hash: str,
    role: str,
    session_token: str,
    created_at: dt.datetime,
) -> StoredUser:
    """A new active account, written (flushed, so that it has its id) but not committed."""
    record = UserRecord(
        email=email,
        password_hash=password_hash,
        role=role,
        active=True,
        session_token=session_token,
        created_at=created_at,
    )
    session.add(record)
    session.flush()
    return _row(record)


def replace_session_token(session: Session, user_id: int, token: str) -> str | None:
    """Give the account a new session token (uncommitted); its email, or ``None`` if
    there is no such account."""
    record = session.get(UserRecord, user_id)
    if record is None:
        return None
    record.session_token = token
    return record.email


def deactivate(session: Session, user_id: int, token: str) -> str | None:
    """Make the account inactive and give it a new session token (uncommitted); its email,
    or ``None`` if there is no such account."""
    record = session.get(UserRecord, user_id)
    if record is None:
        return None
    record.active = False
    record.session_token = token
    return record.email


def reactivate(session: Session, user_id: int) -> str | None:
    """Make the account active again (uncommitted); its email, or ``None`` if there is no
    such account."""
    record = session.get(UserRecord, user_id)
    if record is None:
        return None
    record.active = True
    return record.email


def set_role(session: Session, user_id: int, role: str) -> str | None:
    """Give the account another role (uncommitted); its email, or ``None`` if there is no
    such account."""
    record = session.get(UserRecord, user_id)
    if record is None:
        return None
    record.role = role
    return record.email


def set_password(session: Session, user_id: int, password_hash: str, token: str) -> str | None:
    """Store a new password hash and session token (uncommitted); the account's email, or
    ``None`` if there is no such account."""
    record = session.get(UserRecord, user_id)
    if record is None:
        return None
    record.password_hash = password_hash
    record.session_token = token
    return record.email


def active_admin_ids(session: Session, admin_role: str) -> set[int]:
    """The ids of every active account with ``admin_role``."""
    return set(session.scalars(select(UserRecord.id).filter_by(active=True, role=admin_role)))


@dataclass(frozen=True)
class RecentFailures:
    """Failed logins from one address within the window: all of them, and those for one email."""

    from_address: int
    for_account: int


def forget_failures_before(session: Session, since: dt.datetime) -> None:
    """Drop failed logins older than ``since``: they no longer count against anyone."""
    session.execute(delete(LoginAttemptRecord).where(LoginAttemptRecord.at < since))


def recent_failures(
    session: Session, email: str, remote_addr: str, since: dt.datetime
) -> RecentFailures:
    """Failed logins from ``remote_addr`` since ``since``, in one query."""
    from_address, for_account = session.execute(
        select(func.count(), func.count().filter(LoginAttemptRecord.email == email)).where(
            LoginAttemptRecord.at >= since, LoginAttemptRecord.remote_addr == remote_addr
        )
    ).one()
    return RecentFailures(from_address=int(from_address), for_account=int(for_account))


def add_failure(session: Session, email: str, remote_addr: str, at: dt.datetime) -> None:
    """Record one failed login (uncommitted)."""
    session.add(LoginAttemptRecord(email=email, remote_addr=remote_addr, at=at))
