"""Abbreviations a reader meets before (or without) being told what they stand for.

An abbreviation is a word of two or more capitals ("RCT", plural "RCTs"). It is
spelled out when the text gives its expansion next to it in brackets, either
way round: "randomised controlled trial (RCT)" or "RCT (randomised controlled
trial)". The expansion must contain the abbreviation's letters in order,
starting with a word that begins with its first letter ("electrocardiogram
(ECG)" counts). Uses at and after that point are fine; a use before it, or in a
text that never expands it, is reported once, at the first use. Roman numerals
after "type", "stage", "phase" and the like, and words in a run of capitals
(shouting, "DO NOT") are not abbreviations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

ABBREVIATION = re.compile(r"(?<![\w-])([A-Z]{2,})(s?)(?![\w-])")
_ROMAN = re.compile(r"[IVX]+")
# Roman numerals follow these words: "type II diabetes", "stage IV", "phase III";
# in Spanish "tipo II", "estadio IV"; in German "Typ II", "Stadium IV".
_NUMBERED = frozenset(
    "type types stage stages grade grades phase phases class classes factor part level"  # noqa: SIM905
    " tipo tipos estadio estadios grado grados fase fases clase clases factor parte nivel"
    " typ stadium stadien grad phase phasen klasse klassen faktor teil".split()
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Use:
    """An abbreviation in a sentence: which sentence, where, and the letters."""

    sentence: int
    start: int
    end: int
    letters: str


def uses(sentences: Sequence[str]) -> Iterator[Use]:
    """Every abbreviation in ``sentences``, in reading order."""
    for index, text in enumerate(sentences):
        for match in ABBREVIATION.finditer(text):
            letters = match.group(1)
            if _roman(text, match.start(), letters) or _shouting(text, match.start(), match.end()):
                continue
            yield Use(index, match.start(), match.end(), letters)


def _roman(text: str, start: int, letters: str) -> bool:
    """Whether ``letters`` is a Roman numeral after a word such as "type" or "stage"."""
    before = _WORD.findall(text[:start])[-1:]
    return bool(_ROMAN.fullmatch(letters) and before and before[0].lower() in _NUMBERED)


def _shouting(text: str, start: int, end: int) -> bool:
    """Whether the capitals stand next to another word in capitals ("DO NOT use")."""
    before = _WORD.findall(text[:start])[-1:]
    after = _WORD.findall(text[end:])[:1]
    return any(len(word) >= 2 and word.isupper() for word in before + after)


def _expands(letters: str, expansion: str) -> bool:
    """Whether ``expansion`` starts a word with ``letters[0]`` and has the rest in order."""
    words = _WORD.findall(expansion)
    for i, word in enumerate(words):
        if word[0].upper() != letters[0]:
            continue
        rest = " ".join(words[i:]).upper()
        position = 1
        for letter in letters[1:]:
            position = rest.find(letter, position)
            if position < 0:
                break
            position += 1
        else:
            return True
    return False


def is_defined_here(text: str, use: Use) -> bool:
    """Whether ``use`` stands with its expansion: "words (ABC)" or "ABC (words)"."""
    opening = text.rfind("(", 0, use.start)
    if (
        opening >= 0
        and text[opening + 1 : use.start].strip() == ""
        and text[use.end :].lstrip("s").startswith(")")
    ):
        window = _WORD.findall(text[:opening])[-(len(use.letters) + 3) :]
        return _expands(use.letters, " ".join(window))
    after = text[use.end :]
    if after.lstrip().startswith("("):
        inside = after[after.index("(") + 1 :].split(")", 1)[0]
        return _expands(use.letters, inside)
    return False


def undefined(sentences: Sequence[str]) -> Iterator[Use]:
    """The first use of each abbreviation that comes before its expansion, or has none."""
    all_uses = list(uses(sentences))
    defined_at: dict[str, tuple[int, int]] = {}
    for use in all_uses:
        if use.letters not in defined_at and is_defined_here(sentences[use.sentence], use):
            defined_at[use.letters] = (use.sentence, use.start)
    reported: set[str] = set()
    for use in all_uses:
        if use.letters in reported:
            continue
        definition = defined_at.get(use.letters)
        if definition is None or (use.sentence, use.start) < definition:
            reported.add(use.letters)
            yield use
