"""Front matter: the ``---`` block that opens a section file. One rule for every reader of it.

The bundle loader reads the title from it, the readability engine and its command skip
it (keeping line numbers), so all three must agree on where it starts and ends: the
first line is ``---``, and the block ends at the next line that is ``---`` (spaces or
tabs after either fence are allowed; lines end in LF, CRLF or CR).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE = "---"
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class FrontMatter:
    """A closed front matter block at the start of a text."""

    yaml: str  # the lines between the fences, joined with "\n"
    end: int  # offset just past the closing fence's line break: where the body starts
    lines: int  # lines the block takes, both fences included


def opens_front_matter(text: str) -> bool:
    """Whether ``text`` starts with a fence line."""
    first, _ = next(_lines(text))
    return _is_fence(first)


def front_matter(text: str) -> FrontMatter | None:
    """The block ``text`` opens with; ``None`` when it opens none or never closes it."""
    lines = _lines(text)
    first, _ = next(lines)
    if not _is_fence(first):
        return None
    inside: list[str] = []
    for count, (line, end) in enumerate(lines, start=2):
        if _is_fence(line):
            return FrontMatter(yaml="\n".join(inside), end=end, lines=count)
        inside.append(line)
    return None


def _is_fence(line: str) -> bool:
    return line.rstrip(" \t") == FENCE


def _lines(text: str) -> Iterator[tuple[str, int]]:
    """Each line of ``text`` without its break, with the offset just past the break."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield text[start : match.start()], match.end()
        start = match.end()
    yield text[start:], len(text)
