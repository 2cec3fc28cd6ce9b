"""Reading ``variants/<locale>/<slug>/`` bundles into Articles, naming every problem found."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from service.content.article_file import (
    ARTICLE_FIELDS,
    REFERENCE_FIELDS,
    Head,
    parse_head,
)
from service.content.figure_files import check_unshown, read_figures, shown_figures
from service.content.folders import (
    FROM_FOLDER,
    FROM_OPTION,
    bundle_folders,
    check_folder_names,
    is_bundle,
    read_texts,
    single_bundle_locale,
)
from service.content.layout import (
    ARTICLE_FILE,
    KEY_PATTERN,
    LOCALE_PATTERN,
    MAX_FIGURE_BYTES,
    MAX_FILE_BYTES,
    REFERENCE_KEY_PATTERN,
    SECTION_FILE_PATTERN,
    closest,
)
from service.content.model import Article, Asked, Figure, Section, Status, Variant
from service.content.problems import BundleError, Problem, Problems
from service.content.readers_asked import READERS_ASKED_FILE, parse_asked
from service.content.section_files import bad_file_name, normalise_body, parse_variant
from service.content.vocabulary_file import VOCABULARY_FILE, parse_vocabulary
from service.content.yaml_fields import Reporter
from service.writing.audience import Audience

__all__ = [
    "ARTICLE_FIELDS",
    "ARTICLE_FILE",
    "KEY_PATTERN",
    "LOCALE_PATTERN",
    "MAX_FIGURE_BYTES",
    "MAX_FILE_BYTES",
    "READERS_ASKED_FILE",
    "REFERENCE_FIELDS",
    "REFERENCE_KEY_PATTERN",
    "SECTION_FILE_PATTERN",
    "BundleError",
    "Problem",
    "normalise_body",
    "parse_bundle",
    "read_bundle",
    "read_path",
    "read_root",
]

T = TypeVar("T")
# Told how many bundles of a variants root have been read, out of how many.
Progress = Callable[[int, int], None]
# A variants root of at least this many bundles is worth starting worker processes for
# (each takes about a second to start; a bundle takes a few milliseconds to read).
PARALLEL_FROM = 400


def read_path(
    path: Path | str,
    *,
    locale: str | None = None,
    figure_limit: int = MAX_FIGURE_BYTES,
    workers: int = 1,
    progress: Progress | None = None,
) -> tuple[Article, ...]:
    """Every article under ``path``, a variants root or one bundle folder; all or nothing.

    A variants root's ``<locale>/`` folders name its locales. One bundle folder is in
    ``locale`` when it is given, else in the locale its parent folder names, if any.
    A figure larger than ``figure_limit`` bytes is refused. A root of at least
    ``PARALLEL_FROM`` bundles is read by ``workers`` processes, when more than one;
    ``progress`` is told how many of its bundles are read, out of how many.
    """
    path = Path(path)
    problems = Problems()
    if not path.is_dir():
        message = "is not a folder; give a variants root (holding <locale>/<slug>/ folders)"
        problems.add(path, None, f"{message} or one bundle folder (holding article.yaml)")
        _raise_if(problems)
    if is_bundle(path, problems):
        articles = [_read_single(path, locale, problems, figure_limit)]
    elif locale is not None:
        problems.add(
            path,
            None,
            "is a variants root, whose <locale>/ folders name the locales; --locale is for "
            "one bundle folder: drop it, or give the bundle folder",
        )
        articles = []
    else:
        articles = _read_bundles(
            bundle_folders(path, problems), problems, figure_limit, workers, progress
        )
    _raise_if(problems)
    return tuple(a for a in articles if a is not None)


# The CLI speaks of a variants root; a bundle folder is taken just the same.
read_root = read_path


def read_bundle(folder: Path | str, *, figure_limit: int = MAX_FIGURE_BYTES) -> Article:
    """The article in one bundle folder, ``<locale>/<slug>/``."""
    problems = Problems()
    article = _read_bundle(Path(folder), problems, figure_limit)
    _raise_if(problems)
    assert article is not None
    return article


def parse_bundle(
    texts: Mapping[str, str],
    *,
    locale: str,
    slug: str,
    folder: Path | None = None,
    figures: Iterable[Figure] = (),
) -> Article:
    """The article held by a bundle's file texts keyed by file name, without touching disk.

    ``figures`` are the images of its ``figures/`` folder, already read; their credits
    come from the texts' article.yaml.
    """
    problems = Problems()
    by_name = {figure.name: figure for figure in figures}
    article = _parse(folder or Path(locale, slug), locale, slug, texts, by_name, problems)
    _raise_if(problems)
    assert article is not None
    return article


def _raise_if(problems: Problems) -> None:
    """Raise one BundleError naming every problem, in file and line order."""
    if problems:
        unique = dict.fromkeys(problems)
        raise BundleError(sorted(unique, key=lambda p: (str(p.path), p.line or 0)))


def _read_bundles(
    folders: Sequence[Path],
    problems: Problems,
    figure_limit: int,
    workers: int,
    progress: Progress | None,
) -> list[Article | None]:
    """The bundles in ``folders``, in order, read by ``workers`` processes or here."""
    limits = [figure_limit] * len(folders)
    if workers > 1 and len(folders) >= PARALLEL_FROM:
        # Spawned, not forked: the parent may hold database connections, which a forked
        # child must never share. Chunks keep the per-bundle overhead small.
        chunk = max(1, min(50, len(folders) // (workers * 8)))
        spawn = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(workers, mp_context=spawn) as pool:
                read = pool.map(_read_alone, folders, limits, chunksize=chunk)
                return _gather(read, len(folders), problems, progress)
        except BrokenProcessPool:
            # The workers could not start (a script without a ``__main__`` guard starts
            # itself again in each) or one died: the bundles are read here instead.
            pass
    return _gather(map(_read_alone, folders, limits), len(folders), problems, progress)


def _gather(
    read: Iterable[tuple[Article | None, Problems]],
    total: int,
    problems: Problems,
    progress: Progress | None,
) -> list[Article | None]:
    """The articles ``read`` gives, in order; their problems go to ``problems`` at the end,
    once all of them have been read."""
    articles, found = [], Problems()
    for done, (article, own) in enumerate(read, start=1):
        articles.append(article)
        found.extend(own)
        if progress is not None:
            progress(done, total)
    problems.extend(found)
    return articles


def _read_alone(folder: Path, figure_limit: int) -> tuple[Article | None, Problems]:
    """One bundle of a variants root and its own problems (in a worker process, or here)."""
    problems = Problems()
    return _read_bundle(folder, problems, figure_limit), problems


def _read_bundle(folder: Path, problems: Problems, figure_limit: int) -> Article | None:
    """Read the bundle files of ``folder``, in a variants root, and parse them."""
    texts = read_texts(folder, problems)
    figures = read_figures(folder, problems, figure_limit)
    resolved = folder.resolve()
    return _parse(folder, resolved.parent.name, resolved.name, texts, figures, problems)


def _read_single(
    folder: Path, given: str | None, problems: Problems, figure_limit: int
) -> Article | None:
    """Read one bundle folder given on its own, in the locale ``given`` or its parent names."""
    locale = single_bundle_locale(folder, given, problems)
    texts = read_texts(folder, problems)
    figures = read_figures(folder, problems, figure_limit)
    source = FROM_FOLDER if given is None else FROM_OPTION
    return _parse(folder, locale, folder.resolve().name, texts, figures, problems, source=source)


def _parse(
    folder: Path,
    locale: str | None,
    slug: str,
    texts: Mapping[str, str | None],
    figures: Mapping[str, Figure] | None,
    problems: Problems,
    *,
    source: str = FROM_FOLDER,
) -> Article | None:
    """Check one bundle's texts (None: unreadable, reported), adding to ``problems``.

    ``locale`` is None when there is none, already reported; ``source`` says where it
    came from. ``figures`` are the bundle's images by name (None: some unreadable, reported).
    """
    before = len(problems)
    check_folder_names(folder, locale, slug, problems, source=source)
    head = None
    if ARTICLE_FILE not in texts:
        problems.add(
            folder,
            None,
            f"has no {ARTICLE_FILE}; add one with question:, "
            "title:, status:, updated: and sections:",
        )
    elif (text := texts[ARTICLE_FILE]) is not None:
        head = parse_head(Reporter(folder / ARTICLE_FILE, problems), text)
    listed = None if head is None or head.sections is None else [s for s, _ in head.sections]
    accepted: tuple[str, ...] = ()
    if (vocabulary := texts.get(VOCABULARY_FILE)) is not None:
        accepted = parse_vocabulary(Reporter(folder / VOCABULARY_FILE, problems), vocabulary)

    variants: dict[str, dict[Audience, Variant]] = {}
    present: set[str] = set()
    for name in sorted(n for n in texts if n != ARTICLE_FILE and n.lower().endswith(".md")):
        file = Reporter(folder / name, problems)
        match = SECTION_FILE_PATTERN.fullmatch(name)
        if match is None:
            file.add(None, bad_file_name(name))
            continue
        section, audience = match.group("section"), Audience(match.group("audience"))
        present.add(section)
        if listed is not None and section not in listed:
            best = closest(section, listed)
            fix = f"rename the file to {best}.{audience}.md" if best else "remove the file"
            file.add(
                None,
                f"section {section!r} is not listed in sections: of {ARTICLE_FILE}; "
                f"add it there or {fix}",
            )
        if (text := texts[name]) is not None:
            variant = parse_variant(file, text, section, audience, head, figures)
            if variant is not None:
                variants.setdefault(section, {})[audience] = variant

    for section, line in head.sections if head and head.sections else ():
        if section not in present:
            problems.add(
                folder / ARTICLE_FILE,
                line,
                f"section {section!r} has no variant file; add {section}.layperson.md "
                f"and/or {section}.clinician.md next to {ARTICLE_FILE}, or remove it from "
                "sections:",
            )
    asked: tuple[Asked, ...] | None = ()
    if (text := texts.get(READERS_ASKED_FILE)) is not None:
        asked = parse_asked(Reporter(folder / READERS_ASKED_FILE, problems), text, head)
    if figures is not None:
        bodies = (t for n, t in texts.items() if n.lower().endswith(".md") and t is not None)
        check_unshown(folder, figures, shown_figures(bodies), problems)
        _check_credits(folder, head, figures, problems)
    if (
        locale is None
        or figures is None
        or len(problems) > before
        or head is None
        or head.sections is None
    ):
        return None
    assert asked is not None
    return _article(locale, slug, head, variants, figures, accepted, asked)


def _check_credits(
    folder: Path, head: Head | None, figures: Mapping[str, Figure], problems: Problems
) -> None:
    """Every credit in article.yaml names a figure of the bundle."""
    for name, (_credit, line) in (head.credits if head else {}).items():
        if name not in figures:
            best = closest(name, figures)
            problems.add(
                folder / ARTICLE_FILE,
                line,
                f"figure {name!r} has a credit but no file in figures/; "
                + (f"write {best}, or " if best else "")
                + "add the image or remove its entry under figures:",
            )


def _article(
    locale: str,
    slug: str,
    head: Head,
    variants: dict[str, dict[Audience, Variant]],
    figures: Mapping[str, Figure],
    accepted: tuple[str, ...] = (),
    asked: tuple[Asked, ...] = (),
) -> Article:
    """Assemble a checked bundle: titles and variants in audience order, figures by name."""
    values, titles = head.values, head.values["title"]
    assert isinstance(titles, dict) and head.sections is not None
    return Article(
        locale=locale,
        slug=slug,
        question=str(values["question"]),
        titles=tuple((a, str(titles[a.value])) for a in Audience if a.value in titles),
        topic=_optional(values.get("topic"), str),
        status=Status(str(values["status"])),
        updated=_required(values["updated"], dt.date),
        sections=tuple(
            Section(key, tuple(variants[key][a] for a in Audience if a in variants[key]))
            for key, node_line in head.sections
        ),
        references=tuple(_required(values.get("references", []), list)),
        reviewed=_optional(values.get("reviewed"), dt.date),
        reviewed_by=_optional(values.get("reviewed_by"), str),
        accepted_terms=accepted,
        review_due=_optional(values.get("review_due"), dt.date),
        asked=asked,
        figures=tuple(
            dataclasses.replace(figures[name], credit=head.credits.get(name, (None, 0))[0])
            for name in sorted(figures)
        ),
    )


def _required(value: object, kind: type[T]) -> T:
    """``value``, known by now to be a ``kind``."""
    assert isinstance(value, kind)
    return value


def _optional(value: object, kind: type[T]) -> T | None:
    """``value`` if it is a ``kind``, else None."""
    return value if isinstance(value, kind) else None
