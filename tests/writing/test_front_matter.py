"""One front matter rule: the bundle loader, the engine and the score command agree on it."""

from __future__ import annotations

import pytest

from service.quality.commands import split_front_matter
from service.readability import extract
from service.writing.front_matter import front_matter, opens_front_matter

SECTION = "---\ntitle: Why milia form\n---\nMilia are small.\n"


@pytest.mark.parametrize(
    "text",
    [SECTION, SECTION.replace("\n", "\r\n"), SECTION.replace("---\n", "---  \n")],
    ids=["LF", "CRLF", "spaces after the fences"],
)
def test_every_reader_skips_the_same_block(text: str) -> None:
    block = front_matter(text)
    assert block is not None and block.yaml == "title: Why milia form" and block.lines == 3
    assert split_front_matter(text)[0] == 3
    assert [s.text for s in extract(text).sentences] == ["Milia are small."]
    # The engine keeps line numbers: the body's sentence is still on line 4.
    assert extract(text).sentences[0].location.line == 4


def test_an_unclosed_block_is_no_front_matter_but_still_opens_one() -> None:
    text = "---\ntitle: Never closed\nMilia are small.\n"
    assert opens_front_matter(text) and front_matter(text) is None
    assert split_front_matter(text) == (0, text)


def test_text_without_a_fence_has_none() -> None:
    assert not opens_front_matter("Milia are small.") and front_matter("Milia are small.") is None
