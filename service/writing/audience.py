"""The two audiences every section is written for."""

from __future__ import annotations

import enum


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


DEFAULT_AUDIENCE = Audience.LAYPERSON
