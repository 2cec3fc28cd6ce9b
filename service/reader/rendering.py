"""Markdown to safe HTML, with ``[@key]`` citations as numbered links to the references,
and figures (an image alone in its paragraph) as ``<figure>`` with their caption and credit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import nh3
from flask_babel import get_locale, gettext
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from service.content.model import Reference
from service.writing.citations import CITATION_GROUP, cited_keys
from service.writing.figures import FIGURES_FOLDER, is_figure, plain_text

ALLOWED_TAGS = {
    "p", "ul", "ol", "li", "strong", "em", "a", "sup", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "br", "hr",
    "figure", "figcaption", "img", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "id"},  # id: only the renderer's own cite-<key> anchors
    "sup": {"class"},
    "ol": {"start"},
    "th": {"class"},
    "td": {"class"},
    "figure": {"class"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "span": {"class"},
}
# Table column alignment as classes (twofold.css): the CSP refuses inline style attributes.
ALIGNMENTS = {"left", "center", "right"}
URL_SCHEMES = {"http", "https", "mailto"}


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Recognise a citation group at the current position as one ``citation`` token."""
    if state.src[state.pos] != "[":
        return False
    match = CITATION_GROUP.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": cited_keys(match.group(0))}
    state.pos = match.end()
    return True


def _render_citation(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    _options: OptionsDict,
    env: EnvType,
) -> str:
    numbers: Mapping[str, int] = env.get("citation_numbers", {})
    # The page's first citation of each reference gets an id, for the reference's back-link.
    anchored: set[str] = env["anchor_pending"]
    links = []
    for key in tokens[idx].meta["keys"]:
        number = numbers.get(key)
        if number is None:
            continue  # the loader refuses unknown keys; never render a dead link
        title = escape(gettext("Reference %(n)s", n=number))
        anchor = f' id="cite-{escape(key)}"' if key in anchored else ""
        anchored.discard(key)
        links.append(
            f'<a href="#ref-{escape(key)}"{anchor} class="citation" title="{title}">{number}</a>'
        )
    return f'<sup class="citations">[{", ".join(links)}]</sup>' if links else ""


@dataclass(frozen=True)
class FigureView:
    """A figure as a page shows it: where its image is served, its size, and its credit."""

    name: str
    src: str
    width: int
    height: int
    credit: str | None = None


def _figure_rule(state: StateCore) -> None:
    """Mark each paragraph holding one of the article's figures, and nothing else, as a
    figure; its ``<p>`` gives way to the ``<figure>``."""
    tokens = state.tokens
    figures: Mapping[str, FigureView] = state.env.get("figures", {})
    for index in range(1, len(tokens) - 1):
        inline = tokens[index]
        if (
            inline.type == "inline"
            and tokens[index - 1].type == "paragraph_open"
            and tokens[index + 1].type == "paragraph_close"
            and inline.children
            and is_figure(inline.children)
        ):
            image = next(c for c in inline.children if c.type == "image")
            folder, _, name = str(image.attrs.get("src", "")).partition("/")
            if folder != FIGURES_FOLDER or name not in figures:
                continue
            tokens[index - 1].hidden = tokens[index + 1].hidden = True
            image.meta = {**(image.meta or {}), "figure": figures[name]}


def _render_image(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    _options: OptionsDict,
    env: EnvType,
) -> str:
    """A figure of the article as ``<figure>``; any other image as its alt text, never
    an ``<img>`` (the loader refuses those, and a page never loads an image from elsewhere)."""
    token = tokens[idx]
    alt = plain_text(token.children or []).strip()
    figure: FigureView | None = token.meta.get("figure")
    if figure is None or not alt:
        return str(escape(alt))
    caption = [escape(str(token.attrs.get("title", "")).strip())]
    if figure.credit:
        caption.append(Markup('<span class="figure-credit">%s</span>') % figure.credit)
    text = Markup(" — ").join(part for part in caption if part)
    return (
        Markup(
            '<figure class="figure"><img src="%s" alt="%s" width="%d" height="%d" '
            'loading="lazy" decoding="async">'
        )
        % (figure.src, alt, figure.width, figure.height)
        + (Markup("<figcaption>%s</figcaption>") % text if text else "")
        + Markup("</figure>\n")
    )


def _markdown() -> MarkdownIt:
    # commonmark with raw HTML off: writers' HTML is shown as text, never rendered.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.push("figure", _figure_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("image", _render_image)
    return md


_MD = _markdown()


def _shift_headings(tokens: list[Token], offset: int) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(max(int(token.tag[1]) + offset, 2), 6)
            token.tag = f"h{level}"


def _align_with_classes(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            style = str(token.attrs.pop("style", ""))
            alignment = style.removeprefix("text-align:").strip()
            if alignment in ALIGNMENTS:
                token.attrs["class"] = f"align-{alignment}"


def render_markdown(
    body: str,
    citation_numbers: Mapping[str, int] | None = None,
    *,
    heading_offset: int = 2,
    first_citations: frozenset[str] = frozenset(),
    figures: tuple[FigureView, ...] = (),
) -> Markup:
    """``body`` as sanitised HTML; citations link to ``#ref-<key>`` with their numbers.

    Headings move down ``heading_offset`` levels (a section's own ``# x`` sits under
    the section's ``<h2>`` title) and never rise above ``<h2>``: the page owns ``<h1>``.
    The first citation of each key in ``first_citations`` gets ``id="cite-<key>"``, the
    place the reference list links back to (the page's first citation of that reference).
    An image alone in its paragraph, ``![alt](figures/<name> "caption")``, is one of
    ``figures`` shown as a ``<figure>``; no other image is ever shown as one.
    Results are memoised: a published section renders once per language, not per request.
    """
    numbers = tuple(sorted((citation_numbers or {}).items()))
    locale = str(get_locale() or "")
    return _render(body, numbers, heading_offset, first_citations, figures, locale)


@lru_cache(maxsize=2048)
def _render(
    body: str,
    numbers: tuple[tuple[str, int], ...],
    heading_offset: int,
    first_citations: frozenset[str],
    figures: tuple[FigureView, ...],
    _locale: str,
) -> Markup:
    """The work of ``render_markdown``; ``_locale`` keys the cache (citation titles)."""
    env: EnvType = {
        "citation_numbers": dict(numbers),
        "anchor_pending": set(first_citations),
        "figures": {figure.name: figure for figure in figures},
    }
    tokens = _MD.parse(body, env)
    _shift_headings(tokens, heading_offset)
    _align_with_classes(tokens)
    html = _MD.renderer.render(tokens, _MD.options, env)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_local_images_only,
    )
    return Markup(clean)


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    """An image's address must be a path on this site: never another host or a data: URL."""
    if element == "img" and attribute == "src":
        return value if value.startswith("/") and not value.startswith("//") else None
    return value


def number_citations(bodies: Sequence[str], references: Sequence[Reference]) -> dict[str, int]:
    """Numbers for references: cited ones in order of first use, then the rest in list order."""
    known = {r.key for r in references}
    order: dict[str, None] = {}
    for body in bodies:
        for key in cited_keys(body):
            if key in known:
                order.setdefault(key, None)
    for reference in references:
        order.setdefault(reference.key, None)
    return {key: number for number, key in enumerate(order, start=1)}


def first_citations(
    bodies: Sequence[str], numbers: Mapping[str, int]
) -> tuple[frozenset[str], ...]:
    """For each body, the keys the page cites first there (in page order): their anchors."""
    seen: set[str] = set()
    firsts = []
    for body in bodies:
        here = frozenset(key for key in cited_keys(body) if key in numbers and key not in seen)
        seen |= here
        firsts.append(here)
    return tuple(firsts)
