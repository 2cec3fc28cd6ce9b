"""Findings marked in a variant's Markdown source: the editor's panel and the QA article page.

Findings overlap (a hard word inside a passive phrase, jargon inside a long
sentence). A ``<mark>`` per finding would nest or cross tags, and skipping the ones
that overlap hides them. Instead the source is cut at every finding's start and
end, and each piece is marked once, with the kinds of all findings that cover it:
flat markup, every character once, no finding lost.

The same pieces, as offsets a browser counts, let the editor's script mark the
findings inside the text being edited (``marks``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from service.readability import Finding


@dataclass(frozen=True)
class Mark:
    """A piece of the source findings cover, in UTF-16 code units as a browser counts them."""

    start: int
    end: int
    kinds: tuple[str, ...]

    def to_dict(self) -> dict[str, int | list[str]]:
        """Plain values for JSON."""
        return {"start": self.start, "end": self.end, "kinds": list(self.kinds)}


def utf16_length(text: str) -> int:
    """How long ``text`` is to JavaScript: characters beyond U+FFFF count twice."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _pieces(markdown: str, findings: Sequence[Finding]) -> Iterator[tuple[int, int, list[Finding]]]:
    """Start, end and covering findings of each piece ``markdown`` is cut into."""
    size = len(markdown)
    edges = {f.location.start for f in findings} | {f.location.end for f in findings}
    cuts = sorted({0, size} | {min(max(edge, 0), size) for edge in edges})
    for start, end in itertools.pairwise(cuts):
        yield (
            start,
            end,
            [f for f in findings if f.location.start <= start and end <= f.location.end],
        )


def _kinds(covering: Sequence[Finding]) -> list[str]:
    """The kinds of ``covering``, once each, in a stable order."""
    return sorted({f.kind.value for f in covering})


def highlight(
    markdown: str,
    findings: Sequence[Finding],
    *,
    mark_class: str = "",
    describe: Callable[[Finding], str] | None = None,
) -> Markup:
    """``markdown``, escaped, with every piece that findings cover inside one ``<mark>``.

    Each mark has the class ``finding-<kind>`` of every kind covering it, after
    ``mark_class`` when one is given; with ``describe``, its ``title`` says what
    each covering finding is about, one line each.
    """
    parts = []
    for start, end, covering in _pieces(markdown, findings):
        text = markdown[start:end]
        if not covering:
            parts.append(escape(text))
            continue
        kinds = _kinds(covering)
        classes = " ".join(filter(None, [mark_class, *(f"finding-{k}" for k in kinds)]))
        if describe is None:
            parts.append(Markup('<mark class="{}">{}</mark>').format(classes, text))
        else:
            title = "\n".join(dict.fromkeys(describe(f) for f in covering))
            parts.append(
                Markup('<mark class="{}" title="{}">{}</mark>').format(classes, title, text)
            )
    return Markup("").join(parts)


def marks(markdown: str, findings: Sequence[Finding]) -> tuple[Mark, ...]:
    """The pieces of ``markdown`` that ``highlight`` marks, as offsets a textarea's value has."""
    found, offset = [], 0
    for start, end, covering in _pieces(markdown, findings):
        length = utf16_length(markdown[start:end])
        if covering:
            found.append(Mark(offset, offset + length, tuple(_kinds(covering))))
        offset += length
    return tuple(found)
