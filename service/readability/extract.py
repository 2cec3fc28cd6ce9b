"""Prose from a variant's Markdown, each sentence mapped back to its place in the source.

What readability formulas should read is the running prose a reader reads:

- headings, code (fenced, indented, inline), HTML, images and URLs are dropped,
  and so are Pandoc citations ``[@key]`` and footnote marks ``[^1]``;
- link text is kept, except where the text is the address itself;
- every paragraph, list item (nested ones included) and table row ends a
  sentence, with a full stop added when the writer left it out (list items
  seldom have one); a table row's cells are joined with semicolons, and the
  header row is dropped like a heading; block quotes are read as prose;
- inside a paragraph, :mod:`.sentences` decides where sentences end.

Markdown-it gives each block its source lines; the text of each inline run is
aligned with those lines character by character, so every character of every
sentence knows its offset in the Markdown.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken

from service.content.citations import CITATION_GROUP

from . import sentences as splitting

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
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


class Block(enum.StrEnum):
    """The Markdown block a sentence comes from."""

    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"


@dataclass(frozen=True)
class Location:
    """A range of the Markdown source: 1-based line and column, end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int  # 0-based offset of the first character
    end: int  # offset just past the last character


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose and where each of its characters stands in the source."""

    text: str
    offsets: tuple[int, ...] = field(repr=False)  # source offset of each character of text
    location: Location
    block: Block
    quoted: bool = False  # inside a block quote


@dataclass(frozen=True)
class Prose:
    """The sentences of a Markdown text, in order, with a way back to the source."""

    sentences: tuple[Sentence, ...]
    line_starts: tuple[int, ...] = field(repr=False)

    @property
    def text(self) -> str:
        """The prose as one string, a sentence after another."""
        return " ".join(sentence.text for sentence in self.sentences)

    def locate(self, start: int, end: int) -> Location:
        """The location of source offsets ``[start, end)``."""
        line = bisect_right(self.line_starts, start)
        end_line = bisect_right(self.line_starts, max(start, end - 1))
        return Location(
            line=line,
            column=start - self.line_starts[line - 1] + 1,
            end_line=end_line,
            end_column=end - self.line_starts[end_line - 1] + 1,
            start=start,
            end=end,
        )

    def span(self, sentence: Sentence, i: int, j: int) -> Location:
        """The location of ``sentence.text[i:j]`` in the source."""
        j = max(j, i + 1)
        return self.locate(sentence.offsets[i], sentence.offsets[j - 1] + 1)

    def textstat_text(self) -> str:
        """The prose as text for textstat's own functions, one stop per sentence.

        textstat still ignores "sentences" of two words or fewer, so its counts
        can differ from ours on very short list items.
        """
        return " ".join(splitting.for_textstat(sentence.text) for sentence in self.sentences)


class _Chars:
    """Text being built, with the source offset of each character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, text: str, offsets: list[int] | range) -> None:
        self.chars.extend(text)
        self.offsets.extend(offsets)

    def add_at(self, text: str, offset: int) -> None:
        self.add(text, [offset] * len(text))

    def extend(self, other: _Chars) -> None:
        self.add("".join(other.chars), other.offsets)


@dataclass
class _Unit:
    """A paragraph, list item or table row: text that ends at least one sentence."""

    chars: _Chars
    block: Block
    quoted: bool


def extract(markdown: str) -> Prose:
    """The prose of ``markdown``, as sentences mapped back to the source."""
    source = _blank_front_matter(markdown)
    line_starts = _line_starts(source)
    units = _units(_PARSER.parse(source), source, line_starts)
    prose = Prose(sentences=(), line_starts=line_starts)
    found: list[Sentence] = []
    for unit in units:
        text, offsets = _clean("".join(unit.chars.chars), unit.chars.offsets)
        for start, end in splitting.split(text):
            found.append(_sentence(prose, text[start:end], offsets[start:end], unit))
    return Prose(sentences=tuple(found), line_starts=line_starts)


def _sentence(prose: Prose, text: str, offsets: list[int], unit: _Unit) -> Sentence:
    """A sentence from a trimmed piece of a unit, given a full stop if it lacks one."""
    if not splitting.ends_sentence(text):
        kept = splitting.without_trailing_joiners(text)
        offsets = [*offsets[: len(kept)], offsets[len(kept) - 1]]
        text = kept + "."
    location = prose.locate(min(offsets), max(offsets) + 1)
    return Sentence(text, tuple(offsets), location, unit.block, unit.quoted)


def _blank_front_matter(markdown: str) -> str:
    """``markdown`` with a YAML front matter block blanked, lines kept for line numbers."""
    match = _FRONT_MATTER.match(markdown)
    if match is None:
        return markdown
    blank = re.sub(r"[^\r\n]", " ", match.group())
    return blank + markdown[match.end() :]


def _line_starts(source: str) -> tuple[int, ...]:
    """Offset at which each line of ``source`` starts."""
    return (0, *(match.end() for match in re.finditer(r"\n", source)))


def _units(tokens: list[MdToken], source: str, line_starts: tuple[int, ...]) -> list[_Unit]:
    """Paragraphs, list items and table rows of the token stream, as text with offsets."""
    units: list[_Unit] = []
    quotes = lists = 0
    heading = header_row = False
    row: _Unit | None = None
    row_column = 0
    for token in tokens:
        kind = token.type
        if kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind in ("heading_open", "heading_close"):
            heading = kind == "heading_open"
        elif kind in ("thead_open", "thead_close"):
            header_row = kind == "thead_open"
        elif kind == "tr_open":
            row, row_column = _Unit(_Chars(), Block.TABLE_ROW, quotes > 0), 0
        elif kind == "tr_close" and row is not None:
            if not header_row:
                units.append(row)
            row = None
        elif kind == "inline" and not heading and token.map is not None:
            if row is not None:
                cell, row_column = _inline(token, source, line_starts, row_column)
                _join_cell(row.chars, cell)
            else:
                chars, _ = _inline(token, source, line_starts, 0)
                block = Block.LIST_ITEM if lists else Block.PARAGRAPH
                units.append(_Unit(chars, block, quotes > 0))
    return units


def _join_cell(row: _Chars, cell: _Chars) -> None:
    """Append a table cell to its row, after a semicolon unless the last cell ended a sentence."""
    if not "".join(cell.chars).strip():
        return
    if row.chars:
        previous = "".join(row.chars).rstrip()
        separator = " " if splitting.ends_sentence(previous) else "; "
        row.add_at(separator, cell.offsets[0])
    row.extend(cell)


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


def _inline(
    token: MdToken, source: str, line_starts: tuple[int, ...], column_hint: int
) -> tuple[_Chars, int]:
    """The prose of an inline run, and the column after it (for the next table cell)."""
    content = token.content
    where = _content_offsets(token, source, line_starts, column_hint)
    if not content:
        return _Chars(), column_hint
    out = _Chars()
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


def _align(text: str, content: str, cursor: int, where: list[int], out: _Chars) -> int:
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


def _clean(text: str, offsets: list[int]) -> tuple[str, list[int]]:
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
