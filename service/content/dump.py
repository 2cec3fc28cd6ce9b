"""Writing Articles as ``variants/<locale>/<slug>/`` bundles, in one canonical, stable form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
from service.content.model import Article, Figure, Reference, Variant
from service.content.readers_asked import add_representers, asked_data
from service.content.vocabulary_file import VOCABULARY_FILE, vocabulary_text
from service.writing.audience import Audience
from service.writing.figures import FIGURE_NAME, FIGURES_FOLDER

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
        "figures": [
            {"file": figure.name, "credit": figure.credit}
            for figure in article.figures
            if figure.credit is not None
        ],
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


def figure_files(article: Article, stored: Mapping[str, bytes]) -> dict[str, bytes]:
    """The bytes of each of ``article``'s figures by file name, from the figure or ``stored``
    (bytes by digest); a figure whose bytes are in neither is left out."""
    files = {}
    for figure in article.figures:
        data = figure.data if figure.data is not None else stored.get(figure.digest)
        if data is not None:
            files[figure.name] = data
    return files


def dump_article(
    article: Article, root: Path | str, figure_bytes: Mapping[str, bytes] | None = None
) -> Path:
    """Write ``article`` under ``root`` as ``<locale>/<slug>/``; return that folder."""
    return dump_articles([article], root, figure_bytes)[0]


def dump_articles(
    articles: Iterable[Article], root: Path | str, figure_bytes: Mapping[str, bytes] | None = None
) -> tuple[Path, ...]:
    """Write each article's bundle under ``root``; nothing is written if any would not load.

    Figures are written byte for byte from their own bytes, else from ``figure_bytes``
    (stored bytes by digest).
    """
    root = Path(root)
    bundles: dict[Path, tuple[dict[str, str], dict[str, bytes]]] = {}
    problems: list[Problem] = []
    for article in articles:
        folder = root / article.locale / article.slug
        texts = bundle_texts(article)
        figures = figure_files(article, figure_bytes or {})
        problems.extend(_missing_bytes(folder, article.figures, figures))
        try:
            # Refuse what the loader would refuse (and a locale or slug such as "../x").
            parse_bundle(
                texts,
                locale=article.locale,
                slug=article.slug,
                folder=folder,
                figures=article.figures,
            )
        except BundleError as error:
            problems.extend(error.problems)
        if folder in bundles:
            message = "two articles share this locale and slug; give one of them another slug"
            problems.append(Problem(folder, None, message))
        bundles[folder] = (texts, figures)
    if problems:
        raise BundleError(problems)
    for folder, (texts, figures) in bundles.items():
        _write_bundle(folder, texts, figures)
    return tuple(bundles)


def _missing_bytes(
    folder: Path, figures: Iterable[Figure], files: Mapping[str, bytes]
) -> list[Problem]:
    """A problem for each figure whose bytes were not given."""
    return [
        Problem(
            folder / FIGURES_FOLDER / figure.name,
            None,
            f"the stored image {figure.digest} is missing from the database; load the "
            "bundle that holds this figure again",
        )
        for figure in figures
        if figure.name not in files
    ]


def _write_bundle(folder: Path, texts: dict[str, str], figures: dict[str, bytes]) -> None:
    """Write the bundle files, then remove section and figure files the article no longer has."""
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
    images = folder / FIGURES_FOLDER
    if figures:
        images.mkdir(exist_ok=True)
    for name, data in figures.items():
        (images / name).write_bytes(data)
    if images.is_dir():
        for path in images.iterdir():
            if path.name not in figures and path.is_file() and FIGURE_NAME.fullmatch(path.name):
                path.unlink()
