"""The article list's query string: filters, sort and page read from it, and written back
into every link so that sorting and paging keep what the list is narrowed to.

A value the list cannot use is left out, with a message saying what was shown instead:
a bad link gives the list, never an error page.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Collection, Mapping

from flask_babel import gettext

from service.content.model import Status
from service.i18n import N_
from service.storage.article_list import ListFilters, ListOrder, SortKey, VerdictFilter

PER_PAGE = 50
DEFAULT_ORDER = ListOrder()
NO_FILTERS = ListFilters()
TEXT_LIMIT = 200  # characters of search text; titles and questions are shorter
_ECHO_LIMIT = 40  # characters of a bad value repeated in a message
# Translated where they are shown: the template calls _() on these.
VERDICT_LABELS = {
    VerdictFilter.PASS: N_("Pass"),
    VerdictFilter.WARN: N_("Warning"),
    VerdictFilter.FAIL: N_("Fail"),
    VerdictFilter.NOT_CHECKED: N_("Not checked"),
}
_STATUSES = {status.value for status in Status}
_VERDICTS = {verdict.value for verdict in VerdictFilter}
_SORT_KEYS = {key.value for key in SortKey}


@dataclasses.dataclass(frozen=True)
class ListRequest:
    """What a request asks of the list, and a message for each value it could not use."""

    filters: ListFilters = NO_FILTERS
    order: ListOrder = DEFAULT_ORDER
    page: int = 1
    problems: tuple[str, ...] = ()

    def args(self, **changes: object) -> dict[str, str]:
        """The query string of this list with ``changes`` (``page``, ``sort``, ``order``),
        defaults left out so that links stay short."""
        filters, order = self.filters, self.order
        values: dict[str, object] = {
            "q": filters.text,
            "status": filters.status.value if filters.status else "",
            "topic": filters.topic or "",
            "language": filters.locale or "",
            "verdict": filters.verdict.value if filters.verdict else "",
            "sort": "" if order.key is DEFAULT_ORDER.key else order.key.value,
            "order": "desc" if order.descending else "",
            "page": "" if self.page == 1 else str(self.page),
        }
        values.update(changes)
        if values["sort"] == DEFAULT_ORDER.key.value:
            values["sort"] = ""
        if values["order"] == "asc":
            values["order"] = ""
        if str(values["page"]) == "1":
            values["page"] = ""
        return {name: str(value) for name, value in values.items() if value}

    def sorted_by(self, name: str) -> dict[str, str]:
        """The query string that sorts by the column ``name``: ascending first, reversed
        when the list is already sorted by it ascending; back to the first page."""
        key = SortKey(name)
        again = self.order.key is key and not self.order.descending
        return self.args(sort=key.value, order="desc" if again else "", page="")


def read(args: Mapping[str, str], *, locales: Collection[str]) -> ListRequest:
    """The list ``args`` ask for; each value it cannot use is dropped, with a message."""
    problems: list[str] = []

    def refuse(message: str, value: str) -> None:
        problems.append(gettext(message, value=_echo(value)))

    status = verdict = sort = None
    if value := args.get("status", ""):
        if value in _STATUSES:
            status = Status(value)
        else:
            refuse(N_('There is no status "%(value)s": showing every status.'), value)
    if value := args.get("verdict", ""):
        if value in _VERDICTS:
            verdict = VerdictFilter(value)
        else:
            refuse(N_('There is no readability verdict "%(value)s": showing every verdict.'), value)
    if value := args.get("sort", ""):
        if value in _SORT_KEYS:
            sort = SortKey(value)
        else:
            refuse(N_('The list cannot be sorted by "%(value)s": sorted by language.'), value)
    locale = args.get("language", "")
    if locale and locale not in locales:
        refuse(N_('There is no language "%(value)s": showing every language.'), locale)
        locale = ""
    text = _printable(args.get("q", "")).strip()
    if len(text) > TEXT_LIMIT:
        message = N_("Search text is limited to %(n)s characters: the first %(n)s were used.")
        problems.append(gettext(message, n=TEXT_LIMIT))
        text = text[:TEXT_LIMIT].strip()
    page = 1
    if value := args.get("page", ""):
        if value.isascii() and value.isdigit() and int(value[:10]) >= 1:
            # Past the end is the storage's to clamp; ten digits are past any end.
            page = int(value) if len(value) <= 9 else 10**9
        else:
            refuse(N_('"%(value)s" is not a page number: showing page 1.'), value)
    filters = ListFilters(
        status=status,
        topic=_printable(args.get("topic", ""))[:TEXT_LIMIT] or None,
        locale=locale or None,
        verdict=verdict,
        text=text,
    )
    order = ListOrder(key=sort or DEFAULT_ORDER.key, descending=args.get("order") == "desc")
    return ListRequest(filters, order, page, tuple(problems))


def _printable(value: str) -> str:
    """``value`` without control characters: no title holds one, and PostgreSQL refuses
    a text parameter with a NUL in it."""
    spaced = value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return "".join(ch for ch in spaced if unicodedata.category(ch) not in {"Cc", "Cs"})


def _echo(value: str) -> str:
    """A bad value as a message repeats it: short, printable, on one line."""
    flat = " ".join(_printable(value).split())
    return flat if len(flat) <= _ECHO_LIMIT else flat[: _ECHO_LIMIT - 1] + "…"
