"""Bad input gets a clear answer and changes nothing; no trace, no open redirect."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.reader.rendering import render_markdown
from service.security import is_local_path

READER_URLS = [
    "/en/",
    "/en/articles/sample",
    "/en/articles/sample/layperson",
    "/en/articles/sample/clinician",
    "/en/editorial-policy",
]


@pytest.mark.parametrize("url", [*READER_URLS, "/en/articles/nope", "/zz/"])
def test_every_page_carries_the_security_headers(client: FlaskClient, url: str) -> None:
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", [*READER_URLS, "/en/articles/nope", "/staff/login"])
def test_every_page_sends_only_its_origin_to_other_sites(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in html


def test_staff_pages_keep_other_windows_and_device_features_away(client: FlaskClient) -> None:
    headers = client.get("/staff/login").headers
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


@pytest.mark.parametrize("url", READER_URLS)
def test_reader_pages_have_no_inline_script(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>", html)
    assert all('type="application/ld+json"' in attrs or "src=" in attrs for attrs in scripts)


@pytest.mark.parametrize(
    "url",
    ["/en/articles/nope", "/en/articles/nope/clinician", "/zz/", "/zz/articles/sample", "/EN/"],
)
def test_unknown_slugs_and_locales_get_a_real_404_page(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<h1>Not Found</h1>" in html and "list of articles" in html


def test_root_redirects_to_the_default_locale(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept-Language": "fr-CA, it;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "",
    ],
)
def test_next_must_be_a_local_path(client: FlaskClient, target: str) -> None:
    response = client.post("/en/audience", data={"persona": "patient", "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert not urlsplit(location).netloc
    assert location.startswith("/") and not location.startswith("//")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(persona=st.text(max_size=40), cookie=st.text(max_size=40), target=st.text(max_size=60))
def test_no_persona_cookie_or_next_gives_a_5xx_or_leaves_the_site(
    client: FlaskClient, persona: str, cookie: str, target: str
) -> None:
    client.set_cookie("twofold_persona", cookie.encode("utf-8", "replace").decode("latin-1"))
    response = client.post("/en/audience", data={"persona": persona, "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert not urlsplit(location).scheme and not urlsplit(location).netloc
    assert not location.startswith("//") and "\\" not in location[:2]
    assert client.get("/en/articles/sample").status_code == 200


@given(st.text(max_size=200))
def test_is_local_path_never_accepts_another_host(target: str) -> None:
    if is_local_path(target):
        parts = urlsplit(target)
        assert not parts.scheme and not parts.netloc and target.startswith("/")
        assert not target.startswith("//")


DANGEROUS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "![x](javascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        '<div onclick="alert(1)">x</div>',
        "[x]( javascript:alert(1) )",
        "<javascript:alert(1)>",
        "[x](&#106;avascript:alert(1))",
        "<svg onload=alert(1)>",
        "<iframe src=//evil.example>",
    ]
)


@given(st.lists(st.one_of(DANGEROUS, st.text(max_size=30)), max_size=8).map("\n".join))
def test_no_markdown_renders_a_script_an_event_handler_or_a_javascript_url(body: str) -> None:
    tags = TagCollector()
    tags.feed(str(render_markdown(body, {"a": 1})))
    for tag, attrs in tags.found:
        assert tag not in {"script", "iframe", "svg", "img", "object", "embed", "style"}
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            url = "".join((value or "").split()).lower()
            assert not url.startswith(("javascript:", "vbscript:", "data:")), url


def test_table_alignment_is_kept_without_inline_style_the_csp_would_block() -> None:
    html = str(render_markdown("| Sign | Count | Note |\n|:--|--:|:-:|\n| milia | 3 | few |\n"))

    assert "style=" not in html
    assert '<th class="align-left">Sign</th>' in html
    assert '<td class="align-right">3</td>' in html
    assert '<td class="align-center">few</td>' in html


class TagCollector(HTMLParser):
    """Every element and its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_a_question_is_stored(app: Flask, same_origin: dict[str, str]) -> None:
    from service.storage.db import db
    from service.storage.models import QuestionRecord

    client = app.test_client()
    response = client.post(
        "/en/articles/sample/questions",
        data={"question": "  Can milia come back?  ", "audience": "clinician"},
        headers=same_origin,
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == "/en/articles/sample/clinician?question=sent#question-sent"
    assert "Set-Cookie" not in response.headers
    thanks = client.get(location)
    assert "Your question was sent" in thanks.get_data(as_text=True)
    assert thanks.headers["Cache-Control"] == "no-store"
    with app.app_context():
        stored = db.new_session().query(QuestionRecord).one()
        assert (stored.text, stored.audience) == ("Can milia come back?", "clinician")


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Write your question before sending it."),
        ("   \n ", "Write your question before sending it."),
        ("x" * 2001, "Keep your question to 2,000 characters or fewer."),
    ],
)
def test_a_bad_question_is_refused_with_a_message_and_not_stored(
    app: Flask, question: str, message: str, same_origin: dict[str, str]
) -> None:
    from service.storage.db import db
    from service.storage.models import QuestionRecord

    client = app.test_client()
    response = client.post(
        "/en/articles/sample/questions", data={"question": question}, headers=same_origin
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        assert db.new_session().query(QuestionRecord).count() == 0


def test_a_huge_body_is_refused_before_it_is_read(client: FlaskClient) -> None:
    response = client.post("/en/articles/sample/questions", data={"question": "x" * (200 * 1024)})
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_server_error_shows_a_plain_page(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_healthz_answers_when_the_database_does(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url", ["/en/articles/%00", "/en/articles/sample/layperson%00", "/en/%1b/", "/staff/%00"]
)
def test_an_address_with_a_control_character_is_refused_with_a_message_on_every_database(
    any_db_app: Flask, url: str
) -> None:
    response = any_db_app.test_client().get(url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "holds a control character (U+00" in html and "Remove it and try again." in html
    assert response.headers["Cache-Control"] == "no-store"


def test_a_question_with_a_nul_byte_is_refused_with_a_message_on_every_database(
    any_db_app: Flask, same_origin: dict[str, str]
) -> None:
    from service.storage.db import db
    from service.storage.models import QuestionRecord

    response = any_db_app.test_client().post(
        "/en/articles/sample/questions",
        data={"question": "Is it \x00 contagious?"},
        headers=same_origin,
    )
    assert response.status_code == 400
    assert "holds a control character (U+0000)" in response.get_data(as_text=True)
    with any_db_app.app_context():
        assert db.new_session().query(QuestionRecord).count() == 0


def test_control_characters_in_reader_choices_are_ignored_like_any_bad_value(
    client: FlaskClient,
) -> None:
    chosen = client.post("/en/audience", data={"persona": "patient\x1b", "next": "/en/\x00"})
    assert chosen.status_code == 303 and chosen.headers["Location"] == "/en/"
    assert client.get("/en/articles/sample?x=%00").status_code == 200


def test_a_staff_form_with_a_control_character_saves_nothing(
    any_db_app: Flask, auth_for: Any
) -> None:
    writer = auth_for(any_db_app).client("writer")
    url = "/staff/articles/en/sample/sections/overview"
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', writer.get(url).text)
    assert token
    data = {"layperson_title": "What milia are", "layperson_body": "Tiny\x00bumps", "base": 1}
    response = writer.post(url, data={**data, "csrf_token": token.group(1), "action": "save"})
    assert response.status_code == 400
    assert "holds a control character (U+0000)" in response.get_data(as_text=True)
    with any_db_app.app_context():
        from service.editorial import revisions
        from service.storage.db import db

        assert revisions.current(db.new_session(), "en", "sample").number == 1


def test_a_question_keeps_its_line_breaks_and_tabs(app: Flask, same_origin: dict[str, str]) -> None:
    response = app.test_client().post(
        "/en/articles/sample/questions",
        data={"question": "First line\r\nsecond\tline"},
        headers=same_origin,
    )
    assert response.status_code == 303


def test_one_client_may_send_only_a_few_questions_at_a_time(
    app_factory: Any, same_origin: dict[str, str]
) -> None:
    from service.storage.db import db
    from service.storage.models import QuestionRecord

    app = app_factory(QUESTION_LIMIT=3)
    url = "/en/articles/sample/questions"
    flooder = app.test_client()
    replies = [
        flooder.post(url, data={"question": f"Question {n}?"}, headers=same_origin)
        for n in range(5)
    ]

    assert [r.status_code for r in replies] == [303, 303, 303, 429, 429]
    refused = replies[-1]
    assert "please wait a little before sending another" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "600"
    assert refused.headers["Cache-Control"] == "no-store"
    # Another reader is not held back by someone else's flood.
    other = app.test_client().post(
        url,
        data={"question": "Can milia come back?"},
        headers=same_origin,
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert other.status_code == 303
    with app.app_context():
        stored = db.new_session().query(QuestionRecord).all()
        assert len(stored) == 4
        assert all(q.client and "127.0.0.1" not in q.client for q in stored)
