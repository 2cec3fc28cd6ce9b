"""Findings for writers, each located in the Markdown source.

Five kinds, each from prose already extracted (so headings, code and citations
never produce findings):

- ``long_sentence``: more words than the limit (words counted as the formulas count them);
- ``hard_word``: as the language decides (``Language.is_hard``): in English three
  or more syllables and not familiar (see :mod:`.english`), skipping names
  (capitalised inside a sentence); in Spanish and German four or more syllables;
  glossary terms are jargon instead;
- ``jargon``: a glossary term, with its everyday alternative, unless the text
  explains it: "A cyst is a ...", "To exfoliate means ...", "keratin, a tough
  protein ...", "bruise (contusion)"; only for languages the glossary has terms
  for (English), never English terms looked for in other languages;
- ``passive_voice``: the language's heuristic (English: :mod:`.passive`); languages
  without one report none, rather than having English rules applied to them;
- ``abbreviation``: capitals not spelled out first, see :mod:`.abbreviations`.

Terms the article accepts (its :class:`~.vocabulary.Vocabulary`) are neither hard
words nor jargon.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import abbreviations
from .extract import Location, Prose, Sentence, extract
from .glossary import Glossary, Match, Term, default_glossary, has_default_glossary
from .languages import get_language
from .vocabulary import Vocabulary
from .words import Kind, sentence_tokens

DEFAULT_SENTENCE_LIMIT = 20
NO_TERMS = Vocabulary()

# Each finding's message, by wording, filled from the finding's ``params``. The staff
# pages translate the same templates (service/staff/readability_names.py).
MESSAGES = {
    "long_sentence": "This sentence has %(words)s words; keep sentences to "
    "%(limit)s or fewer by splitting it.",
    "hard_word": "'%(word)s' is long and not an everyday word; "
    "use a shorter, common word if there is one.",
    "hard_word_syllables": "'%(word)s' is long (%(syllables)s syllables); "
    "use a shorter word if there is one.",
    "jargon": "'%(word)s' is medical jargon; write '%(plain)s', "
    "or explain it where it is first used.",
    "passive_voice": "'%(phrase)s' is passive; say who does it ('the doctor removes ...').",
    "abbreviation": "Spell out '%(letters)s' the first time, with the letters after it "
    "in brackets: 'words in full (%(letters)s)'.",
}

Params = tuple[tuple[str, str | int | float], ...]


class FindingKind(enum.StrEnum):
    """What a finding is about."""

    LONG_SENTENCE = "long_sentence"
    HARD_WORD = "hard_word"
    JARGON = "jargon"
    PASSIVE_VOICE = "passive_voice"
    ABBREVIATION = "abbreviation"


@dataclass(frozen=True)
class Finding:
    """Something a writer could make plainer, and where it is in the source."""

    kind: FindingKind
    text: str
    message: str
    location: Location
    suggestion: str | None = None
    params: Params = ()
    # Which of ``MESSAGES`` made ``message``: lets a page translate it.
    wording: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        loc = self.location
        return {
            "kind": self.kind.value,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
            "params": dict(self.params),
            "wording": self.wording,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "start": loc.start,
            "end": loc.end,
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Finding:
        """The finding ``to_dict`` gave: a stored report's findings come back as values."""
        return cls(
            kind=FindingKind(values["kind"]),
            text=str(values["text"]),
            message=str(values["message"]),
            location=Location(
                line=int(values["line"]),
                column=int(values["column"]),
                end_line=int(values["end_line"]),
                end_column=int(values["end_column"]),
                start=int(values["start"]),
                end=int(values["end"]),
            ),
            suggestion=values["suggestion"],
            params=tuple(values["params"].items()),
            wording=str(values["wording"]),
        )


def _finding(
    kind: FindingKind,
    wording: str,
    text: str,
    location: Location,
    suggestion: str | None = None,
    **params: str | int | float,
) -> Finding:
    """A finding whose message is ``MESSAGES[wording]`` filled from ``params``."""
    message = MESSAGES[wording] % params
    return Finding(kind, text, message, location, suggestion, tuple(params.items()), wording)


def find(
    text: Prose | str,
    lang: str = "en",
    *,
    sentence_limit: int = DEFAULT_SENTENCE_LIMIT,
    glossary: Glossary | None = None,
    accepted: Vocabulary = NO_TERMS,
) -> tuple[Finding, ...]:
    """All findings in ``text`` (Markdown or extracted prose), in source order.

    Words and glossary terms that ``accepted`` holds are no finding.
    """
    language = get_language(lang)
    prose = extract(text) if isinstance(text, str) else text
    if glossary is None:
        glossary = default_glossary(lang) if has_default_glossary(lang) else Glossary(())
    matches = [list(glossary.find(sentence.text)) for sentence in prose.sentences]
    explained = _explained_terms(prose, matches)
    found: list[Finding] = []
    for sentence, sentence_matches in zip(prose.sentences, matches, strict=True):
        words = sentence_tokens(sentence.text)
        if len(words) > sentence_limit:
            found.append(
                _finding(
                    FindingKind.LONG_SENTENCE,
                    "long_sentence",
                    sentence.text,
                    sentence.location,
                    words=len(words),
                    limit=sentence_limit,
                )
            )
        jargon_spans = []
        for match in sentence_matches:
            jargon_spans.append((match.start, match.end))
            if match.term not in explained and not accepted.accepts(
                sentence.text[match.start : match.end]
            ):
                found.append(_jargon(prose, sentence, match.term, match.start, match.end))
        previous = None
        for token in words:
            inside_jargon = bool(jargon_spans) and any(
                a <= token.start < b for a, b in jargon_spans
            )
            if (
                token.kind is Kind.WORD
                and not inside_jargon
                and language.is_hard(token, syllables := language.syllables(token, previous))
                and not accepted.accepts(token.text)
            ):
                where = prose.span(sentence, token.start, token.end)
                found.append(
                    _finding(FindingKind.HARD_WORD, "hard_word", token.text, where, word=token.text)
                    if language.has_familiar_words
                    else _finding(
                        FindingKind.HARD_WORD,
                        "hard_word_syllables",
                        token.text,
                        where,
                        word=token.text,
                        syllables=syllables,
                    )
                )
            previous = token
        for start, end in language.passives(sentence.text):
            phrase = sentence.text[start:end]
            found.append(
                _finding(
                    FindingKind.PASSIVE_VOICE,
                    "passive_voice",
                    phrase,
                    prose.span(sentence, start, end),
                    phrase=phrase,
                )
            )
    texts = [sentence.text for sentence in prose.sentences]
    for use in abbreviations.undefined(texts):
        sentence = prose.sentences[use.sentence]
        found.append(
            _finding(
                FindingKind.ABBREVIATION,
                "abbreviation",
                sentence.text[use.start : use.end],
                prose.span(sentence, use.start, use.end),
                letters=use.letters,
            )
        )
    return tuple(sorted(found, key=lambda f: (f.location.start, f.location.end, f.kind.value)))


def _jargon(prose: Prose, sentence: Sentence, term: Term, start: int, end: int) -> Finding:
    """A jargon finding with the glossary's alternative."""
    word = sentence.text[start:end]
    return _finding(
        FindingKind.JARGON,
        "jargon",
        word,
        prose.span(sentence, start, end),
        term.plain,
        word=word,
        plain=term.plain,
    )


_EXPLAINED_AFTER = re.compile(
    r"^\s*(?:,\s*(?:a|an|the|which|or|meaning|also called)\b|\(|[\u2014\u2013])"
)
_EXPLAINED_AS_SUBJECT = re.compile(r"^(?:(?:a|an|the|to)\s+)?$", re.IGNORECASE)
_DEFINING_VERB = re.compile(
    r"^\s+(?:(?:is|are)\s+(?:a|an|the|when|what|where|how)\b|means?\b)", re.IGNORECASE
)


def _explained_terms(prose: Prose, matches: list[list[Match]]) -> set[Term]:
    """Terms the text explains somewhere, which then need no finding."""
    explained: set[Term] = set()
    for sentence, sentence_matches in zip(prose.sentences, matches, strict=True):
        text = sentence.text
        for match in sentence_matches:
            before, after = text[: match.start], text[match.end :]
            if (
                _EXPLAINED_AFTER.match(after)
                or before.rstrip().endswith("(")
                or (_EXPLAINED_AS_SUBJECT.match(before) and _DEFINING_VERB.match(after))
            ):
                explained.add(match.term)
    return explained
