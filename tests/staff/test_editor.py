"""The editor: articles, sections side by side, references, preview, readability, history."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.editorial import revisions
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.writing.audience import Audience

ARTICLES = "/staff/articles"
SAMPLE = "/staff/articles/en/sample"
OVERVIEW = f"{SAMPLE}/sections/overview"
WRITER = "writer@twofold.test"


def newest(app: Flask, slug: str = "sample") -> revisions.Current:
    """The newest revision of en/``slug``."""
    with app.app_context():
        return revisions.current(db.new_session(), "en", slug)


def body(app: Flask, key: str, audience: Audience, slug: str = "sample") -> str | None:
    """The newest text of section ``key`` for ``audience``."""
    section = next(s for s in newest(app, slug).article.sections if s.key == key)
    variant = section.variant(audience)
    return variant.body if variant else None


def section_keys(app: Flask, slug: str = "sample") -> list[str]:
    """The newest revision's section keys, in page order."""
    return [s.key for s in newest(app, slug).article.sections]


def section_data(client: FlaskClient, app: Flask, **changes: Any) -> dict[str, Any]:
    """The overview section form as the page fills it, with ``changes``."""
    overview = next(s for s in newest(app).article.sections if s.key == "overview")
    data: dict[str, Any] = {
        "csrf_token": csrf(client, OVERVIEW),
        "base": newest(app).number,
        "message": "",
        "action": "save",
    }
    for audience in Audience:
        variant = overview.variant(audience)
        data[f"{audience}_title"] = variant.title if variant else ""
        data[f"{audience}_body"] = variant.body if variant else ""
    return {**data, **changes}


def csrf(client: FlaskClient, url: str) -> str:
    """The CSRF token of the forms on ``url``."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def article_element(html: str) -> str:
    """The ``<article>`` of a page, CSRF token blanked (it differs per session)."""
    match = re.search(r'<article class="article".*?</article>', html, re.S)
    assert match, "the page has the reader's article"
    return re.sub(r'(name="csrf_token" type="hidden" value=)"[^"]+"', r'\1""', match.group(0))


def ld_json(html: str) -> Any:
    """The page's JSON-LD."""
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.fixture
def writer(auth: Any) -> FlaskClient:
    """A client logged in as writer@twofold.test."""
    client: FlaskClient = auth.client("writer")
    return client


def second_writer(app: Flask, auth: Any, email: str) -> FlaskClient:
    """Another writer, logged in on a client of their own."""
    auth.create("writer", email)
    client = app.test_client()
    data = {"email": email, "password": auth.password, "csrf_token": csrf(client, "/staff/login")}
    assert client.post("/staff/login", data=data).status_code == 303
    return client


# --- Who may do what --------------------------------------------------------------------

READ_ONLY = [
    ARTICLES,
    f"{SAMPLE}/preview",
    f"{SAMPLE}/preview/layperson",
    f"{SAMPLE}/history",
    f"{SAMPLE}/history/1",
]
WRITING = [
    f"{ARTICLES}/new",
    f"{SAMPLE}/details",
    f"{SAMPLE}/references",
    f"{SAMPLE}/edit",
    OVERVIEW,
]


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [("writer", url, 200) for url in READ_ONLY + WRITING]
    + [("admin", url, 200) for url in READ_ONLY + WRITING]
    + [("reviewer", url, 200) for url in READ_ONLY]
    + [("reviewer", url, 403) for url in WRITING]
    + [("qa", url, 403) for url in READ_ONLY + WRITING],
)
def test_writers_edit_and_reviewers_only_look(auth: Any, role: str, url: str, status: int) -> None:
    assert auth.client(role).get(url).status_code == status


# Writer-only actions that have no page of their own: each refuses other roles before the form.
WRITING_POSTS = [
    f"{ARTICLES}/readability.json",
    f"{SAMPLE}/sections",
    f"{SAMPLE}/sections/overview/move",
    f"{SAMPLE}/sections/overview/remove",
    f"{SAMPLE}/history/1/restore",
]


@pytest.mark.parametrize("url", WRITING_POSTS)
@pytest.mark.parametrize("role", ["reviewer", "qa"])
def test_only_writers_may_post(app: Flask, auth: Any, role: str, url: str) -> None:
    client = auth.client(role)
    token = csrf(client, "/staff/")
    data = {"csrf_token": token, "base": 1, "key": "aftercare", "direction": "up"}
    response = client.post(url, data=data, headers={"X-CSRFToken": token})
    assert response.status_code == 403
    assert newest(app).number == 1


@pytest.mark.parametrize("url", READ_ONLY + WRITING)
def test_editor_pages_need_a_login(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_a_save_without_a_csrf_token_is_refused(app: Flask, writer: FlaskClient) -> None:
    data = section_data(writer, app, layperson_body="Changed.")
    del data["csrf_token"]
    assert writer.post(OVERVIEW, data=data).status_code == 400
    assert newest(app).number == 1


# --- The list and a new article ---------------------------------------------------------


def test_the_list_shows_status_readability_and_last_edit(app: Flask, writer: FlaskClient) -> None:
    html = writer.get(ARTICLES).get_data(as_text=True)
    sample = html[html.index("en/sample") : html.index("en/second")]
    assert 'href="/staff/articles/en/sample"' in html  # the article's staff page
    assert "Approved" in sample and "revision 1" in sample
    assert re.search(r'class="verdict verdict-(pass|warn|fail)"', sample)
    assert '<time datetime="' in sample and "UTC" in sample
    assert f'href="{SAMPLE}/edit"' in sample
    assert "Submitted" in html[html.index("en/second") :]


def new_article_data(client: FlaskClient, **changes: str) -> dict[str, str]:
    """A complete new-article form, with ``changes``."""
    return {
        "csrf_token": csrf(client, f"{ARTICLES}/new"),
        "locale": "en",
        "slug": "dry-skin",
        "question": "Why is my skin dry?",
        "title_layperson": "Dry skin",
        "title_clinician": "Xerosis",
        "topic": "Dermatology",
        "section_key": "overview",
        "layperson_title": "What dry skin is",
        "layperson_body": "Dry skin feels rough.\r\n\r\nIt can itch.",
        "clinician_title": "Definition",
        "clinician_body": "Xerosis is abnormal dryness of the skin.",
        **changes,
    }


def test_a_writer_creates_an_article_as_a_draft(app: Flask, writer: FlaskClient) -> None:
    response = writer.post(f"{ARTICLES}/new", data=new_article_data(writer))
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/articles/en/dry-skin/sections/overview"
    created = newest(app, "dry-skin")
    assert (created.number, created.author, created.article.status.value) == (1, WRITER, "draft")
    assert dict(created.article.titles)[Audience.CLINICIAN] == "Xerosis"
    assert body(app, "overview", Audience.LAYPERSON, "dry-skin") == (
        "Dry skin feels rough.\n\nIt can itch."
    )
    # A draft is never public.
    assert writer.get("/en/articles/dry-skin").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "sample"}, "already exists"),
        ({"slug": "Dry Skin"}, "lower-case words"),
        ({"question": ""}, "Write the question readers ask."),
        ({"title_layperson": "", "title_clinician": ""}, "at least one audience"),
        ({"layperson_body": "", "clinician_body": ""}, "at least one audience"),
        ({"layperson_body": "Dry [@nobody]."}, "citation [@nobody] names no reference"),
    ],
)
def test_a_new_article_with_a_problem_is_not_created(
    app: Flask, writer: FlaskClient, changes: dict[str, str], message: str
) -> None:
    response = writer.post(f"{ARTICLES}/new", data=new_article_data(writer, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and "nothing was saved" in html
    assert 'aria-invalid="true"' in html
    with app.app_context(), pytest.raises(ArticleNotFound):
        revisions.current(db.new_session(), "en", "dry-skin")


# --- Editing ----------------------------------------------------------------------------


def test_editing_a_section_saves_a_new_revision(app: Flask, writer: FlaskClient) -> None:
    data = section_data(
        writer, app, layperson_body="Milia are tiny white bumps.\r\nThey go away.", message="Plain"
    )
    response = writer.post(OVERVIEW, data=data)
    assert response.status_code == 303 and response.headers["Location"] == OVERVIEW
    saved = newest(app)
    assert (saved.number, saved.author, saved.message) == (2, WRITER, "Plain")
    assert saved.article.status.value == "draft"
    assert body(app, "overview", Audience.LAYPERSON) == "Milia are tiny white bumps.\nThey go away."
    assert "Saved as revision 2." in writer.get(OVERVIEW).get_data(as_text=True)


def test_saving_unchanged_text_makes_no_revision(app: Flask, writer: FlaskClient) -> None:
    response = writer.post(OVERVIEW, data=section_data(writer, app), follow_redirects=True)
    assert "Nothing changed" in response.get_data(as_text=True)
    assert newest(app).number == 1


def test_an_unknown_citation_is_refused_before_saving(app: Flask, writer: FlaskClient) -> None:
    text = "Milia are common [@smith2020]."
    response = writer.post(OVERVIEW, data=section_data(writer, app, clinician_body=text))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "citation [@smith2020] names no reference" in html
    assert "line 1" in html
    # The error is tied to the field, and the writer's text is still in it.
    field = re.search(r"<textarea[^>]*id=\"clinician_body\"[^>]*>([^<]*)</textarea>", html)
    assert field and text in field.group(0) and 'aria-invalid="true"' in field.group(0)
    assert "clinician_body-error-1" in field.group(0)
    assert newest(app).number == 1


def test_a_section_needs_a_title_for_its_text(app: Flask, writer: FlaskClient) -> None:
    response = writer.post(OVERVIEW, data=section_data(writer, app, layperson_title=""))
    assert response.status_code == 422
    assert "Give this text a section title." in response.get_data(as_text=True)
    assert newest(app).number == 1


def test_a_stale_save_shows_both_texts_and_overwrites_nothing(
    app: Flask, auth: Any, writer: FlaskClient
) -> None:
    other = second_writer(app, auth, "other@twofold.test")
    opened = section_data(writer, app, layperson_body="My text, written slowly.")
    theirs = section_data(other, app, layperson_body="Their text, saved first.")
    assert other.post(OVERVIEW, data=theirs).status_code == 303

    response = writer.post(OVERVIEW, data=opened)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing was overwritten" in html and "by other@twofold.test" in html
    assert "Their text, saved first." in html and "My text, written slowly." in html
    assert body(app, "overview", Audience.LAYPERSON) == "Their text, saved first."
    # The form now edits the newest revision and still holds the writer's text.
    assert '<input type="hidden" name="base" value="2">' in html
    merged = {**opened, "base": 2, "layperson_body": "Their text, saved first. Mine too."}
    assert writer.post(OVERVIEW, data=merged).status_code == 303
    assert body(app, "overview", Audience.LAYPERSON) == "Their text, saved first. Mine too."


def test_details_are_saved(app: Flask, writer: FlaskClient) -> None:
    url = f"{SAMPLE}/details"
    data = {
        "csrf_token": csrf(writer, url),
        "base": 1,
        "message": "Retitled",
        "question": "Why do milia form?",
        "title_layperson": "Why milia form",
        "title_clinician": "Milia: causes and pathogenesis",
        "topic": "",
    }
    assert writer.post(url, data=data).status_code == 303
    article = newest(app).article
    assert article.question == "Why do milia form?" and article.topic is None
    assert dict(article.titles)[Audience.LAYPERSON] == "Why milia form"


# --- Sections ---------------------------------------------------------------------------


def sections_form(client: FlaskClient, app: Flask, **fields: Any) -> dict[str, Any]:
    """A section-list form (move, remove, add) on the newest revision."""
    return {"csrf_token": csrf(client, f"{SAMPLE}/edit"), "base": newest(app).number, **fields}


def test_sections_are_added_reordered_and_removed(app: Flask, writer: FlaskClient) -> None:
    response = writer.post(f"{SAMPLE}/sections", data=sections_form(writer, app, key="aftercare"))
    assert response.status_code == 303
    new_url = f"{SAMPLE}/sections/aftercare"
    assert response.headers["Location"] == f"{new_url}?base=1"
    page = writer.get(response.headers["Location"]).get_data(as_text=True)
    assert "New section “aftercare”" in page and 'name="base" value="1"' in page
    assert section_keys(app) == ["overview", "causes"]  # nothing saved yet

    data = {
        "csrf_token": csrf(writer, new_url),
        "base": 1,
        "layperson_title": "After treatment",
        "layperson_body": "Keep the skin clean.",
        "action": "save",
    }
    assert writer.post(new_url, data=data).status_code == 303
    assert section_keys(app) == ["overview", "causes", "aftercare"]
    assert newest(app).message == "Added section aftercare"

    move = sections_form(writer, app, direction="up")
    assert writer.post(f"{SAMPLE}/sections/aftercare/move", data=move).status_code == 303
    assert section_keys(app) == ["overview", "aftercare", "causes"]

    remove = sections_form(writer, app)
    assert writer.post(f"{SAMPLE}/sections/causes/remove", data=remove).status_code == 303
    assert section_keys(app) == ["overview", "aftercare"]
    assert [h.message for h in authoring_history(app)][:3] == [
        "Removed section causes",
        "Moved section aftercare up",
        "Added section aftercare",
    ]


def authoring_history(app: Flask) -> list[revisions.RevisionSummary]:
    """The history of en/sample, newest first."""
    with app.app_context():
        return revisions.history(db.new_session(), "en", "sample")


def test_a_taken_or_malformed_key_is_refused(app: Flask, writer: FlaskClient) -> None:
    for key, message in (("causes", "already a section"), ("After Care", "lower-case words")):
        response = writer.post(f"{SAMPLE}/sections", data=sections_form(writer, app, key=key))
        assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_the_last_section_cannot_be_removed(app: Flask, writer: FlaskClient) -> None:
    url = f"{SAMPLE}/sections/causes/remove"
    assert writer.post(url, data=sections_form(writer, app)).status_code == 303
    response = writer.post(f"{SAMPLE}/sections/overview/remove", data=sections_form(writer, app))
    assert response.status_code == 422
    assert "at least one section" in response.get_data(as_text=True)
    assert section_keys(app) == ["overview"]


def test_a_stale_reorder_is_refused(app: Flask, writer: FlaskClient) -> None:
    stale = sections_form(writer, app, direction="down")
    writer.post(f"{SAMPLE}/sections/causes/remove", data=sections_form(writer, app))
    response = writer.post(f"{SAMPLE}/sections/overview/move", data=stale)
    assert response.status_code == 409
    assert section_keys(app) == ["overview"]


# --- References -------------------------------------------------------------------------


def references_data(client: FlaskClient, app: Flask, rows: list[dict[str, str]]) -> dict[str, Any]:
    """The references form with ``rows``."""
    url = f"{SAMPLE}/references"
    data: dict[str, Any] = {"csrf_token": csrf(client, url), "base": newest(app).number}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"references-{index}-{name}"] = value
    return data


BERK = {
    "key": "berk2008",
    "title": "Milia: a review and classification.",
    "journal": "Journal of the American Academy of Dermatology",
    "year": "2008",
    "doi": "10.1016/j.jaad.2008.07.034",
}
NEW_REF = {"key": "smith2020", "title": "Milia in newborns", "year": "2020", "pmid": "123456"}


def test_references_are_edited_as_rows(app: Flask, writer: FlaskClient) -> None:
    page = writer.get(f"{SAMPLE}/references").get_data(as_text=True)
    assert 'value="berk2008"' in page and 'id="references-1-key"' in page  # plus a blank row
    data = references_data(writer, app, [BERK, NEW_REF])
    assert writer.post(f"{SAMPLE}/references", data=data).status_code == 303
    references = newest(app).article.references
    assert [(r.key, r.year, r.pmid) for r in references] == [
        ("berk2008", 2008, None),
        ("smith2020", 2020, "123456"),
    ]
    # Removing an uncited reference is a save too.
    data = references_data(writer, app, [BERK, {**NEW_REF, "remove": "y"}])
    assert writer.post(f"{SAMPLE}/references", data=data).status_code == 303
    assert [r.key for r in newest(app).article.references] == ["berk2008"]


def test_removing_a_cited_reference_is_refused(app: Flask, writer: FlaskClient) -> None:
    data = references_data(writer, app, [{**BERK, "remove": "y"}])
    response = writer.post(f"{SAMPLE}/references", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "citation [@berk2008] names no reference" in html
    assert "Section “causes”" in html
    assert newest(app).number == 1


def test_a_reference_row_needs_a_key_and_title(app: Flask, writer: FlaskClient) -> None:
    data = references_data(writer, app, [BERK, {"journal": "Lancet", "url": "javascript:x"}])
    response = writer.post(f"{SAMPLE}/references", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give this reference a key" in html and "starting https://" in html
    assert newest(app).number == 1


def test_add_row_adds_a_blank_row_and_saves_nothing(app: Flask, writer: FlaskClient) -> None:
    data = {**references_data(writer, app, [BERK, {"key": ""}]), "action": "add-row"}
    html = writer.post(f"{SAMPLE}/references", data=data).get_data(as_text=True)
    assert 'id="references-2-key"' in html
    assert newest(app).number == 1


# --- Preview ----------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["layperson", "clinician"])
def test_the_preview_is_the_reader_page(writer: FlaskClient, audience: str) -> None:
    reader = writer.get(f"/en/articles/sample/{audience}").get_data(as_text=True)
    preview = writer.get(f"{SAMPLE}/preview/{audience}").get_data(as_text=True)
    assert article_element(preview) == article_element(reader)
    assert ld_json(preview) == ld_json(reader)
    assert "Preview of revision 1" in preview


def test_the_preview_shows_a_draft_readers_do_not_see(app: Flask, writer: FlaskClient) -> None:
    data = section_data(writer, app, layperson_body="A brand new draft sentence.")
    writer.post(OVERVIEW, data=data)
    preview = writer.get(f"{SAMPLE}/preview/layperson").get_data(as_text=True)
    reader = writer.get("/en/articles/sample/layperson").get_data(as_text=True)
    assert "A brand new draft sentence." in preview and "Preview of revision 2" in preview
    assert "readers cannot see it yet" in preview
    assert "A brand new draft sentence." not in reader


def test_both_audiences_side_by_side(writer: FlaskClient) -> None:
    html = writer.get(f"{SAMPLE}/preview").get_data(as_text=True)
    for text in ("Why milia form", "Pathogenesis", "What milia are", "Overview"):
        assert text in html
    assert html.count('data-audience="layperson"') == html.count('data-audience="clinician"') == 3


def test_an_unknown_audience_has_no_preview(writer: FlaskClient) -> None:
    assert writer.get(f"{SAMPLE}/preview/martian").status_code == 404


# --- Readability ------------------------------------------------------------------------

READABILITY = f"{ARTICLES}/readability.json"
JARGON = "Your doctor may prescribe a topical corticosteroid for the rash."


def check(client: FlaskClient, payload: Any, token: str | None = "fetch") -> Any:
    """POST ``payload`` to the readability endpoint; ``fetch`` sends a real token."""
    headers = {}
    if token == "fetch":
        headers["X-CSRFToken"] = csrf(client, OVERVIEW)
    elif token:
        headers["X-CSRFToken"] = token
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(READABILITY, data=body, headers=headers, content_type="application/json")


def test_the_readability_endpoint_returns_scores_verdict_and_findings(
    writer: FlaskClient,
) -> None:
    response = check(writer, {"markdown": JARGON, "audience": "layperson", "locale": "en"})
    data = response.get_json()
    assert response.status_code == 200
    assert data["verdict"] in {"pass", "warn", "fail"} and isinstance(data["grade"], float)
    assert {"flesch_kincaid_grade", "dale_chall_grade"} <= set(data["metrics"])
    jargon = [f for f in data["findings"] if f["kind"] == "jargon"]
    assert {f["text"] for f in jargon} == {"topical", "corticosteroid"}
    assert all(f["line"] == 1 and f["suggestion"] for f in jargon)
    assert data["policy"] == {"warn_above": 6.0, "fail_above": 8.0, "report_only": False}
    assert {"term": "corticosteroid", "plain": "a steroid medicine"} in data["alternatives"]
    assert '<mark class="finding-jargon">corticosteroid</mark>' in data["html"]
    assert data["summary"].startswith("Grade ")


@pytest.mark.parametrize(
    ("payload", "token", "status", "message"),
    [
        ({"markdown": "Hi.", "audience": "layperson"}, None, 400, "expired"),
        ({"markdown": "Hi.", "audience": "layperson"}, "forged", 400, "expired"),
        ({"markdown": "Hi.", "audience": "martian"}, "fetch", 400, "Unknown audience"),
        ({"markdown": "Hi.", "audience": "layperson", "locale": "xx"}, "fetch", 400, "'xx'"),
        ({"audience": "layperson"}, "fetch", 400, '{"markdown"'),
        ("not json", "fetch", 400, '{"markdown"'),
        ({"markdown": "word " * 12_000, "audience": "layperson"}, "fetch", 413, "at most"),
    ],
)
def test_the_readability_endpoint_refuses_bad_requests(
    writer: FlaskClient, payload: Any, token: str | None, status: int, message: str
) -> None:
    response = check(writer, payload, token)
    assert response.status_code == status
    assert message in response.get_json()["message"]


@pytest.mark.parametrize(
    ("locale", "text", "scale", "metric", "name"),
    [
        ("en", "Milia are small white bumps.", "US school grade", "dale_chall_grade", "Grade"),
        (
            "es",
            "Los milios son granitos blancos.",
            "INFLESZ",
            "szigriszt_pazos",
            "Szigriszt-Pazos (INFLESZ)",
        ),
        (
            "de",
            "Milien sind kleine weiße Knötchen.",
            "Wiener Sachtextformel school grade",
            "wiener_sachtextformel",
            "Wiener Sachtextformel grade",
        ),
    ],
)
def test_each_language_is_scored_with_its_own_formulas(
    writer: FlaskClient, locale: str, text: str, scale: str, metric: str, name: str
) -> None:
    data = check(writer, {"markdown": text, "audience": "layperson", "locale": locale}).get_json()
    assert (data["lang"], data["scale"]) == (locale, scale)
    assert metric in data["metrics"]
    assert f'<span class="readability-figure">{name} ' in data["html"]
    assert data["summary"].startswith(f"{name} ")
    if locale != "en":
        assert "flesch_kincaid_grade" not in data["metrics"]
        assert "Flesch–Kincaid" not in data["html"]


SPANISH = {
    "locale": "es",
    "slug": "piel-seca",
    "question": "¿Por qué se seca la piel?",
    "title_layperson": "La piel seca",
    "title_clinician": "Xerosis",
    "section_key": "resumen",
    "layperson_title": "Qué es la piel seca",
    "layperson_body": "La piel seca es áspera. A veces pica. Use crema todos los días.",
    "clinician_title": "Definición",
    "clinician_body": "La xerosis es la sequedad anormal de la piel.",
}


def test_a_spanish_section_shows_its_szigriszt_pazos_figure(writer: FlaskClient) -> None:
    created = writer.post(f"{ARTICLES}/new", data=new_article_data(writer, **SPANISH))
    assert created.status_code == 303
    url = f"{ARTICLES}/es/piel-seca/sections/resumen"
    assert created.headers["Location"] == url
    html = writer.get(url).get_data(as_text=True)
    panel = html[html.index('id="readability-layperson"') : html.index("readability-clinician")]

    payload = {"markdown": SPANISH["layperson_body"], "audience": "layperson", "locale": "es"}
    data = check(writer, payload).get_json()
    assert data["scale"] == "INFLESZ" and data["higher_is_easier"] is True
    assert data["grade"] == data["metrics"]["szigriszt_pazos"]
    assert data["policy"] == {"warn_below": 65.0, "fail_below": 55.0, "report_only": False}
    figure = f"Szigriszt-Pazos (INFLESZ) {data['grade']:.1f}"
    for shown in (panel, data["html"]):
        assert f'<span class="readability-figure">{figure}</span>' in shown
        assert "target: 65 or higher; fails below 55" in shown
        assert "Fernández Huerta reading ease" in shown
        assert "Flesch–Kincaid" not in shown and "Dale–Chall" not in shown
    assert data["summary"].startswith(f"{figure}: ")


def test_check_readability_works_without_javascript(app: Flask, writer: FlaskClient) -> None:
    data = section_data(writer, app, layperson_body=JARGON, action="check")
    response = writer.post(OVERVIEW, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<mark class="finding-jargon">corticosteroid</mark>' in html
    assert "a steroid medicine" in html
    assert JARGON in html  # the text stays in the form
    assert newest(app).number == 1


def test_the_section_editor_shows_a_panel_beside_each_variant(writer: FlaskClient) -> None:
    html = writer.get(f"{SAMPLE}/sections/causes").get_data(as_text=True)
    for audience in ("layperson", "clinician"):
        assert f'id="readability-{audience}"' in html
        assert f'data-readability-panel="readability-{audience}"' in html
        assert f'<label for="{audience}_body">' in html
    assert re.search(r'<script src="/static/editor\.[0-9a-f]{12}\.js" defer></script>', html)
    assert "Check readability" in html


# --- History ----------------------------------------------------------------------------


def test_history_diff_and_restore(app: Flask, writer: FlaskClient) -> None:
    original = body(app, "overview", Audience.LAYPERSON)
    data = section_data(writer, app, layperson_body="Milia are small bumps.", message="Shorter")
    writer.post(OVERVIEW, data=data)

    history = writer.get(f"{SAMPLE}/history").get_data(as_text=True)
    assert history.index(">2<") < history.index(">1<")  # newest first
    assert "Shorter" in history and WRITER in history and "Draft" in history

    diff = writer.get(f"{SAMPLE}/history/2").get_data(as_text=True)
    assert "Section “overview”, for Patients and caregivers" in diff
    assert "+Milia are small bumps." in diff and f"-{original}" in diff
    assert "for Clinicians" not in diff  # only what changed

    token = csrf(writer, f"{SAMPLE}/history")
    response = writer.post(f"{SAMPLE}/history/1/restore", data={"csrf_token": token})
    assert response.status_code == 303
    restored = newest(app)
    assert (restored.number, restored.message) == (3, "Restored revision 1")
    assert body(app, "overview", Audience.LAYPERSON) == original


def test_the_first_revision_diffs_against_nothing(writer: FlaskClient) -> None:
    html = writer.get(f"{SAMPLE}/history/1").get_data(as_text=True)
    assert "The first revision" in html and "+question: What causes milia to form?" in html
    assert writer.get(f"{SAMPLE}/history/9").status_code == 404


def test_reviewers_cannot_restore(app: Flask, auth: Any, writer: FlaskClient) -> None:
    writer.post(OVERVIEW, data=section_data(writer, app, layperson_body="Changed."))
    reviewer = auth.client("reviewer")
    assert "Restore" not in reviewer.get(f"{SAMPLE}/history").get_data(as_text=True)
    token = csrf(reviewer, f"{SAMPLE}/history")
    response = reviewer.post(f"{SAMPLE}/history/1/restore", data={"csrf_token": token})
    assert response.status_code == 403
    assert newest(app).number == 2
