"""An article's vocabulary: terms accepted for it, which then are no hard word and no jargon.

Like Vale's ``accept.txt``: the article about milia may say "milia" without a finding
on every use. Matching is case-insensitive, ignores the kind of apostrophe, and takes
a few regular inflections of the last word as the same term: "cyst" accepts "cysts",
"Cyst's" and "CYSTS"; "papule" accepts "papules"; "Zyste" accepts "Zysten". Nothing
cleverer: a form the endings below do not make ("milium" for "milia") is listed too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Endings that make a term's plural, possessive or (German, Spanish) inflected form.
INFLECTIONS = ("s", "es", "'s", "s'", "e", "en", "n", "er", "ern")

_SPACES = re.compile(r"\s+")


def normalise(term: str) -> str:
    """``term`` as it is compared: case folded, one kind of apostrophe, single spaces."""
    return _SPACES.sub(" ", term.replace("\u2019", "'").casefold()).strip()


def _same_word(word: str, term: str) -> bool:
    """Whether ``word`` is ``term`` or one of its regular inflections."""
    if word == term:
        return True
    if word.startswith(term) and word[len(term) :] in INFLECTIONS:
        return True
    return term.endswith("y") and word == term[:-1] + "ies"


@dataclass(frozen=True)
class Vocabulary:
    """Terms accepted for one text, as written (for showing) and normalised (for matching)."""

    terms: tuple[str, ...] = ()

    @classmethod
    def of(cls, terms: Iterable[str]) -> Vocabulary:
        """A vocabulary of ``terms``, blanks dropped and repeats (in any case) kept once."""
        seen: dict[str, str] = {}
        for term in terms:
            if key := normalise(term):
                seen.setdefault(key, term.strip())
        return cls(tuple(seen.values()))

    def accepts(self, text: str) -> bool:
        """Whether ``text`` (a word or a phrase) is one of the terms, or an inflection of one."""
        words = normalise(text).split(" ")
        for term in self.terms:
            accepted = normalise(term).split(" ")
            if len(accepted) == len(words) and all(
                word == want if i < len(words) - 1 else _same_word(word, want)
                for i, (word, want) in enumerate(zip(words, accepted, strict=True))
            ):
                return True
        return False

    def __bool__(self) -> bool:
        """True when any term is accepted."""
        return bool(self.terms)
