"""Markdown to safe HTML, with ``[@key]`` citations as numbered links to the references."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import nh3
from flask_babel import get_locale, gettext
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from service.content.model import Reference
from service.writing.citations import CITATION_GROUP, cited_keys

ALLOWED_TAGS = {
    "p", "ul", "ol", "li", "strong", "em", "a", "sup", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "br", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "id"},  # id: only the renderer's own cite-<key> anchors
    "sup": {"class"},
    "ol": {"start"},
    "th": {"class"},
    "td": {"class"},
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


def _markdown() -> MarkdownIt:
    # commonmark with raw HTML off: writers' HTML is shown as text, never rendered.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
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
) -> Markup:
    """``body`` as sanitised HTML; citations link to ``#ref-<key>`` with their numbers.

    Headings move down ``heading_offset`` levels (a section's own ``# x`` sits under
    the section's ``<h2>`` title) and never rise above ``<h2>``: the page owns ``<h1>``.
    The first citation of each key in ``first_citations`` gets ``id="cite-<key>"``, the
    place the reference list links back to (the page's first citation of that reference).
    Results are memoised: a published section renders once per language, not per request.
    """
    numbers = tuple(sorted((citation_numbers or {}).items()))
    return _render(body, numbers, heading_offset, first_citations, str(get_locale() or ""))


@lru_cache(maxsize=2048)
def _render(
    body: str,
    numbers: tuple[tuple[str, int], ...],
    heading_offset: int,
    first_citations: frozenset[str],
    _locale: str,
) -> Markup:
    """The work of ``render_markdown``; ``_locale`` keys the cache (citation titles)."""
    env: EnvType = {"citation_numbers": dict(numbers), "anchor_pending": set(first_citations)}
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
    )
    return Markup(clean)


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
