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
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from . import abbreviations
from .extract import Location, Prose, Sentence, extract
from .glossary import Glossary, Match, Term, default_glossary, has_default_glossary
from .languages import get_language
from .words import Kind, tokens

DEFAULT_SENTENCE_LIMIT = 20


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

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        loc = self.location
        return {
            "kind": self.kind.value,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "start": loc.start,
            "end": loc.end,
        }


def find(
    text: Prose | str,
    lang: str = "en",
    *,
    sentence_limit: int = DEFAULT_SENTENCE_LIMIT,
    glossary: Glossary | None = None,
) -> tuple[Finding, ...]:
    """All findings in ``text`` (Markdown or extracted prose), in source order."""
    language = get_language(lang)
    prose = extract(text) if isinstance(text, str) else text
    if glossary is None:
        glossary = default_glossary(lang) if has_default_glossary(lang) else Glossary(())
    matches = [list(glossary.find(sentence.text)) for sentence in prose.sentences]
    explained = _explained_terms(prose, matches)
    found: list[Finding] = []
    for sentence, sentence_matches in zip(prose.sentences, matches, strict=True):
        words = list(tokens(sentence.text))
        if len(words) > sentence_limit:
            found.append(
                Finding(
                    FindingKind.LONG_SENTENCE,
                    sentence.text,
                    f"This sentence has {len(words)} words; keep sentences to "
                    f"{sentence_limit} or fewer by splitting it.",
                    sentence.location,
                )
            )
        jargon_spans = []
        for match in sentence_matches:
            jargon_spans.append((match.start, match.end))
            if match.term not in explained:
                found.append(_jargon(prose, sentence, match.term, match.start, match.end))
        previous = None
        for token in words:
            inside_jargon = any(a <= token.start < b for a, b in jargon_spans)
            if (
                token.kind is Kind.WORD
                and not inside_jargon
                and language.is_hard(token, syllables := language.syllables(token, previous))
            ):
                found.append(
                    Finding(
                        FindingKind.HARD_WORD,
                        token.text,
                        f"'{token.text}' is long and not an everyday word; "
                        "use a shorter, common word if there is one."
                        if language.has_familiar_words
                        else f"'{token.text}' is long ({syllables} syllables); "
                        "use a shorter word if there is one.",
                        prose.span(sentence, token.start, token.end),
                    )
                )
            previous = token
        for start, end in language.passives(sentence.text):
            phrase = sentence.text[start:end]
            found.append(
                Finding(
                    FindingKind.PASSIVE_VOICE,
                    phrase,
                    f"'{phrase}' is passive; say who does it ('the doctor removes ...').",
                    prose.span(sentence, start, end),
                )
            )
    texts = [sentence.text for sentence in prose.sentences]
    for use in abbreviations.undefined(texts):
        sentence = prose.sentences[use.sentence]
        found.append(
            Finding(
                FindingKind.ABBREVIATION,
                sentence.text[use.start : use.end],
                f"Spell out '{use.letters}' the first time, with the letters after it "
                f"in brackets: 'words in full ({use.letters})'.",
                prose.span(sentence, use.start, use.end),
            )
        )
    return tuple(sorted(found, key=lambda f: (f.location.start, f.location.end, f.kind.value)))


def _jargon(prose: Prose, sentence: Sentence, term: Term, start: int, end: int) -> Finding:
    """A jargon finding with the glossary's alternative."""
    word = sentence.text[start:end]
    return Finding(
        FindingKind.JARGON,
        word,
        f"'{word}' is medical jargon; write '{term.plain}', or explain it where it is first used.",
        prose.span(sentence, start, end),
        suggestion=term.plain,
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
