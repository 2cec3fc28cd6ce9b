"""Findings marked in a variant's Markdown source: the editor's panel and the QA article page.

Findings overlap (a hard word inside a passive phrase, jargon inside a long
sentence). A ``<mark>`` per finding would nest or cross tags, and skipping the ones
that overlap hides them. Instead the source is cut at every finding's start and
end, and each piece is marked once, with the kinds of all findings that cover it:
flat markup, every character once, no finding lost.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from service.readability import Finding


def highlight(
    markdown: str,
    findings: Sequence[Finding],
    *,
    mark_class: str = "",
    describe: Callable[[Finding], str] | None = None,
) -> Markup:
    """``markdown``, escaped, with every piece that findings cover inside one ``<mark>``.

    Each mark has the class ``finding-<kind>`` of every kind covering it, after
    ``mark_class`` when one is given; with ``describe``, its ``title`` says what
    each covering finding is about, one line each.
    """
    size = len(markdown)
    edges = {f.location.start for f in findings} | {f.location.end for f in findings}
    cuts = sorted({0, size} | {min(max(edge, 0), size) for edge in edges})
    parts = []
    for start, end in itertools.pairwise(cuts):
        covering = [f for f in findings if f.location.start <= start and end <= f.location.end]
        text = markdown[start:end]
        if not covering:
            parts.append(escape(text))
            continue
        kinds = sorted({f.kind.value for f in covering})
        classes = " ".join(filter(None, [mark_class, *(f"finding-{k}" for k in kinds)]))
        if describe is None:
            parts.append(Markup('<mark class="{}">{}</mark>').format(classes, text))
        else:
            title = "\n".join(dict.fromkeys(describe(f) for f in covering))
            parts.append(
                Markup('<mark class="{}" title="{}">{}</mark>').format(classes, title, text)
            )
    return Markup("").join(parts)
