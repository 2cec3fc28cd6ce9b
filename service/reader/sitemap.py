"""The sitemap for search engines: every canonical reader URL, with its translations.

One ``<url>`` per language's index and per public article variant
(``/<locale>/articles/<slug>/<audience>``), each with ``lastmod`` and ``xhtml:link``
alternates naming the same page in every language that publishes it (``hreflang``),
as the sitemaps protocol and Google's guidance on localized versions describe. The
cookie-following article URLs are left out: their canonical link names the variant.

A library too large for one file (``SITEMAP_URLS_PER_FILE``; the protocol allows 50,000)
gets a sitemap index at ``/sitemap.xml`` naming numbered files, ``/sitemaps/<n>.xml``,
each built from one page of the published articles: no request holds the whole library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

from service.storage.listing import PublishedUrl
from service.writing.audience import Audience

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Entry:
    """One URL of the sitemap, with the same page in other languages."""

    url: str
    changed: dt.datetime | None
    alternates: tuple[tuple[str, str], ...] = ()


def index_entries(
    changed: Mapping[str, dt.datetime | None], index_url: Callable[[str], str]
) -> list[Entry]:
    """Each language's index, naming the others: ``changed`` maps locales to when their
    list last changed."""
    locales = sorted(changed)
    return [
        Entry(index_url(locale), changed[locale], tuple((o, index_url(o)) for o in locales))
        for locale in locales
    ]


def article_entries(
    published: Iterable[PublishedUrl],
    translations: Mapping[str, Sequence[str]],
    variant_url: Callable[[str, str, Audience], str],
) -> list[Entry]:
    """One entry per audience of each ``published`` article, in the order given.

    ``translations`` maps a slug to the locales that publish it; an article published
    in more than one names them all as alternates (itself included, as Google asks).
    ``variant_url(locale, slug, audience)`` builds absolute URLs.
    """
    result = []
    for article in published:
        translated = translations.get(article.slug, ())
        for audience in Audience:
            alternates = (
                tuple((other, variant_url(other, article.slug, audience)) for other in translated)
                if len(translated) > 1
                else ()
            )
            url = variant_url(article.locale, article.slug, audience)
            result.append(Entry(url, article.changed, alternates))
    return result


def sitemap_index_xml(urls: Iterable[str]) -> bytes:
    """A sitemap index naming the sitemap files at ``urls``."""
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for url in urls:
        item = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        ElementTree.SubElement(item, f"{{{SITEMAP_NS}}}loc").text = url
    document: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def sitemap_xml(items: Iterable[Entry]) -> bytes:
    """The sitemap document for ``items``, UTF-8 with an XML declaration."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for item in items:
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = item.url
        if item.changed is not None:
            changed = item.changed
            # Stored times are UTC; SQLite hands them back without the zone.
            if changed.tzinfo is None:
                changed = changed.replace(tzinfo=dt.UTC)
            changed = changed.astimezone(dt.UTC).replace(microsecond=0)
            lastmod = ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod")
            lastmod.text = changed.isoformat().replace("+00:00", "Z")
        for hreflang, href in item.alternates:
            ElementTree.SubElement(
                url,
                f"{{{XHTML_NS}}}link",
                {"rel": "alternate", "hreflang": hreflang, "href": href},
            )
    document: bytes = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return document
