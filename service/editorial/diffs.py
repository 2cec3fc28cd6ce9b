"""Word-level diffs of Markdown text, paragraph by paragraph, for side-by-side pages.

Pure functions over strings (no Flask, no database). A text is cut into paragraphs at
blank lines; paragraphs are matched between the two texts, and each changed one is
diffed word by word. A word keeps the whitespace that follows it, and punctuation is a
word of its own, so "bumps." → "bumps," marks only the comma, and re-wrapping a line
changes nothing. The page shows each side's pieces: the old side unchanged and deleted
text, the new side unchanged and inserted text.
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass
from typing import ClassVar

# A word (letters and digits, with inner apostrophes: "don't") or one other character,
# with the whitespace after it.
TOKEN = re.compile(r"(\w+(?:['’]\w+)*|[^\w\s])(\s*)")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
EDGE_SPACE = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)
PUNCTUATION = re.compile(r"[^\w\s]")
# Above this many word pairs (5,000 words against 5,000, about a second), a changed block is
# shown whole, deleted and inserted, rather than diffed word by word.
MAX_WORD_PAIRS = 25_000_000


class Mark(enum.StrEnum):
    """What became of a piece of text between the old side and the new one."""

    SAME = "same"
    DELETED = "deleted"
    INSERTED = "inserted"


@dataclass(frozen=True)
class Piece:
    """A run of text on one side, unchanged, deleted (old side) or inserted (new side)."""

    mark: Mark
    text: str


@dataclass(frozen=True)
class Change:
    """A changed paragraph (or run of paragraphs): its old side and its new side.

    A side is empty when the paragraph was added (old) or removed (new).
    """

    old: tuple[Piece, ...]
    new: tuple[Piece, ...]
    unchanged: ClassVar[bool] = False


@dataclass(frozen=True)
class Unchanged:
    """Paragraphs both texts share, in the new text's spacing: pages collapse them."""

    paragraphs: tuple[str, ...]
    unchanged: ClassVar[bool] = True


Row = Change | Unchanged
# Whether a run of words matches, then its start and end in the old words and the new.
Run = tuple[bool, int, int, int, int]


def tokens(text: str) -> list[tuple[str, str]]:
    """``text`` as (word, whitespace after it) pairs; leading whitespace is dropped."""
    return [(m.group(1), m.group(2)) for m in TOKEN.finditer(text)]


def paragraphs(text: str) -> list[str]:
    """The blocks of ``text`` between blank lines (a list stays one block)."""
    return [p for p in PARAGRAPH_BREAK.split(text.strip()) if p]


def _same_words(text: str) -> str:
    """``text`` with its spacing normalised: what decides whether two paragraphs match."""
    return " ".join(word for word, _space in tokens(text))


def _append(pieces: list[Piece], mark: Mark, text: str) -> None:
    """Add ``text`` to one side, joined to the last piece when that has the same mark."""
    if not text:
        return
    if pieces and pieces[-1].mark is mark:
        pieces[-1] = Piece(mark, pieces[-1].text + text)
    else:
        pieces.append(Piece(mark, text))


def _append_changed(pieces: list[Piece], mark: Mark, text: str) -> None:
    """Add changed ``text``, its spacing at either end left unmarked."""
    match = EDGE_SPACE.match(text)
    assert match is not None  # the pattern matches any text
    lead, core, trail = match.groups()
    _append(pieces, Mark.SAME, lead)
    _append(pieces, mark, core)
    _append(pieces, Mark.SAME, trail)


def _is_glue(words: list[tuple[str, str]]) -> bool:
    """One punctuation mark: between two changes it reads better as part of one change."""
    return len(words) == 1 and PUNCTUATION.fullmatch(words[0][0]) is not None


def _runs(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> list[Run]:
    """Matching and changed runs of words, a lone punctuation mark between changes merged."""
    matcher = difflib.SequenceMatcher(
        None, [word for word, _ in a], [word for word, _ in b], autojunk=False
    )
    # Between two matching runs difflib gives exactly one change: runs alternate.
    runs = [(tag == "equal", i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    merged: list[Run] = []
    for k, (same, i1, i2, j1, j2) in enumerate(runs):
        between_changes = 0 < k < len(runs) - 1 and not runs[k - 1][0] and not runs[k + 1][0]
        if same and between_changes and _is_glue(a[i1:i2]):
            same = False
        if merged and not same and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((same, i1, i2, j1, j2))
    return merged


def _whole(mark: Mark, text: str) -> tuple[Piece, ...]:
    """All of ``text`` as one changed piece, its outer spacing unmarked."""
    pieces: list[Piece] = []
    _append_changed(pieces, mark, text)
    return tuple(pieces)


def word_diff(old: str, new: str) -> Change:
    """The words ``new`` deleted from ``old`` and inserted, as the two sides of one row."""
    a, b = tokens(old), tokens(new)
    if len(a) * len(b) > MAX_WORD_PAIRS:
        return Change(_whole(Mark.DELETED, old), _whole(Mark.INSERTED, new))
    old_side: list[Piece] = []
    new_side: list[Piece] = []
    leading_old = old[: len(old) - len(old.lstrip())]
    leading_new = new[: len(new) - len(new.lstrip())]
    _append(old_side, Mark.SAME, leading_old)
    _append(new_side, Mark.SAME, leading_new)
    for same, i1, i2, j1, j2 in _runs(a, b):
        before = "".join(word + space for word, space in a[i1:i2])
        after = "".join(word + space for word, space in b[j1:j2])
        if same:
            _append(old_side, Mark.SAME, before)
            _append(new_side, Mark.SAME, after)
        else:
            _append_changed(old_side, Mark.DELETED, before)
            _append_changed(new_side, Mark.INSERTED, after)
    return Change(tuple(old_side), tuple(new_side))


def text_rows(old: str, new: str) -> tuple[Row, ...]:
    """``old`` against ``new``, paragraph by paragraph: shared runs, and changes word by word.

    Paragraphs are matched on their words; a run of changed paragraphs is diffed one to
    one when both sides have as many, else as one block (a paragraph split or merged).
    """
    a, b = paragraphs(old), paragraphs(new)
    matcher = difflib.SequenceMatcher(
        None, [_same_words(p) for p in a], [_same_words(p) for p in b], autojunk=False
    )
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.append(Unchanged(tuple(b[j1:j2])))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            rows.extend(word_diff(x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True))
        elif tag == "replace":
            rows.append(word_diff("\n\n".join(a[i1:i2]), "\n\n".join(b[j1:j2])))
        else:
            rows.extend(Change(_whole(Mark.DELETED, p), ()) for p in a[i1:i2])
            rows.extend(Change((), _whole(Mark.INSERTED, p)) for p in b[j1:j2])
    return tuple(rows)
