"""The languages the engine scores, and the one way to name them.

Each language brings its own syllable counting, familiar words, formulas and
consensus grade. English is implemented; Spanish or German would add a module
with a class like ``English`` and a line in ``_REGISTRY``. An unknown language
is an error, never a silent fallback to English.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from .formulas import Counts, Metrics
from .words import Token


class UnsupportedLanguage(ValueError):
    """A language the engine has no formulas for."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        super().__init__(
            f"Readability scoring does not support language {lang!r}; "
            f"use one of: {', '.join(sorted(_REGISTRY))} (a region such as 'en_GB' is fine)."
        )


class Language(Protocol):
    """What scoring needs from a language."""

    code: str
    name: str
    consensus_formula: str

    def warm_up(self) -> None:
        """Load dictionaries now rather than on the first request."""

    def syllables(self, token: Token, previous: Token | None) -> int:
        """Syllables of ``token`` read aloud, ``previous`` giving context ("5 g")."""

    def is_familiar(self, token: Token) -> bool:
        """Whether a reader at the lowest grades knows ``token``."""

    def metrics(self, counts: Counts) -> Metrics:
        """Each formula the language defines, from ``counts``."""

    def consensus(self, metrics: Metrics) -> float:
        """The one grade the policy uses."""


def _english() -> Language:
    from .english import ENGLISH

    return ENGLISH


_REGISTRY: dict[str, Callable[[], Language]] = {"en": _english}


def language_code(lang: str) -> str:
    """The registry code for ``lang``: "en_US", "en-GB" and "EN" are all "en"."""
    root = lang.strip().replace("-", "_").split("_", 1)[0].lower()
    if root not in _REGISTRY:
        raise UnsupportedLanguage(lang)
    return root


def get_language(lang: str) -> Language:
    """The language named by ``lang``; :class:`UnsupportedLanguage` if there is none."""
    return _REGISTRY[language_code(lang)]()


def supported_languages() -> tuple[str, ...]:
    """Codes of the languages the engine scores."""
    return tuple(sorted(_REGISTRY))
