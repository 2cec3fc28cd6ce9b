"""Pages of a long list: which page a request asks for, and what its navigation shows.

Shared by readers' lists (index, topics, search) and staff lists (articles, QA).

Page 1 is the list's own URL; page N adds ``?page=N``. Anything else in ``page`` (0, a
negative, a word, leading zeros, the parameter twice) names no page: the view answers
404, never a guess and never an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Page numbers as links write them: no sign, no leading zero, not absurdly long.
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
# Pages linked on each side of the current one, besides the first and the last.
NEIGHBOURS = 2


def requested_page(values: Sequence[str]) -> int | None:
    """The page the ``page`` query values ask for: 1 when there are none, None for garbage."""
    if not values:
        return 1
    if len(values) > 1 or not _PAGE_NUMBER.fullmatch(values[0]):
        return None
    return int(values[0])


@dataclass(frozen=True)
class Pagination:
    """Page ``number`` of a list of ``total`` items, ``size`` to a page."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has; an empty list still has its first page."""
        return max(1, -(-self.total // self.size))

    @property
    def exists(self) -> bool:
        """True when the list has this page."""
        return 1 <= self.number <= self.pages

    @property
    def offset(self) -> int:
        """How many items come before this page's first."""
        return (self.number - 1) * self.size

    @property
    def first_item(self) -> int:
        """The position (from 1) of this page's first item; 0 for an empty list."""
        return min(self.offset + 1, self.total)

    @property
    def last_item(self) -> int:
        """The position (from 1) of this page's last item."""
        return min(self.offset + self.size, self.total)

    @property
    def previous(self) -> int | None:
        """The page before this one, if any."""
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        """The page after this one, if any."""
        return self.number + 1 if self.number < self.pages else None

    def window(self) -> list[int | None]:
        """The page numbers the navigation links (see :func:`page_window`)."""
        return page_window(self.number, self.pages)


def page_window(number: int, pages: int) -> list[int | None]:
    """The page numbers a navigation links around page ``number`` of ``pages``: the
    first, the last and this page's neighbours, with ``None`` where pages are left out."""
    near = range(max(1, number - NEIGHBOURS), min(pages, number + NEIGHBOURS) + 1)
    result: list[int | None] = []
    for shown in sorted({1, pages, *near}):
        if result and shown - (result[-1] or 0) > 1:
            result.append(None)
        result.append(shown)
    return result
