"""What a reader meets first: the other version one click away, contents, citation links,
the thanks in view after a question, and the files browsers ask for on their own."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient


def test_every_article_links_the_other_version_at_its_canonical_url(client: FlaskClient) -> None:
    layperson = client.get("/en/articles/sample/layperson").get_data(as_text=True)
    clinician = client.get("/en/articles/sample/clinician").get_data(as_text=True)
    assert re.search(
        r'<a class="version-switch" href="/en/articles/sample/clinician">Professional version</a>',
        layperson,
    )
    assert re.search(
        r'<a class="version-switch" href="/en/articles/sample/layperson">Patient version</a>',
        clinician,
    )


def test_the_cookie_following_page_links_the_version_it_does_not_show(
    client: FlaskClient,
) -> None:
    client.set_cookie("twofold_persona", "clinician")
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert 'href="/en/articles/sample/layperson">Patient version</a>' in html


def test_the_chooser_is_one_line_on_articles_and_open_on_the_index(client: FlaskClient) -> None:
    article = client.get("/en/articles/sample/layperson").get_data(as_text=True)
    index = client.get("/en/").get_data(as_text=True)
    assert '<details class="chooser-details">' in article
    assert '<details class="chooser-details" open>' in index
    # Without JavaScript the form is the same plain form, inside the disclosure.
    assert 'name="persona" value="clinician"' in article


def test_a_chosen_persona_is_named_in_the_folded_chooser(client: FlaskClient) -> None:
    client.set_cookie("twofold_persona", "clinician")
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert "Showing the version for: Healthcare professional" in html


def test_no_contents_for_an_article_of_three_sections_or_fewer(client: FlaskClient) -> None:
    two_sections = client.get("/en/articles/sample/layperson").get_data(as_text=True)
    assert "On this page" not in two_sections


def test_contents_for_an_article_of_more_than_three_sections(milia_app: Flask) -> None:
    milia = milia_app.test_client().get("/en/articles/milia/layperson").get_data(as_text=True)
    start = milia.index('<nav class="toc"')
    contents = milia[start : milia.index("</nav>", start)]
    for key in re.findall(r'<section class="article-section" id="section-([\w-]+)"', milia):
        assert f'href="#section-{key}"' in contents
    assert 'href="#references-heading"' in contents


def test_each_cited_reference_links_back_to_its_first_citation(milia_app: Flask) -> None:
    html = milia_app.test_client().get("/en/articles/milia/clinician").get_data(as_text=True)
    anchors = re.findall(r'<a href="#ref-([^"]+)" id="cite-\1"', html)
    back_links = re.findall(r'<a class="ref-back" href="#cite-([^"]+)"', html)
    assert anchors and sorted(anchors) == sorted(back_links)
    assert len(set(anchors)) == len(anchors)  # one anchor per reference, so ids stay unique


def test_after_sending_a_question_the_thanks_is_where_the_reader_lands(
    client: FlaskClient,
) -> None:
    html = client.get("/en/articles/sample/layperson?question=sent").get_data(as_text=True)
    thanks = html.index('id="question-sent"')
    assert "Thank you. Your question was sent to our writers." in html[thanks : thanks + 200]
    assert thanks < html.index("Send it to our writers.")


def test_robots_txt_and_favicon_are_served(client: FlaskClient) -> None:
    # Files are streamed, as a server sends them: close each response, as a server does.
    with client.get("/robots.txt") as robots:
        assert robots.status_code == 200 and robots.mimetype == "text/plain"
        assert "Disallow: /staff/" in robots.get_data(as_text=True)
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"
        assert "max-age=86400" in icon.headers["Cache-Control"]


def test_a_refusal_without_a_reason_gets_the_sites_own_words(auth: Any) -> None:
    writer = auth.client("writer")
    token = auth.csrf_token(writer, "/staff/articles")
    refused = writer.post("/staff/articles/en/sample/override", data={"csrf_token": token})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "read-protected" not in text  # Werkzeug's stock English
    assert "You do not have permission to see this page." in text


def test_a_refusal_is_translated(client: FlaskClient) -> None:
    page = client.delete("/es/articles/sample/layperson")
    text = page.get_data(as_text=True)
    assert page.status_code == 405
    assert "The method is not allowed" not in text
    assert "Esta dirección no admite ese tipo de solicitud." in text
