"""The two audiences every section is written for, and the one message for any other name."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _(message: str) -> str:
    """Mark ``message`` for ``make translations`` without importing Flask: pages translate it."""
    return message


class Audience(enum.StrEnum):
    """The two audiences every section is written for."""

    LAYPERSON = "layperson"
    CLINICIAN = "clinician"

    @property
    def other(self) -> Audience:
        """The audience whose variant stands in when this one is missing."""
        return Audience.CLINICIAN if self is Audience.LAYPERSON else Audience.LAYPERSON

    @classmethod
    def parse(cls, value: object) -> Audience | None:
        """The audience named by ``value``, or ``None`` for anything else."""
        try:
            return cls(value) if isinstance(value, str) else None
        except ValueError:
            return None

    @classmethod
    def require(cls, value: object) -> Audience:
        """The audience named by ``value``; ``UnknownAudience`` naming the choices otherwise."""
        audience = cls.parse(value)
        if audience is None:
            raise UnknownAudience(value)
        return audience


DEFAULT_AUDIENCE = Audience.LAYPERSON


def written_for(audience: Audience, lookup: Callable[[Audience], T | None]) -> T | None:
    """The one fallback rule: what was written for ``audience``, else for the other one.

    Sections and titles both follow it: a reader always gets text, marked as written
    for the other audience when theirs is missing.
    """
    return lookup(audience) or lookup(audience.other)
AUDIENCE_NAMES = tuple(a.value for a in Audience)
# The same message on pages, where ``choices`` is a translated "a or b" list.
UNKNOWN_AUDIENCE_PAGE = _("Unknown audience %(given)s; use %(choices)s.")


class UnknownAudience(ValueError):
    """A name that is no audience: in a file, a setting, a request. Says what to write."""

    def __init__(self, given: object) -> None:
        super().__init__(f"unknown audience {given!r}; use one of: {', '.join(AUDIENCE_NAMES)}")
        self.given = given
