"""Readers search: ranked results with highlighted snippets, in their language and wording."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from library import write_library
from search_bundles import Bundle, write_bundle

Serve = Callable[..., Flask]


def results(client: FlaskClient, url: str, **query: str) -> tuple[int, str]:
    """The status and HTML of a search page."""
    response = client.get(url, query_string=query)
    return response.status_code, response.get_data(as_text=True)


def found_links(html: str) -> list[str]:
    """The article links of a results page, best first."""
    return re.findall(r'<h2 class="search-title"><a href="([^"]+)"', html)


def snippets(html: str) -> list[str]:
    """The snippets of a results page, as HTML."""
    return re.findall(r'<p class="search-snippet">(.*?)</p>', html, flags=re.S)


def count(html: str) -> str:
    """What the page says about how many articles were found."""
    match = re.search(r'class="search-count"[^>]*>\s*(.*?)\s*</p>', html, flags=re.S)
    return " ".join(match.group(1).split()) if match else ""


ABOUT_ZORVEX = Bundle(
    slug="zorvex-in-title",
    title=("Living with zorvex", "Zorvex: management"),
    question="What is this made-up condition, and how is it treated?",
    sections={"overview": ("A made-up condition of the skin.", "A made-up dermatosis.")},
)
MENTIONS_ZORVEX = Bundle(
    slug="zorvex-in-body",
    title=("Dry skin", "Xerosis"),
    question="Why does skin get dry?",
    sections={"overview": ("Dry skin is common. Zorvex is rarer.", "Xerosis is common.")},
)


def test_a_title_match_ranks_above_a_match_in_the_text(serve: Serve, backend: str) -> None:
    client = serve(backend, MENTIONS_ZORVEX, ABOUT_ZORVEX).test_client()
    status, html = results(client, "/en/search", q="zorvex")
    assert status == 200
    assert found_links(html) == [
        "/en/articles/zorvex-in-title/layperson",
        "/en/articles/zorvex-in-body/layperson",
    ]
    assert count(html).startswith("2 articles found.")
    assert "<mark>Zorvex</mark> is rarer" in snippets(html)[1]


LANGUAGES = [
    (
        "en",
        Bundle(
            slug="care",
            locale="en",
            title=("Looking after a wound", "Wound care"),
            question="How should I look after a wound?",
            sections={"care": ("Simple treatments help most wounds heal.", "Dressings.")},
        ),
        "treatment",
        "<mark>treatments</mark>",
    ),
    (
        "es",
        Bundle(
            slug="corazon",
            locale="es",
            title=("Cuidar el corazón", "Cardiología preventiva"),
            question="¿Cómo cuido mi corazón?",
            sections={"cuidado": ("Caminar cada día ayuda al corazón.", "Ejercicio aeróbico.")},
        ),
        "corazon",
        "<mark>corazón</mark>",
    ),
    (
        "de",
        Bundle(
            slug="aerzte",
            locale="de",
            title=("Wann zum Arzt?", "Indikationen zur Vorstellung"),
            question="Wann sollte ich zum Arzt gehen?",
            sections={"rat": ("Die Ärzte in der Praxis helfen gern.", "Vorstellung bei Fieber.")},
        ),
        "Arzte",
        "<mark>Ärzte</mark>",
    ),
]


@pytest.mark.parametrize(("locale", "bundle", "query", "marked"), LANGUAGES)
def test_snippets_mark_the_words_found_in_each_language(
    serve: Serve, backend: str, locale: str, bundle: Bundle, query: str, marked: str
) -> None:
    # English finds other forms of a word; Spanish and German find a word typed without
    # its accent or umlaut.
    client = serve(backend, bundle).test_client()
    status, html = results(client, f"/{locale}/search", q=query)
    assert status == 200
    assert found_links(html) == [f"/{locale}/articles/{bundle.slug}/layperson"]
    assert marked in snippets(html)[0]


def test_a_search_stays_in_the_language_of_the_page(serve: Serve, backend: str) -> None:
    client = serve(backend, *(bundle for _, bundle, _, _ in LANGUAGES)).test_client()
    assert found_links(results(client, "/en/search", q="corazon")[1]) == []
    assert found_links(results(client, "/es/search", q="corazon")[1]) == [
        "/es/articles/corazon/layperson"
    ]


TWO_WORDINGS = Bundle(
    slug="heartburn",
    title=("Heartburn", "Gastro-oesophageal reflux disease"),
    question="What causes heartburn?",
    sections={
        "overview": ("Heartburn is a burning feeling in your chest.", "Reflux of gastric acid."),
        "care": ("Eat smaller meals.", None),
    },
)


@pytest.mark.parametrize(
    ("persona", "word", "audience"),
    [("patient", "burning", "layperson"), ("clinician", "gastric", "clinician")],
)
def test_each_reader_searches_the_wording_of_their_persona(
    serve: Serve, backend: str, persona: str, word: str, audience: str
) -> None:
    client = serve(backend, TWO_WORDINGS).test_client()
    client.set_cookie("twofold_persona", persona)
    status, html = results(client, "/en/search", q=word)
    assert status == 200
    assert found_links(html) == [f"/en/articles/heartburn/{audience}"]
    other = "gastric" if audience == "layperson" else "burning"
    assert found_links(results(client, "/en/search", q=other)[1]) == []


def test_a_section_written_for_one_audience_is_searched_by_both(serve: Serve, backend: str) -> None:
    # The care section has no clinician variant: clinicians read the layperson one.
    client = serve(backend, TWO_WORDINGS).test_client()
    html = results(client, "/en/search", q="smaller meals", audience="clinician")[1]
    assert found_links(html) == ["/en/articles/heartburn/clinician"]


def test_the_audience_named_in_the_url_wins_over_the_cookie(serve: Serve, backend: str) -> None:
    client = serve(backend, TWO_WORDINGS).test_client()
    client.set_cookie("twofold_persona", "patient")
    response = client.get("/en/search", query_string={"q": "gastric", "audience": "clinician"})
    assert found_links(response.get_data(as_text=True)) == ["/en/articles/heartburn/clinician"]
    assert "Cookie" not in response.vary
    cookie_led = client.get("/en/search", query_string={"q": "gastric"})
    assert "Cookie" in cookie_led.vary
    assert not cookie_led.headers.getlist("Set-Cookie")


HOSTILE = [
    "NEAR(",
    'NEAR("a" "b", 2)',
    '"',
    '"unbalanced',
    "*",
    "heart*",
    "AND OR NOT",
    "-",
    "-heartburn",
    ":",
    "title:heartburn",
    "{title}: heartburn",
    "^heartburn",
    "heartburn & | ! <->",
    "' OR 1=1 --",
    "x" * 10_000,
    "heartburn\x00burning",
    "\x00",
    "😀 heartburn 🔥",
    "😀",
    "?!.,;…",
    "ﬁre ǅ Ⅻ ٣",
    "<script>alert(1)</script>",
    " ",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_page_never_an_error(serve: Serve, backend: str, query: str) -> None:
    client = serve(backend, TWO_WORDINGS).test_client()
    status, html = results(client, "/en/search", q=query)
    assert status == 200
    assert "<script>alert" not in html
    said = count(html) or re.search(r'class="search-problem"[^>]*>(.*?)</p>', html, re.S)
    invited = "Type a word or two in the search box" in html
    assert said or invited


def test_words_around_query_syntax_are_still_found(serve: Serve, backend: str) -> None:
    client = serve(backend, TWO_WORDINGS).test_client()
    for query in (
        "heartburn*",
        '"heartburn',
        "heartburn:",
        "-heartburn",
        "(heartburn",
        "^heartburn",
    ):
        assert found_links(results(client, "/en/search", q=query)[1]) == [
            "/en/articles/heartburn/layperson"
        ], query


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two in the search box"),
        ("?!", "Your search has no words in it."),
        ("x" * 10_000, "Your search is too long."),
    ],
)
def test_empty_and_unusable_queries_say_what_to_type(
    serve: Serve, backend: str, query: str, message: str
) -> None:
    client = serve(backend, TWO_WORDINGS).test_client()
    status, html = results(client, "/en/search", q=query)
    assert status == 200
    assert message in html
    assert found_links(html) == []


def test_no_match_says_so(serve: Serve, backend: str) -> None:
    html = results(serve(backend, TWO_WORDINGS).test_client(), "/en/search", q="glaucoma")[1]
    assert count(html).startswith("0 articles found.")
    assert "No article has all of these words." in html


def test_drafts_are_never_found(serve: Serve, backend: str) -> None:
    draft = Bundle(
        slug="unpublished",
        title=("Quillorn", "Quillorn"),
        question="What is quillorn?",
        sections={"overview": ("Quillorn is not published.", "Quillorn.")},
        status="draft",
    )
    client = serve(backend, TWO_WORDINGS, draft).test_client()
    assert found_links(results(client, "/en/search", q="quillorn")[1]) == []


def test_writers_markup_in_a_snippet_is_shown_as_text(serve: Serve, backend: str) -> None:
    hostile = Bundle(
        slug="markup",
        title=("Rashes", "Exanthems"),
        question="What is a rash?",
        sections={"overview": ("A rash &lt;b&gt; is **red** and <em>itchy</em>.", "Exanthem.")},
    )
    client = serve(backend, hostile).test_client()
    snippet = snippets(results(client, "/en/search", q="rash")[1])[0]
    assert "<em>" not in snippet and "<b>" not in snippet
    assert "itchy" in snippet
    assert "&amp;lt;b&amp;gt;" in snippet  # what the writer typed, shown as typed
    assert "**" not in snippet


@pytest.fixture
def generated(serve: Serve, backend: str, library: Path) -> FlaskClient:
    """Twenty-three generated English articles: three pages of ten."""
    write_library(library, 23, locales=("en",), seed=7)
    return serve(backend).test_client()


def test_results_come_in_pages_of_ten(generated: FlaskClient) -> None:
    word = "treated"  # every generated question asks "… and how is it treated?"
    first = results(generated, "/en/search", q=word)[1]
    assert count(first).startswith("23 articles found.")
    assert len(found_links(first)) == 10
    assert "Page 1 of 3" in first
    assert 'rel="next" href="/en/search?page=2&amp;q=treated"' in first
    assert 'rel="prev"' not in first
    last = results(generated, "/en/search", q=word, page="3")[1]
    assert len(found_links(last)) == 3
    assert 'rel="prev" href="/en/search?page=2&amp;q=treated"' in last
    assert 'rel="next"' not in last
    pages = [
        found_links(results(generated, "/en/search", q=word, page=str(n))[1]) for n in (1, 2, 3)
    ]
    every = [link for page in pages for link in page]
    assert len(set(every)) == 23


@pytest.mark.parametrize(
    ("page", "status", "message"),
    [
        ("4", 404, "There is no page 4 of these results."),
        ("1000", 404, "There is no page 1000 of these results."),
        ("0", 400, "There is no page 0 of these results."),
        ("-1", 400, "There is no page -1 of these results."),
        ("two", 400, "There is no page two of these results."),
        ("99999999999999999999", 400, "There is no page"),
        ("", 400, "There is no page"),
    ],
)
def test_pages_out_of_range_say_so(
    generated: FlaskClient, page: str, status: int, message: str
) -> None:
    code, html = results(generated, "/en/search", q="treated", page=page)
    assert code == status
    assert message in html
    assert '<a href="/en/search?q=treated">First page of results</a>' in html
    assert "Traceback" not in html


def test_the_one_page_of_no_results_is_found_but_a_second_is_not(generated: FlaskClient) -> None:
    assert results(generated, "/en/search", q="glaucoma")[0] == 200
    assert results(generated, "/en/search", q="glaucoma", page="2")[0] == 404


def test_beyond_the_ranked_limit_title_matches_still_come_first(serve: Serve, backend: str) -> None:
    # Too many matches to rank: the ones with the words in their title lead, newest first.
    also = dataclasses.replace(MENTIONS_ZORVEX, slug="zorvex-in-body-too")
    client = serve(
        backend, MENTIONS_ZORVEX, ABOUT_ZORVEX, also, SEARCH_RANKED_LIMIT=2
    ).test_client()
    html = results(client, "/en/search", q="zorvex")[1]
    assert count(html).startswith("3 articles found.")
    assert found_links(html)[0] == "/en/articles/zorvex-in-title/layperson"
    assert sorted(found_links(html)[1:]) == [
        "/en/articles/zorvex-in-body-too/layperson",
        "/en/articles/zorvex-in-body/layperson",
    ]


def test_the_search_box_is_the_same_on_every_reader_page(serve: Serve, backend: str) -> None:
    client = serve(backend, TWO_WORDINGS).test_client()
    box = re.compile(r'<form class="site-search".*?</form>', re.S)
    anonymous = [
        box.search(client.get(url).get_data(as_text=True))
        for url in ("/en/", "/en/articles/heartburn/layperson", "/en/editorial-policy")
    ]
    assert all(anonymous)
    assert len({match.group(0) for match in anonymous if match}) == 1
    form = anonymous[0].group(0) if anonymous[0] else ""
    assert 'method="get" action="/en/search"' in form
    assert '<label for="site-search-q">Search articles</label>' in form
    client.set_cookie("twofold_persona", "clinician")
    article = client.get("/en/articles/heartburn").get_data(as_text=True)
    found_box = box.search(article)
    assert found_box and found_box.group(0) == form


def test_a_results_page_sets_no_cookie_and_says_how_it_varies(serve: Serve, backend: str) -> None:
    client = serve(backend, TWO_WORDINGS).test_client()
    response = client.get("/en/search", query_string={"q": "heartburn"})
    assert response.status_code == 200
    assert not response.headers.getlist("Set-Cookie")
    assert response.headers["Cache-Control"].startswith("public")
    assert "Cookie" in response.vary
    assert response.headers["ETag"]
    again = client.get(
        "/en/search",
        query_string={"q": "heartburn"},
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304
    bad = client.get("/en/search", query_string={"q": "heartburn", "page": "x"})
    assert bad.headers["Cache-Control"] == "no-store"


def test_answers_to_readers_questions_are_searched_in_the_readers_wording(
    serve: Serve, backend: str, library: Path
) -> None:
    folder = write_bundle(library, TWO_WORDINGS)
    (folder / "readers-asked.yaml").write_text(
        "- question: Can heartburn come back at night?\n"
        "  layperson: Lying flat can bring it back.\n"
        "- question: Does coffee matter?\n"
        "  layperson: Some people notice it.\n"
        "  clinician: Caffeine lowers oesophageal sphincter tone.\n",
        encoding="utf-8",
    )
    client = serve(backend).test_client()
    assert found_links(results(client, "/en/search", q="lying flat")[1]) == [
        "/en/articles/heartburn/layperson"
    ]
    # Clinicians read the one answer written for them, and the patients' one elsewhere.
    for word, found in (("sphincter", True), ("lying", True), ("notice", False)):
        html = results(client, "/en/search", q=word, audience="clinician")[1]
        assert (found_links(html) == ["/en/articles/heartburn/clinician"]) is found, word


@pytest.mark.parametrize("word", ["know", "treated"])
def test_pages_beyond_the_ranked_limit_still_list_every_match_once(
    serve: Serve, backend: str, library: Path, word: str
) -> None:
    # "know" is in every patient title ("…: what you need to know"), "treated" in none.
    write_library(library, 23, locales=("en",), seed=7)
    client = serve(backend, SEARCH_RANKED_LIMIT=5).test_client()
    pages = [found_links(results(client, "/en/search", q=word, page=str(n))[1]) for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [10, 10, 3]
    assert len({link for page in pages for link in page}) == 23


def test_a_page_can_hold_the_last_title_matches_and_the_first_others(
    serve: Serve, backend: str
) -> None:
    in_title = [
        dataclasses.replace(ABOUT_ZORVEX, slug=f"title-{n}", title=(f"Zorvex {n}", "Zorvex"))
        for n in range(3)
    ]
    in_text = [dataclasses.replace(MENTIONS_ZORVEX, slug=f"text-{n}") for n in range(9)]
    client = serve(
        backend, *in_title, *in_text, SEARCH_RANKED_LIMIT=2, SEARCH_PAGE_SIZE=5
    ).test_client()
    pages = [
        found_links(results(client, "/en/search", q="zorvex", page=str(n))[1]) for n in (1, 2, 3)
    ]
    assert [len(page) for page in pages] == [5, 5, 2]
    slugs = [link.split("/")[3] for page in pages for link in page]
    assert sorted(slugs[:3]) == ["title-0", "title-1", "title-2"]
    assert sorted(slugs[3:]) == [f"text-{n}" for n in range(9)]


def test_a_query_of_words_too_common_to_index_finds_nothing_rather_than_everything(
    serve: Serve, backend: str
) -> None:
    # PostgreSQL drops stop words ("the", "of"): nothing is left to match, so nothing is.
    client = serve(backend, TWO_WORDINGS).test_client()  # no "the" for patients
    status, html = results(client, "/en/search", q="the of")
    assert status == 200
    assert found_links(html) == []
    assert count(html).startswith("0 articles found.")
