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


# The columns an account's changes may touch; its id, email and creation stay put.
CHANGEABLE = frozenset({"active", "role", "password_hash", "session_token"})


def update_account(session: Session, user_id: int, **changes: str | bool) -> str | None:
    """Set ``changes`` (columns of :data:`CHANGEABLE`) on the account, uncommitted; its
    email, or ``None`` if there is no such account."""
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise ValueError(
            f"cannot change {sorted(unknown)} of an account; only {sorted(CHANGEABLE)}"
        )
    record = session.get(UserRecord, user_id)
    if record is None:
        return None
    for column, value in changes.items():
        setattr(record, column, value)
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
