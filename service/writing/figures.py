"""Figures in Markdown, ``![alt text](figures/name.png "caption")``: finding them with their lines.

A figure is an image standing alone in its own paragraph. Its address names a file in
the bundle's ``figures/`` folder; its alt text says what the picture shows to a reader
who cannot see it; its title, when there is one, is the caption printed under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

FIGURES_FOLDER = "figures"
# How a figure's file is named: lower-case words joined by hyphens, then the type's ending.
FIGURE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.(?:png|jpe?g|gif|webp)")
# Addresses that leave the bundle: a scheme (https:, data:) or another host (//host).
REMOTE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")

# The parser the reader pages use, so that what is found here is what is rendered.
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_LINE_BREAKS = frozenset({"softbreak", "hardbreak"})


@dataclass(frozen=True)
class ImageUse:
    """One image in a text: where it points, its alt text and title, and where it stands."""

    src: str
    alt: str
    title: str
    line: int
    alone: bool  # the only thing in its paragraph: a figure

    @property
    def figure_name(self) -> str | None:
        """The file name when ``src`` is ``figures/<name>``, else None."""
        folder, _, name = self.src.partition("/")
        return name if folder == FIGURES_FOLDER and "/" not in name else None


def find_images(text: str) -> Iterator[ImageUse]:
    """Every image in the Markdown ``text``, in order, with its 1-based line."""
    if "![" not in text:
        # Every image, inline or by reference, opens with "![": a text without one has none,
        # and needs no parse (most sections of a library hold no figure).
        return
    tokens = _PARSER.parse(text)
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        first_line = token.map[0] + 1 if token.map else 1
        in_paragraph = index > 0 and tokens[index - 1].type == "paragraph_open"
        alone = in_paragraph and len(_visible(token.children)) == 1
        breaks = 0
        for child in _flatten(token.children):
            if child.type in _LINE_BREAKS:
                breaks += 1
            elif child.type == "image":
                yield ImageUse(
                    src=str(child.attrs.get("src", "")),
                    alt=plain_text(child.children or []).strip(),
                    title=str(child.attrs.get("title", "")).strip(),
                    line=first_line + breaks,
                    alone=alone,
                )


def is_figure(children: Sequence[Token]) -> bool:
    """Whether a paragraph's inline ``children`` are one image and nothing else."""
    visible = _visible(children)
    return len(visible) == 1 and visible[0].type == "image"


def plain_text(tokens: Sequence[Token]) -> str:
    """The text of inline tokens without their markup: what alt text reads as."""
    parts = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in _LINE_BREAKS:
            parts.append(" ")
        elif token.children:
            parts.append(plain_text(token.children))
    return "".join(parts)


def _visible(children: Sequence[Token]) -> list[Token]:
    """Inline tokens other than white space."""
    return [c for c in children if not (c.type == "text" and not c.content.strip())]


def _flatten(tokens: Sequence[Token]) -> Iterator[Token]:
    """Inline tokens in order; an image's own alt-text tokens are not walked into."""
    for token in tokens:
        yield token
        if token.children and token.type != "image":
            yield from _flatten(token.children)
