"""The article list's query, on every database: each filter alone and together, every sort
both ways, pages that never overlap, text taken literally, verdicts as last checked."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask

from service.content.model import Status
from service.storage import article_list, revision_verdicts
from service.storage import db as database
from service.storage.article_list import (
    ArticleListPage,
    ListFilters,
    ListOrder,
    SortKey,
    VerdictFilter,
)
from service.storage.db import db

if TYPE_CHECKING:  # mypy names test modules from the project root
    from tests.staff.staff_list_library import BACKENDS, STATUSES, Entry, make_library
else:  # pytest puts this folder on sys.path (another package may own the name "tests")
    from staff_list_library import BACKENDS, STATUSES, Entry, make_library

ENGINE = "engine-now"
EVERYTHING = ListFilters()
BY_ADDRESS = ListOrder()
STALE_ENGINE = "engine-before"


@dataclasses.dataclass(frozen=True)
class Library:
    """The app on one database, holding the generated library, and what it holds."""

    app: Flask
    entries: list[Entry]

    def page(
        self,
        filters: ListFilters = EVERYTHING,
        order: ListOrder = BY_ADDRESS,
        *,
        engine: str = "no-verdicts-here",
        page: int = 1,
        per_page: int = 500,
    ) -> ArticleListPage:
        """One page of the list as the storage answers it."""
        with self.app.app_context():
            return article_list.article_page(
                db.new_session(), filters, order, engine=engine, page=page, per_page=per_page
            )

    def paths(self, **asked: Any) -> list[str]:
        """The ``locale/slug`` of each row of a page, in order."""
        return [f"{row.locale}/{row.slug}" for row in self.page(**asked).rows]

    def expected(self, keep: Callable[[Entry], bool]) -> list[str]:
        """The paths of the entries ``keep`` keeps, in the default order."""
        return sorted(f"{e.locale}/{e.slug}" for e in self.entries if keep(e))


@pytest.fixture(scope="module", params=BACKENDS)
def library(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    build_app: Callable[..., Flask],
) -> Iterator[Library]:
    """90 generated articles, loaded once per database for the whole module."""
    root = tmp_path_factory.mktemp("variants")
    entries = make_library(root)
    app = build_app(tmp_path_factory.mktemp("db"), request.param, VARIANTS_PATH=str(root))
    yield Library(app, entries)
    database.close(app)


def test_the_whole_library_in_language_then_address_order(library: Library) -> None:
    found = library.page()
    assert found.total == 90 and found.pages == 1
    assert library.paths() == library.expected(lambda _e: True)
    first = found.rows[0]
    entry = next(e for e in library.entries if (e.locale, e.slug) == (first.locale, first.slug))
    assert (first.title, first.topic) == (entry.title, entry.topic)
    assert first.status.value == entry.status
    assert first.number == 1 and first.saved_at.tzinfo is not None and first.verdict is None


@pytest.mark.parametrize("status", STATUSES)
def test_status_alone(library: Library, status: str) -> None:
    paths = library.paths(filters=ListFilters(status=Status(status)))
    assert paths == library.expected(lambda e: e.status == status)
    assert len(paths) in {22, 23}  # 90 articles, four statuses in turn


def test_topic_alone(library: Library) -> None:
    topics = sorted({e.topic for e in library.entries})
    with library.app.app_context():
        assert article_list.topics(db.new_session()) == sorted(topics, key=str.casefold)
    for topic in topics:
        paths = library.paths(filters=ListFilters(topic=topic))
        assert paths and paths == [p for p in library.expected(lambda _e: True) if p in paths]
        assert len(paths) == sum(e.topic == topic for e in library.entries)
    assert library.paths(filters=ListFilters(topic="No such topic")) == []


@pytest.mark.parametrize("locale", ["en", "es", "de"])
def test_language_alone(library: Library, locale: str) -> None:
    paths = library.paths(filters=ListFilters(locale=locale))
    assert len(paths) == 30 and paths == library.expected(lambda e: e.locale == locale)


@pytest.mark.parametrize(
    "text",
    ["kelvara", "KELVARA", "natural", "what is", "diagnóstico", "übelkeit", "ÜBELKEIT", "zzzz"],
)
def test_text_alone_ignores_case(library: Library, text: str) -> None:
    paths = library.paths(filters=ListFilters(text=text))
    assert paths == library.expected(lambda e: e.mentions(text))


def test_text_finds_the_address_and_the_clinician_title(library: Library) -> None:
    entry = library.entries[40]
    assert library.paths(filters=ListFilters(text=entry.slug.upper())) == library.expected(
        lambda e: e.mentions(entry.slug)
    )
    assert f"{entry.locale}/{entry.slug}" in library.paths(
        filters=ListFilters(text=entry.clinician_title)
    )


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("100%", ["100% natural remedies for Kelvara"]),  # not "1000 natural…"
        ("0% n", ["100% natural remedies for Kelvara"]),
        ("snake_case", ["snake_case notes on Kelvara"]),  # not "snakeXcase…"
        ("_", ["snake_case notes on Kelvara"]),
        ("%", ["100% natural remedies for Kelvara"]),
        ("back\\slash", ["A back\\slash in Kelvara"]),
        ("\\", ["A back\\slash in Kelvara"]),
    ],
)
def test_wildcards_in_the_text_are_plain_characters(
    library: Library, text: str, titles: list[str]
) -> None:
    rows = library.page(filters=ListFilters(text=text)).rows
    assert [row.title for row in rows] == titles


def test_filters_combined(library: Library) -> None:
    topic = library.entries[0].topic
    filters = ListFilters(status=Status.DRAFT, locale="de", topic=topic, text="a")

    def keep(e: Entry) -> bool:
        return e.status == "draft" and e.locale == "de" and e.topic == topic and e.mentions("a")

    expected = library.expected(keep)
    assert library.paths(filters=filters) == expected
    assert library.page(filters=filters).total == len(expected)
    nothing = dataclasses.replace(filters, status=Status.APPROVED, text="no such words")
    found = library.page(filters=nothing)
    assert (found.rows, found.total, found.page, found.pages) == ([], 0, 1, 1)


STATUS_RANK = {status: rank for rank, status in enumerate(Status)}


def _sort_key(key: SortKey) -> Callable[[Entry], Any]:
    """How a person would sort the entries by ``key`` (ties: by locale, then slug)."""
    return {
        SortKey.TITLE: lambda e: e.title.lower(),
        SortKey.STATUS: lambda e: STATUS_RANK[Status(e.status)],
        SortKey.LANGUAGE: lambda e: e.locale,
        SortKey.TOPIC: lambda e: e.topic.lower(),
    }[key]


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("key", [SortKey.TITLE, SortKey.STATUS, SortKey.LANGUAGE, SortKey.TOPIC])
def test_sorted_by_a_column_either_way_ties_by_address(
    library: Library, key: SortKey, descending: bool
) -> None:
    by = _sort_key(key)
    expected = sorted(library.entries, key=lambda e: (e.locale, e.slug))
    # A stable sort by the column alone: ties keep the locale-and-slug order either way.
    expected.sort(key=by, reverse=descending)
    paths = library.paths(order=ListOrder(key, descending))
    assert paths == [f"{e.locale}/{e.slug}" for e in expected]


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_sorted_by_last_edit(library: Library, descending: bool) -> None:
    rows = library.page(order=ListOrder(SortKey.UPDATED, descending)).rows
    times = [row.saved_at for row in rows]
    assert times == sorted(times, reverse=descending)


def test_pages_cover_the_list_once_each(library: Library) -> None:
    order = ListOrder(SortKey.TITLE)
    whole = library.paths(order=order)
    pages = [library.page(order=order, page=n, per_page=7) for n in range(1, 14)]
    assert [p.pages for p in pages] == [13] * 13 and {p.total for p in pages} == {90}
    assert [len(p.rows) for p in pages] == [7] * 12 + [6]
    assert [f"{r.locale}/{r.slug}" for p in pages for r in p.rows] == whole


@pytest.mark.parametrize(("asked", "given"), [(0, 1), (-3, 1), (14, 13), (10**9, 13)])
def test_a_page_out_of_range_is_the_nearest_one(library: Library, asked: int, given: int) -> None:
    found = library.page(page=asked, per_page=7)
    assert found.page == given and found.rows == library.page(page=given, per_page=7).rows


def test_verdicts_as_last_checked_by_the_current_engine(library: Library) -> None:
    english = library.page(filters=ListFilters(locale="en")).rows
    ids = [row.revision_id for row in english]
    given = {"pass": ids[0:4], "warn": ids[4:7], "fail": ids[7:9]}
    stale = ids[9:12]  # failed once, under an engine or policy since replaced
    with library.app.app_context():
        session = db.new_session()
        revision_verdicts.record(session, dict.fromkeys(stale, "fail"), STALE_ENGINE)
        for verdict, revision_ids in given.items():
            revision_verdicts.record(session, dict.fromkeys(revision_ids, verdict), ENGINE)
        session.commit()

    def ids_with(verdict: VerdictFilter) -> list[int]:
        filters = ListFilters(verdict=verdict, locale="en")
        return [row.revision_id for row in library.page(filters, engine=ENGINE).rows]

    assert ids_with(VerdictFilter.PASS) == given["pass"]
    assert ids_with(VerdictFilter.WARN) == given["warn"]
    assert ids_with(VerdictFilter.FAIL) == given["fail"]  # the stale failures are not here
    assert ids_with(VerdictFilter.NOT_CHECKED) == ids[9:]  # but here, with the unchecked
    shown = {row.revision_id: row.verdict for row in library.page(engine=ENGINE).rows}
    assert [getattr(shown[i], "value", None) for i in ids[:10]] == [
        *["pass"] * 4, *["warn"] * 3, *["fail"] * 2, None,
    ]  # fmt: skip
    # Under the stale engine, only its own rows count.
    before = ListFilters(verdict=VerdictFilter.FAIL)
    assert [r.revision_id for r in library.page(before, engine=STALE_ENGINE).rows] == stale
