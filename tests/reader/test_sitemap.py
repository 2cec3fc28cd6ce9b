"""/sitemap.xml: what a search engine reads to find every canonical page and its translations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from xml.etree import ElementTree

from flask import Flask

from service.content.model import Status
from service.reader.sitemap import Entry, sitemap_xml
from service.storage import repository
from service.storage.db import db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HOST = "http://localhost"


def listed(app: Flask) -> dict[str, ElementTree.Element]:
    """The sitemap's <url> elements by their <loc>, after checking it is a sitemap."""
    response = app.test_client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert "Set-Cookie" not in response.headers
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == f"{{{NS['s']}}}urlset"
    return {url.findtext("s:loc", namespaces=NS) or "": url for url in root}


def alternates(url: ElementTree.Element) -> dict[str, str]:
    return {
        link.get("hreflang", ""): link.get("href", "")
        for link in url.findall("x:link", NS)
        if link.get("rel") == "alternate"
    }


def test_every_public_variant_and_index_is_listed_with_its_canonical_url(app: Flask) -> None:
    urls = listed(app)
    for slug in ("sample", "second"):
        for audience in ("layperson", "clinician"):
            assert f"{HOST}/en/articles/{slug}/{audience}" in urls
    assert f"{HOST}/en/" in urls
    # The cookie-following URL names its variant as canonical: not listed itself.
    assert f"{HOST}/en/articles/sample" not in urls


def test_translations_name_each_other_with_hreflang(milia_app: Flask) -> None:
    urls = listed(milia_app)
    spanish = urls[f"{HOST}/es/articles/milia/clinician"]
    assert alternates(spanish) == {
        "en": f"{HOST}/en/articles/milia/clinician",
        "es": f"{HOST}/es/articles/milia/clinician",
    }
    assert alternates(urls[f"{HOST}/en/"])["es"] == f"{HOST}/es/"


def test_lastmod_is_when_the_page_last_changed_for_readers(app: Flask) -> None:
    url = listed(app)[f"{HOST}/en/articles/sample/layperson"]
    lastmod = url.findtext("s:lastmod", namespaces=NS) or ""
    assert lastmod.endswith("Z")
    assert dt.datetime.fromisoformat(lastmod) <= dt.datetime.now(dt.UTC)


def test_a_draft_is_not_listed_and_a_publish_adds_it_at_once(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        sample = repository.public_article(session, "en", "sample")
        assert sample is not None
        draft = dataclasses.replace(sample, slug="unpublished", status=Status.DRAFT)
        repository.save_revision(session, draft, message="a draft")
        session.commit()
    assert f"{HOST}/en/articles/unpublished/layperson" not in listed(app)

    with app.app_context():
        session = db.new_session()
        approved = dataclasses.replace(draft, status=Status.APPROVED)
        repository.save_revision(session, approved, message="approved")
        session.commit()
    assert f"{HOST}/en/articles/unpublished/layperson" in listed(app)


def test_the_sitemap_is_cacheable_and_revalidates(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/sitemap.xml")
    assert first.headers["Cache-Control"].startswith("public")
    again = client.get("/sitemap.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_urls_with_markup_characters_are_escaped() -> None:
    document = sitemap_xml([Entry("http://example.org/a?b=1&c=<2>", None)])
    root = ElementTree.fromstring(document)
    assert root[0].findtext("s:loc", namespaces=NS) == "http://example.org/a?b=1&c=<2>"
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
