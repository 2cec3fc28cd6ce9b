"""Staff roles, and the decorator that guards staff pages."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required

from service.i18n import N_

P = ParamSpec("P")
R = TypeVar("R")


class Role(enum.StrEnum):
    """What a staff member does; admins may do everything."""

    WRITER = "writer"
    REVIEWER = "reviewer"
    QA = "qa"
    ADMIN = "admin"


# What each role is called on staff pages; translated where shown.
ROLE_LABELS = {
    Role.WRITER: N_("Writer"),
    Role.REVIEWER: N_("Reviewer"),
    Role.QA: N_("QA"),
    Role.ADMIN: N_("Administrator"),
}


def roles_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Let a view through for logged-in staff with one of ``roles`` (or admin); else 403."""
    allowed = {*roles, Role.ADMIN}

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if Role(current_user.role) not in allowed:
                abort(403)
            return view(*args, **kwargs)

        guarded: Callable[P, R] = login_required(wrapped)
        return guarded

    return decorator
