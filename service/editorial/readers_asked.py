"""Answers to readers' questions in an article's "Readers asked" list: added, replaced, removed.

Pure functions over ``Article`` values: an answer enters the article as any edit does,
in a new draft revision that review (and its readability gate) then passes or holds.
"""

from __future__ import annotations

import dataclasses

from service.content.model import Article, Asked


def with_answer(article: Article, answer: Asked, *, replacing: str | None = None) -> Article:
    """``article`` with ``answer`` in its list: in place of the entry asked as ``replacing``
    (the answer's earlier wording) or as the answer's own question, else at the end."""
    asked = list(article.asked)
    for wording in (replacing, answer.question):
        index = next((i for i, a in enumerate(asked) if a.question == wording), None)
        if wording is not None and index is not None:
            asked[index] = answer
            break
    else:
        asked.append(answer)
    return dataclasses.replace(article, asked=tuple(asked))


def without_answer(article: Article, position: int) -> Article | None:
    """``article`` less its ``position``-th answer (from 0); None when there is none."""
    if not 0 <= position < len(article.asked):
        return None
    return dataclasses.replace(
        article, asked=article.asked[:position] + article.asked[position + 1 :]
    )
