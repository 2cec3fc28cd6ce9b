"""The plain-language glossary: medical terms, their everyday alternatives, and finding them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .datafiles import read_yaml
from .languages import language_code
from .lexicon import Once

DEFAULT_GLOSSARY = "glossary.yaml"


class GlossaryError(ValueError):
    """A glossary file that cannot be used, with where and how to fix it."""


@dataclass(frozen=True)
class Term:
    """A medical term and what to write instead."""

    term: str
    plain: str
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A glossary term found in a text, at ``[start, end)``."""

    term: Term
    start: int
    end: int


_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_PLURALS = ("'s", "\u2019s", "es", "s")
_STARTS_KEPT = 200_000


@dataclass(frozen=True)
class Glossary:
    """Terms of one language, found whole, in any case, plural too, longest first."""

    terms: tuple[Term, ...]
    _index: Mapping[str, Term] = field(init=False, repr=False, compare=False)
    _lengths: Mapping[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    # Each word's answer from _lengths_from, kept: most words start no term, and asking
    # again for each of their plural endings was a third of the time spent finding terms.
    _starts: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Term] = {}
        starts: dict[str, set[int]] = {}
        for term in self.terms:
            for form in (term.term, *term.forms):
                words = [word.lower() for word in _WORD.findall(form)]
                index.setdefault(" ".join(words), term)
                starts.setdefault(words[0], set()).add(len(words))
        lengths = {word: tuple(sorted(n, reverse=True)) for word, n in starts.items()}
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_lengths", MappingProxyType(lengths))
        object.__setattr__(self, "_starts", {})

    def find(self, text: str) -> Iterator[Match]:
        """Each term in ``text``; where terms overlap the longest wins ("cardiac arrest")."""
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        words = [text[a:b].lower() for a, b in spans]
        i = 0
        while i < len(words):
            found = None
            for n in self._lengths_from(words[i]):
                if i + n <= len(words):
                    found = self._lookup(" ".join(words[i : i + n]))
                    if found is not None:
                        yield Match(found, spans[i][0], spans[i + n - 1][1])
                        i += n
                        break
            if found is None:
                i += 1

    def _lengths_from(self, word: str) -> tuple[int, ...]:
        """How many words a term starting with ``word`` (or its singular) can have."""
        known = self._starts.get(word)
        if known is not None:
            return known
        lengths = self._lengths.get(word)
        if lengths is None:
            for ending in _PLURALS:
                if word.endswith(ending) and (lengths := self._lengths.get(word[: -len(ending)])):
                    break
        if len(self._starts) >= _STARTS_KEPT:
            self._starts.clear()  # a server scoring texts for years keeps a bounded memo
        self._starts[word] = lengths or ()
        return lengths or ()

    def _lookup(self, key: str) -> Term | None:
        """The term for ``key``, or for ``key`` without a plural or possessive ending."""
        term = self._index.get(key)
        if term is None:
            for ending in _PLURALS:
                if key.endswith(ending) and (term := self._index.get(key[: -len(ending)])):
                    break
        return term


def parse_glossary(raw: Any, lang: str, source: str) -> Glossary:
    """A glossary from loaded YAML; :class:`GlossaryError` says what to fix."""
    if not isinstance(raw, Mapping):
        raise GlossaryError(f"{source}: expected a mapping of language codes to term lists.")
    entries = raw.get(lang)
    if not isinstance(entries, list):
        raise GlossaryError(
            f"{source}: no term list for language {lang!r}; add '{lang}:' with terms."
        )
    terms = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}, {lang} entry {number}"
        if not isinstance(entry, Mapping):
            raise GlossaryError(
                f"{where}: write {{term: hypertension, plain: high blood pressure}}."
            )
        unknown = sorted(set(entry) - {"term", "plain", "forms"}, key=str)
        if unknown:
            raise GlossaryError(
                f"{where}: unknown key {unknown[0]!r}; use term, plain and forms "
                "(quote a value that contains a comma)."
            )
        term, plain, forms = entry.get("term"), entry.get("plain"), entry.get("forms", [])
        if not isinstance(term, str) or not term.strip():
            raise GlossaryError(f"{where}: 'term' must be the word or phrase to find.")
        if not isinstance(plain, str) or not plain.strip():
            raise GlossaryError(f"{where} ({term}): 'plain' must give the everyday alternative.")
        if not isinstance(forms, list) or not all(isinstance(form, str) for form in forms):
            raise GlossaryError(f"{where} ({term}): 'forms' must be a list of spellings.")
        terms.append(Term(term.strip(), plain.strip(), tuple(forms)))
    return Glossary(tuple(terms))


def load_glossary(path: Path | None = None, lang: str = "en") -> Glossary:
    """The glossary for ``lang`` from ``path``, or from the one shipped in ``service/data``."""
    code = language_code(lang)
    raw, source = read_yaml(path, DEFAULT_GLOSSARY, GlossaryError)
    return parse_glossary(raw, code, source)


_DEFAULT: dict[str, Once[Glossary]] = {"en": Once(lambda: load_glossary(None, "en"))}


def has_default_glossary(lang: str) -> bool:
    """Whether the shipped glossary has terms for ``lang`` (English only, so far)."""
    return language_code(lang) in _DEFAULT


def default_glossary(lang: str = "en") -> Glossary:
    """The shipped glossary for ``lang``, loaded once."""
    code = language_code(lang)
    if code not in _DEFAULT:
        raise GlossaryError(f"service/data/{DEFAULT_GLOSSARY} has no terms for {code!r}.")
    return _DEFAULT[code].get()
