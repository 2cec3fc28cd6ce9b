"""Writing Articles as ``variants/<locale>/<slug>/`` bundles, in one canonical, stable form."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from service.content.bundle import (
    ARTICLE_FILE,
    READERS_ASKED_FILE,
    REFERENCE_FIELDS,
    SECTION_FILE_PATTERN,
    BundleError,
    Problem,
    normalise_body,
    parse_bundle,
)
from service.content.model import Article, Reference, Variant
from service.content.readers_asked import add_representers, asked_data
from service.content.vocabulary_file import VOCABULARY_FILE, vocabulary_text
from service.writing.audience import Audience

# Wide enough that PyYAML never folds a long title or question onto a second line.
_NEVER_FOLD = 1 << 30


class _FlowList(list[str]):
    """A list written on one line, ``[overview, causes]``, as DESIGN.md shows sections."""


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, indenting list items under their key as DESIGN.md does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never indentless: ``references:`` items are indented by two spaces."""
        super().increase_indent(flow, False)


def _represent_flow_list(dumper: yaml.SafeDumper, data: _FlowList) -> yaml.Node:
    """Represent a _FlowList as a flow-style sequence."""
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(_FlowList, _represent_flow_list)
add_representers(_Dumper)


def _yaml(data: dict[str, Any] | list[Any]) -> str:
    """``data`` as block YAML, keys in the order given, strings quoted only where needed."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_NEVER_FOLD,
    )


def article_yaml(article: Article) -> str:
    """The text of ``article.yaml``: fields in DESIGN.md's order, None values left out."""
    titles = dict(article.titles)
    data: dict[str, Any] = {
        "question": article.question,
        "title": {a.value: titles[a] for a in Audience if a in titles},
        "topic": article.topic,
        "status": article.status.value,
        "updated": article.updated,
        "reviewed": article.reviewed,
        "reviewed_by": article.reviewed_by,
        "review_due": article.review_due,
        "sections": _FlowList(section.key for section in article.sections),
        "references": [_reference_data(reference) for reference in article.references],
    }
    return _yaml({k: v for k, v in data.items() if v is not None and v != []})


def _reference_data(reference: Reference) -> dict[str, Any]:
    """One reference's fields in REFERENCE_FIELDS order, None values left out."""
    values = {name: getattr(reference, name) for name in REFERENCE_FIELDS}
    return {name: value for name, value in values.items() if value is not None}


def variant_markdown(variant: Variant) -> str:
    """The text of a ``<section>.<audience>.md`` file: front matter, then the body."""
    return f"---\n{_yaml({'title': variant.title})}---\n{normalise_body(variant.body)}\n"


def bundle_texts(article: Article) -> dict[str, str]:
    """Every file of ``article``'s bundle, by file name."""
    texts = {ARTICLE_FILE: article_yaml(article)}
    for section in article.sections:
        for variant in section.variants:
            texts[f"{section.key}.{variant.audience.value}.md"] = variant_markdown(variant)
    if article.accepted_terms:
        texts[VOCABULARY_FILE] = vocabulary_text(article.accepted_terms)
    if article.asked:
        texts[READERS_ASKED_FILE] = _yaml(asked_data(article.asked))
    return texts


def dump_article(article: Article, root: Path | str) -> Path:
    """Write ``article`` under ``root`` as ``<locale>/<slug>/``; return that folder."""
    return dump_articles([article], root)[0]


def dump_articles(articles: Iterable[Article], root: Path | str) -> tuple[Path, ...]:
    """Write each article's bundle under ``root``; nothing is written if any would not load."""
    root = Path(root)
    bundles: dict[Path, dict[str, str]] = {}
    problems: list[Problem] = []
    for article in articles:
        folder = root / article.locale / article.slug
        texts = bundle_texts(article)
        try:
            # Refuse what the loader would refuse (and a locale or slug such as "../x").
            parse_bundle(texts, locale=article.locale, slug=article.slug, folder=folder)
        except BundleError as error:
            problems.extend(error.problems)
        if folder in bundles:
            message = "two articles share this locale and slug; give one of them another slug"
            problems.append(Problem(folder, None, message))
        bundles[folder] = texts
    if problems:
        raise BundleError(problems)
    for folder, texts in bundles.items():
        _write_bundle(folder, texts)
    return tuple(bundles)


def _write_bundle(folder: Path, texts: dict[str, str]) -> None:
    """Write the bundle files, then remove section files the article no longer has."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        # Bytes, so that line ends are "\n" on every platform.
        (folder / name).write_bytes(text.encode("utf-8"))
    for path in folder.iterdir():
        # Only files this module writes are removed; notes, images and the like stay.
        ours = path.name in (READERS_ASKED_FILE, VOCABULARY_FILE) or SECTION_FILE_PATTERN.fullmatch(
            path.name
        )
        if path.name not in texts and path.is_file() and ours:
            path.unlink()
