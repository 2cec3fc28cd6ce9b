"""A reader's search, as text: the words searched for, and snippets made safe to show.

Pure functions. The reader's query is never handed to a database's query language:
only its words are (letters and digits, as both engines split text), so quotes,
operators, column filters and stray bytes mean nothing. A snippet comes back from the
engine with private marker characters around the matched words; ``highlight`` escapes
everything and turns only balanced markers into ``<mark>``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from service.storage.search import MARK_CLOSE, MARK_OPEN

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_WORD_CHARS = 40
WORD = re.compile(r"[^\W_]+")
# Markdown a snippet may carry that readers never see as such.
CITATION = re.compile(r"\s*\[-?@[^\]]*\]?")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)?")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
SYNTAX = re.compile(r"(?m)^\s*(?:#{1,6}|>|[-+*]|\d+\.)\s+|\*{1,3}|_{2,3}|`+")
SPACE = re.compile(r"\s+")


class QueryProblem(ValueError):
    """A query that cannot be searched for; the message says what to type instead."""


@dataclass(frozen=True)
class Query:
    """What a reader typed, and the words that will be searched for."""

    text: str
    words: tuple[str, ...]
    truncated: bool


def parse_query(raw: str) -> Query:
    """The words of ``raw``; ``QueryProblem`` when it is too long or holds no word."""
    cleaned = unicodedata.normalize("NFC", raw.replace("\x00", " ")).strip()
    if len(cleaned) > MAX_QUERY_CHARS:
        raise QueryProblem("too-long")
    words = [w[:MAX_WORD_CHARS] for w in WORD.findall(cleaned)]
    unique = tuple(dict.fromkeys(w.casefold() for w in words))
    if not unique:
        raise QueryProblem("no-words")
    return Query(text=cleaned, words=unique[:MAX_WORDS], truncated=len(unique) > MAX_WORDS)


def plain(markdown: str) -> str:
    """A snippet of Markdown as the reader reads it: no citations, link targets or marks."""
    text = CITATION.sub("", markdown)
    text = IMAGE.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = SYNTAX.sub(" ", text)
    return SPACE.sub(" ", text).strip()


def highlight(snippet: str) -> Markup:
    """``snippet`` escaped, its marked words in ``<mark>``: nothing else becomes markup."""
    parts: list[str] = []
    inside = False
    for piece in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", plain(snippet)):
        if piece == MARK_OPEN:
            if not inside:
                parts.append("<mark>")
                inside = True
        elif piece == MARK_CLOSE:
            if inside:
                parts.append("</mark>")
                inside = False
        else:
            parts.append(str(escape(piece)))
    if inside:
        parts.append("</mark>")
    return Markup("".join(parts))
