"""The sitemap for search engines: every canonical reader URL, with its translations.

One ``<url>`` per language's index and per public article variant
(``/<locale>/articles/<slug>/<audience>``), each with ``lastmod`` and ``xhtml:link``
alternates naming the same page in every language that publishes it (``hreflang``),
as the sitemaps protocol and Google's guidance on localized versions describe. The
cookie-following article URLs are left out: their canonical link names the variant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from xml.etree import ElementTree

from service.writing.audience import Audience

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Published:
    """An article a language publishes, and when its page last changed."""

    slug: str
    changed: dt.datetime


@dataclass(frozen=True)
class Entry:
    """One URL of the sitemap, with the same page in other languages."""

    url: str
    changed: dt.datetime | None
    alternates: tuple[tuple[str, str], ...] = ()


def entries(
    published: Mapping[str, Iterable[Published]],
    index_url: Callable[[str], str],
    variant_url: Callable[[str, str, Audience], str],
) -> list[Entry]:
    """The sitemap's entries for ``published`` articles by locale, in a stable order.

    ``index_url(locale)`` and ``variant_url(locale, slug, audience)`` build absolute URLs.
    """
    by_locale = {locale: {p.slug: p for p in articles} for locale, articles in published.items()}
    locales = sorted(by_locale)
    result = [
        Entry(
            index_url(locale),
            max((p.changed for p in by_locale[locale].values()), default=None),
            tuple((other, index_url(other)) for other in locales),
        )
        for locale in locales
    ]
    for locale in locales:
        for slug, article in sorted(by_locale[locale].items()):
            translated = [other for other in locales if slug in by_locale[other]]
            for audience in Audience:
                alternates = (
                    tuple((other, variant_url(other, slug, audience)) for other in translated)
                    if len(translated) > 1
                    else ()
                )
                result.append(
                    Entry(variant_url(locale, slug, audience), article.changed, alternates)
                )
    return result


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
