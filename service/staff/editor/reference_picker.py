"""The ``[@key]`` picker beside the editor's texts: each reference's key and a short citation."""

from __future__ import annotations

from dataclasses import dataclass

from service.content.model import Article, Reference

# Characters of a reference's title shown in the picker; the key is what gets copied.
TITLE_CHARS = 80


@dataclass(frozen=True)
class Citable:
    """A reference the writer may cite: how to cite it, and what it is."""

    key: str
    citation: str

    @property
    def marker(self) -> str:
        """What goes into the text: ``[@key]``."""
        return f"[@{self.key}]"


def short_citation(reference: Reference) -> str:
    """Title (cut at a word near ``TITLE_CHARS``), then journal and year where known."""
    title = reference.title
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    source = ", ".join(str(part) for part in (reference.journal, reference.year) if part)
    return f"{title} ({source})" if source else title


def citable(article: Article) -> tuple[Citable, ...]:
    """The article's references in list order, as the picker shows them."""
    return tuple(Citable(r.key, short_citation(r)) for r in article.references)
