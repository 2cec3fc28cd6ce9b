"""Which variant does this reader get? The personas, the persona cookie, and the fallback rule.

A reader answers "Which best describes you?" with a persona; the persona names an
audience; each section shows that audience's variant, else the other one. The cookie
that remembers the answer is read and written here, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import Flask, current_app, g, request
from werkzeug.wrappers import Response as BaseResponse

from service.content.model import Section, Variant
from service.security import set_preference_cookie
from service.writing.audience import DEFAULT_AUDIENCE, Audience, UnknownAudience, written_for


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
        try:
            audience = Audience.require(row["audience"])
        except UnknownAudience as error:
            raise ValueError(f"PERSONAS: persona {row['id']!r} names an {error}.") from None
        personas.append(Persona(id=row["id"], label=row["label"], audience=audience))
    return tuple(personas)


def init_app(app: Flask) -> None:
    """Read the personas the chooser offers from ``PERSONAS``."""
    app.extensions["twofold.personas"] = personas_from_config(app.config["PERSONAS"])


def personas() -> tuple[Persona, ...]:
    """The personas the chooser offers, from configuration."""
    configured: tuple[Persona, ...] = current_app.extensions["twofold.personas"]
    return configured


def persona_by_id(value: object) -> Persona | None:
    """The persona with id ``value``; ``None`` for anything unknown or malformed."""
    if not isinstance(value, str):
        return None
    return next((p for p in personas() if p.id == value), None)


def current_persona() -> Persona | None:
    """The persona remembered in the reader's cookie, computed once per request."""
    if "persona" not in g:
        g.persona = persona_by_id(request.cookies.get(current_app.config["PERSONA_COOKIE"]))
    persona: Persona | None = g.persona
    return persona


def remember_persona(response: BaseResponse, persona: Persona) -> None:
    """Remember ``persona`` in the reader's cookie (a year, first-party, not for scripts)."""
    set_preference_cookie(response, current_app.config["PERSONA_COOKIE"], persona.id)


def current_audience() -> Audience:
    """The audience of the reader's persona, else the default (layperson)."""
    persona = current_persona()
    return persona.audience if persona else DEFAULT_AUDIENCE


@dataclass(frozen=True)
class ChosenVariant:
    """The variant a reader gets for a section, and whether it stands in for another."""

    variant: Variant
    wanted: Audience

    @property
    def is_fallback(self) -> bool:
        """True when the wanted audience had no variant and the other one is shown."""
        return self.variant.audience is not self.wanted


def choose_variant(section: Section, audience: Audience) -> ChosenVariant:
    """The one fallback rule: the variant for ``audience``, else the other audience's."""
    variant = written_for(audience, section.variant)
    if variant is None:
        raise ValueError(f"Section {section.key!r} has no variant at all; bundles forbid this.")
    return ChosenVariant(variant=variant, wanted=audience)
