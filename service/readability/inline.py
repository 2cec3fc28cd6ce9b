"""Inline Markdown to prose, each character keeping its offset in the source.

Markdown-it gives each block its first and last line but no columns, and its
inline tokens none at all. Each line of a block's inline content is found in its
source line; then the text of each inline token is matched, in order, against
that content, skipping what Markdown-it consumed (emphasis markers, code spans,
link destinations, images, HTML, escapes and entities).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from markdown_it.token import Token as MdToken

from service.writing.citations import CITATION_GROUP

# Dropped from inline text: citations with the space before them (as strip_citations
# does), footnote marks, and bare web addresses.
_DROPPED = re.compile(
    r"[ \t]*" + CITATION_GROUP.pattern
    + r"|\[\^[^\]\s]+\]"
    + r"|\b(?:https?://|www\.)[^\s<>()]*[^\s<>().,;:!?'\"]"
)  # fmt: skip
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;]?\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?)\]](?!\d))")  # not before ".03"
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")  # runs of spaces, or any other whitespace
_DELIMITERS = frozenset("*_~")


class Chars:
    """Text being built, with the source offset of each character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, text: str, offsets: list[int] | range) -> None:
        """Append ``text``, its characters at ``offsets``."""
        self.chars.extend(text)
        self.offsets.extend(offsets)

    def add_at(self, text: str, offset: int) -> None:
        """Append ``text`` (a separator the writer did not type) at one offset."""
        self.add(text, [offset] * len(text))

    def extend(self, other: Chars) -> None:
        """Append another run of text with its offsets."""
        self.add("".join(other.chars), other.offsets)


def _content_offsets(
    token: MdToken, source: str, line_starts: tuple[int, ...], column_hint: int
) -> list[int]:
    """Source offset of each character of ``token.content``, line by line."""
    assert token.map is not None
    offsets: list[int] = []
    first_line = token.map[0]
    for k, line in enumerate(token.content.split("\n")):
        number = min(first_line + k, len(line_starts) - 1)
        start = line_starts[number]
        end = line_starts[number + 1] if number + 1 < len(line_starts) else len(source)
        source_line = source[start:end].rstrip("\r\n")
        trimmed = source_line.rstrip()
        if trimmed.endswith(line) and column_hint == 0:
            column = len(trimmed) - len(line)
        else:
            found = source_line.find(line, column_hint if k == 0 else 0)
            column = found if found >= 0 else 0
        offsets.extend(range(start + column, start + column + len(line)))
        offsets.append(start + column + len(line))  # the newline
    return offsets[:-1]


def inline_prose(
    token: MdToken, source: str, line_starts: tuple[int, ...], column_hint: int
) -> tuple[Chars, int]:
    """The prose of an inline run, and the column after it (for the next table cell)."""
    content = token.content
    where = _content_offsets(token, source, line_starts, column_hint)
    if not content:
        return Chars(), column_hint
    out = Chars()
    cursor = 0
    in_bare_link = False
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            if in_bare_link:
                cursor = _find_end(content, child.content, cursor)
            else:
                cursor = _align(child.content, content, cursor, where, out)
        elif kind in ("softbreak", "hardbreak"):
            newline = content.find("\n", cursor)
            newline = newline if newline >= 0 else cursor
            out.add_at(" ", where[min(newline, len(where) - 1)])
            cursor = newline + 1
        elif kind in ("code_inline", "html_inline"):
            marker = child.markup if kind == "code_inline" else child.content
            opening = content.find(marker, cursor)
            if opening >= 0:
                cursor = opening + len(marker)
                if kind == "code_inline":
                    cursor = _find_end(content, child.content, cursor)
                    cursor = _find_end(content, marker, cursor)
            out.add_at(" ", where[min(max(opening, 0), len(where) - 1)])
        elif kind == "image":
            cursor = _skip_image(content, cursor)
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            in_bare_link = child.markup == "autolink" or _is_address_text(token, child, href)
        elif kind == "link_close":
            in_bare_link = False
            cursor = _skip_link_tail(content, cursor)
    end_column = where[min(cursor, len(where)) - 1] + 1 if cursor else where[0]
    return out, end_column - line_starts[bisect_right(line_starts, end_column - 1) - 1]


def _is_address_text(token: MdToken, link_open: MdToken, href: str) -> bool:
    """Whether a link's text is its address (or any web address)."""
    children = token.children or []
    index = children.index(link_open)
    following = children[index + 1] if index + 1 < len(children) else None
    text = following.content.strip() if following is not None and following.type == "text" else ""
    return bool(text) and (text in href or re.match(r"(?:https?://|www\.)", text) is not None)


def _align(text: str, content: str, cursor: int, where: list[int], out: Chars) -> int:
    """Add ``text`` at its place in ``content`` from ``cursor``; return the new cursor.

    Emphasis markers may stand between the cursor and the text. Escapes and
    entities make the text differ from the source; then characters are matched
    one by one, skipping what the source has extra.
    """
    start = cursor
    while (
        start < len(content)
        and content[start] in _DELIMITERS
        and not content.startswith(text, start)
    ):
        start += 1
    if content.startswith(text, start):
        out.add(text, where[start : start + len(text)])
        return start + len(text)
    k = cursor
    for ch in text:
        found = content.find(ch, k, k + 12)
        if found >= 0:
            out.add(ch, [where[found]])
            k = found + 1
        else:
            out.add(ch, [where[min(k, len(where) - 1)]])
    return k


def _find_end(content: str, text: str, cursor: int) -> int:
    """The position just after ``text`` in ``content`` from ``cursor`` (``cursor`` if absent)."""
    found = content.find(text, cursor)
    return found + len(text) if found >= 0 else cursor


def _skip_image(content: str, cursor: int) -> int:
    """The position after ``![alt](src)`` or ``![alt][ref]`` starting at or after ``cursor``."""
    opening = content.find("![", cursor)
    if opening < 0:
        return cursor
    close = _matching(content, opening + 1, "[", "]")
    return _skip_link_tail(content, close) if close > opening else cursor


def _skip_link_tail(content: str, cursor: int) -> int:
    """The position after a link's ``](destination "title")`` or ``][ref]`` or ``]``."""
    if content.startswith("](", cursor):
        return _matching(content, cursor + 1, "(", ")")
    if content.startswith("][", cursor):
        return _matching(content, cursor + 1, "[", "]")
    if content.startswith("]", cursor) or content.startswith(">", cursor):
        return cursor + 1
    return cursor


def _matching(content: str, opening: int, left: str, right: str) -> int:
    """The position after the bracket matching ``content[opening]``."""
    depth = 0
    for i in range(opening, len(content)):
        if content[i] == "\\":
            continue
        if content[i] == left:
            depth += 1
        elif content[i] == right:
            depth -= 1
            if depth == 0:
                return i + 1
    return len(content)


def clean(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Drop citations, footnote marks, addresses and empty brackets; collapse whitespace."""
    for pattern, replacement in (
        (_DROPPED, ""),
        (_EMPTY_BRACKETS, ""),
        (_SPACE_BEFORE_PUNCTUATION, ""),
        (_WHITESPACE, " "),
    ):
        text, offsets = _substitute(pattern, replacement, text, offsets)
    return text, offsets


def _substitute(
    pattern: re.Pattern[str], replacement: str, text: str, offsets: list[int]
) -> tuple[str, list[int]]:
    """``pattern.sub(replacement, text)`` that keeps each character's offset."""
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        kept.extend(offsets[last : match.start()])
        if replacement and match.start() < len(offsets):
            pieces.append(replacement)
            kept.extend([offsets[match.start()]] * len(replacement))
        last = match.end()
    pieces.append(text[last:])
    kept.extend(offsets[last:])
    return "".join(pieces), kept
