"""Pandoc-style citations, ``[@key]`` and ``[@a; @b]``: finding them in Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A citation group: "[@a]" or "[@a; @b]". Keys follow Pandoc: a letter, digit or
# underscore first, then word characters and internal punctuation.
REFERENCE_KEY = r"[A-Za-z0-9_][\w:.#$%&+?<>~/-]*"
_KEY = r"@(" + REFERENCE_KEY + r"?)"
CITATION_GROUP = re.compile(r"\[(" + _KEY + r"(?:\s*;\s*" + _KEY + r")*)\]")
_KEY_IN_GROUP = re.compile(_KEY + r"(?=\s*(?:;|$))")


@dataclass(frozen=True)
class Citation:
    """One citation group in a text: its keys and where it stands."""

    keys: tuple[str, ...]
    start: int
    end: int
    line: int


def find_citations(text: str) -> Iterator[Citation]:
    """Every citation group in ``text``, in order, with its 1-based line."""
    for match in CITATION_GROUP.finditer(text):
        keys = tuple(_KEY_IN_GROUP.findall(match.group(1)))
        line = text.count("\n", 0, match.start()) + 1
        yield Citation(keys=keys, start=match.start(), end=match.end(), line=line)


def cited_keys(text: str) -> list[str]:
    """Keys cited in ``text``, in order of first use, each once."""
    seen: dict[str, None] = {}
    for citation in find_citations(text):
        for key in citation.keys:
            seen.setdefault(key, None)
    return list(seen)


def strip_citations(text: str) -> str:
    """``text`` without its citation groups (and the space before each)."""
    return re.sub(r"[ \t]*" + CITATION_GROUP.pattern, "", text)
