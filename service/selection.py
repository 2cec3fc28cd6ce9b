"""Which variant does this reader get? The persona, its audience, and the fallback rule."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, request

from service.audience import DEFAULT_AUDIENCE, Audience, Persona
from service.content.model import Section, Variant


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
    variant = section.variant(audience) or section.variant(audience.other)
    if variant is None:
        raise ValueError(f"Section {section.key!r} has no variant at all; bundles forbid this.")
    return ChosenVariant(variant=variant, wanted=audience)
