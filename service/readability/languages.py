"""The languages the engine scores, and the one way to name them.

Each language brings its own syllable counting, familiar words, formulas and
the one figure its policy gates on, with the scale that figure is read on.
English (:mod:`.english`), Spanish (:mod:`.spanish`) and German (:mod:`.german`)
are implemented; another language adds a module with a class like ``English``
and a line in ``_REGISTRY``, and its rules in ``service/data/readability-policy.yaml``.
An unknown language is an error, never a silent fallback to English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    consensus_formula: str  # how the figure the policy uses is made, in words
    scale: str  # what that figure is read on: "US school grade", "INFLESZ"
    figure_name: str  # what a reason calls it: "Grade", "Szigriszt-Pazos"
    higher_is_easier: bool  # True for reading-ease scales such as INFLESZ
    has_familiar_words: bool  # whether is_familiar consults a list of familiar words

    def warm_up(self) -> None:
        """Load dictionaries now rather than on the first request."""

    def syllables(self, token: Token, previous: Token | None) -> int:
        """Syllables of ``token`` read aloud, ``previous`` giving context ("5 g")."""

    def is_familiar(self, token: Token) -> bool:
        """Whether a reader at the lowest grades knows ``token``."""

    def is_hard(self, token: Token, syllables: int) -> bool:
        """Whether a writer should look for a plainer word than ``token``."""

    def passives(self, sentence: str) -> Iterable[tuple[int, int]]:
        """``[start, end)`` of each passive in ``sentence``; none where there is no heuristic."""

    def band(self, figure: float) -> str | None:
        """The named band of the scale ``figure`` falls in ("bastante fácil"), if it has bands."""

    def metrics(self, counts: Counts) -> Metrics:
        """Each formula the language defines, from ``counts``."""

    def consensus(self, metrics: Metrics) -> float:
        """The one figure the policy uses, on :attr:`scale`."""


def _english() -> Language:
    """English, imported when first asked for."""
    from .english import ENGLISH

    return ENGLISH


def _spanish() -> Language:
    """Spanish, imported when first asked for."""
    from .spanish import SPANISH

    return SPANISH


def _german() -> Language:
    """German, imported when first asked for."""
    from .german import GERMAN

    return GERMAN


_REGISTRY: dict[str, Callable[[], Language]] = {"en": _english, "es": _spanish, "de": _german}


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
