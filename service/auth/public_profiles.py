"""Reviewers' public profiles: the name and credentials readers see, checked, then stored.

A profile is what the article page credits ("Medically reviewed by Dr. Ada Example, MD,
FAAD — Dermatology") and what the editorial-policy page lists as the Medical Advisory
Board. Names and credentials are shown as typed in every language; only their labels
are translated. One check serves the accounts page and the ``users`` commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from service.auth.roles import Role
from service.i18n import N_
from service.storage import accounts as stored_accounts
from service.storage import reviewers
from service.storage.reviewers import PublicReviewer

NAME_MAX_LENGTH = 120
CREDENTIALS_MAX_LENGTH = 200
# Accounts that may approve: the board is those among them with a public profile.
BOARD_ROLES = (Role.REVIEWER, Role.ADMIN)
# Any C0 control (tabs and line breaks too: a name is one line) and DEL.
_NOT_IN_A_NAME = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field, as a message to translate and its parameters."""

    field: str  # "name" or "credentials"
    message: str
    params: dict[str, object]

    def __str__(self) -> str:
        return self.message % self.params


class ProfileError(ValueError):
    """A public profile that cannot be stored as given; ``problems`` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(" ".join(str(problem) for problem in problems))
        self.problems = problems


_EMPTY_NAME = N_("Enter the name readers will see, such as Dr. Ada Example.")
# One whole sentence per field, so that each language can word it as it needs.
_TOO_LONG = {
    "name": N_("The public name is too long: use at most %(count)d characters."),
    "credentials": N_("The credentials are too long: use at most %(count)d characters."),
}
_CONTROL = {
    "name": N_(
        "The public name holds a line break, tab or other control character (U+%(code)s); "
        "write it on one line."
    ),
    "credentials": N_(
        "The credentials hold a line break, tab or other control character (U+%(code)s); "
        "write them on one line."
    ),
}


def problems(name: str, credentials: str) -> list[Problem]:
    """Everything wrong with a public name and credentials (both already stripped)."""
    found = []
    if not name:
        found.append(Problem("name", _EMPTY_NAME, {}))
    for field, value, limit in (
        ("name", name, NAME_MAX_LENGTH),
        ("credentials", credentials, CREDENTIALS_MAX_LENGTH),
    ):
        if len(value) > limit:
            found.append(Problem(field, _TOO_LONG[field], {"count": limit}))
        control = _NOT_IN_A_NAME.search(value)
        if control:
            code = f"{ord(control.group()):04X}"
            found.append(Problem(field, _CONTROL[field], {"code": code}))
    return found


def set_public_profile(session: Session, user_id: int, name: str, credentials: str) -> str | None:
    """Give the account a public name and credentials, and commit; its email, or ``None``
    when there is no such account. Raises ``ProfileError`` (nothing stored) for bad input."""
    name, credentials = name.strip(), credentials.strip()
    found = problems(name, credentials)
    if found:
        raise ProfileError(found)
    account = stored_accounts.user_by_id(session, user_id)
    if account is None:
        return None
    reviewers.set_profile(session, user_id, name, credentials)
    session.commit()
    return account.email


def remove_public_profile(session: Session, user_id: int) -> str | None:
    """Stop naming the account to readers, and commit; its email, or ``None`` when there
    is no such account. Articles it approved are credited to the board again."""
    account = stored_accounts.user_by_id(session, user_id)
    if account is None:
        return None
    reviewers.remove_profile(session, user_id)
    session.commit()
    return account.email


def public_profile(session: Session, user_id: int) -> PublicReviewer | None:
    """The account's public name and credentials, if it has them."""
    return reviewers.profile(session, user_id)


def all_public_profiles(session: Session) -> dict[int, PublicReviewer]:
    """Every account's public profile, by account id (for the accounts list)."""
    return reviewers.profiles(session)


def medical_advisory_board(session: Session) -> list[PublicReviewer]:
    """The board readers see: active reviewers and administrators with a public profile."""
    return reviewers.board(session, [role.value for role in BOARD_ROLES])
