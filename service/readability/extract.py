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

from service.writing.front_matter import front_matter

from . import sentences as splitting
from .inline import Chars, clean, inline_prose

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


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


@dataclass
class _Unit:
    """A paragraph, list item or table row: text that ends at least one sentence."""

    chars: Chars
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
        text, offsets = clean("".join(unit.chars.chars), unit.chars.offsets)
        for start, end in splitting.split(text):
            if any(ch.isalnum() for ch in text[start:end]):  # not a stray "-" or ":"
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
    block = front_matter(markdown)
    if block is None:
        return markdown
    blank = re.sub(r"[^\r\n]", " ", markdown[: block.end])
    return blank + markdown[block.end :]


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
            row, row_column = _Unit(Chars(), Block.TABLE_ROW, quotes > 0), 0
        elif kind == "tr_close" and row is not None:
            if not header_row:
                units.append(row)
            row = None
        elif kind == "inline" and not heading and token.map is not None:
            if row is not None:
                cell, row_column = inline_prose(token, source, line_starts, row_column)
                _join_cell(row.chars, cell)
            else:
                chars, _ = inline_prose(token, source, line_starts, 0)
                block = Block.LIST_ITEM if lists else Block.PARAGRAPH
                units.append(_Unit(chars, block, quotes > 0))
    return units


def _join_cell(row: Chars, cell: Chars) -> None:
    """Append a table cell to its row, after a semicolon unless the last cell ended a sentence."""
    if not "".join(cell.chars).strip():
        return
    if row.chars:
        previous = "".join(row.chars).rstrip()
        separator = " " if splitting.ends_sentence(previous) else "; "
        row.add_at(separator, cell.offsets[0])
    row.extend(cell)
