"""Audiences and personas: who a reader is, and which variant that means."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


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


@dataclass(frozen=True)
class Persona:
    """A choice offered by "Which best describes you?"."""

    id: str
    label: str
    audience: Audience


def personas_from_config(raw: Iterable[Mapping[str, str]]) -> tuple[Persona, ...]:
    """Build personas from configuration rows of ``id``, ``label`` and ``audience``."""
    personas = []
    for row in raw:
        audience = Audience.parse(row["audience"])
        if audience is None:
            raise ValueError(
                f"Persona {row['id']!r} names audience {row['audience']!r}; "
                f"use one of: {', '.join(a.value for a in Audience)}."
            )
        personas.append(Persona(id=row["id"], label=row["label"], audience=audience))
    return tuple(personas)
