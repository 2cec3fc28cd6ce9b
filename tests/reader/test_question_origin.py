"""The question form on shared pages: cross-site posts refused, the site's own accepted."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.reader.same_origin import Origin, classify, confirmed, issue_confirmation
from service.storage.db import db
from service.storage.models import QuestionRecord

URL = "/en/articles/sample/questions"
QUESTION = {"question": "Can milia come back?", "audience": "layperson"}


def questions(app: Flask) -> list[str]:
    with app.app_context():
        return [q.text for q in db.new_session().query(QuestionRecord).order_by(QuestionRecord.id)]


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost.evil.example"},
        {"Origin": "http://localhost:8081"},
        {"Referer": "https://evil.example/page"},
        # A browser's own label wins over an Origin an attacker would like to be believed.
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
    ],
)
def test_a_cross_site_post_is_refused_with_a_403_page(app: Flask, headers: dict[str, str]) -> None:
    response = app.test_client().post(URL, data=QUESTION, headers=headers)
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "sent from another website" in html
    assert 'class="site-header"' in html  # the site's own page, not a bare error
    assert questions(app) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://localhost"},
        {"Referer": "http://localhost/en/articles/sample/layperson"},
    ],
)
def test_a_same_site_post_without_javascript_is_stored(app: Flask, headers: dict[str, str]) -> None:
    response = app.test_client().post(URL, data=QUESTION, headers=headers)
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers
    assert questions(app) == ["Can milia come back?"]


def test_the_page_holds_no_token_and_the_form_posts_to_the_question_url(
    client: FlaskClient,
) -> None:
    html = client.get("/en/articles/sample/layperson").get_data(as_text=True)
    assert "csrf_token" not in html
    assert f'action="{URL}#follow-up"' in html


def test_a_post_that_says_nothing_of_its_origin_is_confirmed_first(app: Flask) -> None:
    client = app.test_client()
    first = client.post(URL, data=QUESTION)
    assert first.status_code == 200
    assert questions(app) == []
    html = first.get_data(as_text=True)
    assert "Can milia come back?" in html  # the reader's text is kept, not lost
    assert first.headers["Cache-Control"] == "no-store"
    assert "twofold_form=" in first.headers["Set-Cookie"]
    token = re.search(r'name="form_token" value="([^"]+)"', html)
    assert token
    sent = client.post(URL, data={**QUESTION, "form_token": token.group(1)})
    assert sent.status_code == 303
    assert questions(app) == ["Can milia come back?"]


def test_a_confirmation_token_without_its_cookie_is_not_enough(app: Flask) -> None:
    html = app.test_client().post(URL, data=QUESTION).get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html)
    assert token
    # Another browser (an attacker's page) replays the token it was given.
    replay = app.test_client().post(URL, data={**QUESTION, "form_token": token.group(1)})
    assert replay.status_code == 200
    assert questions(app) == []


def test_a_forged_confirmation_token_is_refused(app: Flask) -> None:
    client = app.test_client()
    client.set_cookie("twofold_form", "chosen-by-attacker", path=URL)
    response = client.post(URL, data={**QUESTION, "form_token": "chosen-by-attacker"})
    assert response.status_code == 200
    assert questions(app) == []


def test_confirmation_and_refusal_speak_the_readers_language(milia_app: Flask) -> None:
    client = milia_app.test_client()
    confirm = client.post("/es/articles/milia/questions", data=QUESTION).get_data(as_text=True)
    assert "Envíe su pregunta" in confirm and "Send your question" not in confirm
    for locale, refusal in [
        ("es", "Este formulario se envió desde otro sitio web"),
        ("de", "Dieses Formular wurde von einer anderen Website gesendet"),
    ]:
        refused = client.post(
            f"/{locale}/articles/milia/questions",
            data=QUESTION,
            headers={"Sec-Fetch-Site": "cross-site"},
        )
        assert refused.status_code == 403
        assert refusal in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    ("headers", "verdict"),
    [
        ({"Sec-Fetch-Site": "same-origin"}, Origin.SAME),
        ({"Sec-Fetch-Site": "none"}, Origin.SAME),
        ({"Sec-Fetch-Site": "cross-site"}, Origin.CROSS),
        ({"Origin": "https://twofold.example"}, Origin.SAME),
        ({"Origin": "https://twofold.example:443"}, Origin.SAME),
        ({"Origin": "http://twofold.example:8080"}, Origin.CROSS),
        ({"Origin": "https://TWOFOLD.example"}, Origin.SAME),
        ({"Origin": "https://twofold.example.evil"}, Origin.CROSS),
        ({"Origin": "javascript:alert(1)"}, Origin.CROSS),
        ({"Origin": "https://twofold.example:99999"}, Origin.CROSS),
        ({"Referer": "https://twofold.example/en/articles/x"}, Origin.SAME),
        ({"Referer": "https://other.example/?https://twofold.example"}, Origin.CROSS),
        ({}, Origin.UNKNOWN),
    ],
)
def test_classify_reads_the_browsers_word(headers: dict[str, str], verdict: Origin) -> None:
    assert judge(headers, "twofold.example") is verdict


def judge(headers: dict[str, str], host: str) -> Origin:
    return classify(
        host,
        fetch_site=headers.get("Sec-Fetch-Site"),
        origin=headers.get("Origin"),
        referer=headers.get("Referer"),
    )


def test_classify_compares_ports_when_the_host_names_one() -> None:
    assert judge({"Origin": "http://127.0.0.1:8080"}, "127.0.0.1:8080") is Origin.SAME
    assert judge({"Origin": "http://127.0.0.1:8081"}, "127.0.0.1:8080") is Origin.CROSS
    assert judge({"Origin": "http://127.0.0.1"}, "127.0.0.1:8080") is Origin.CROSS


def test_a_confirmation_is_bound_to_its_cookie_and_secret() -> None:
    cookie, token = issue_confirmation("secret")
    assert confirmed("secret", cookie, token)
    assert not confirmed("secret", "another-cookie", token)
    assert not confirmed("another-secret", cookie, token)
    assert not confirmed("secret", None, token)
    assert not confirmed("secret", cookie, token + "x")
