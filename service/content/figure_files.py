"""Figures in a bundle: the image files of ``figures/``, and the Markdown that shows them.

Every figure a section shows must be a file in the bundle's own ``figures/`` folder,
with alt text; every file there must be shown somewhere; the bytes must be a PNG, JPEG,
GIF or WebP image (judged by its content, not its name) no larger than the limit.
Nothing is ever fetched from elsewhere: an address with a scheme or a host is refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from service.content.folders import stays_inside
from service.content.images import EXTENSIONS, image_info, looks_like_svg
from service.content.layout import closest, key_guess
from service.content.model import Article, Figure
from service.content.problems import Problems
from service.content.yaml_fields import Reporter
from service.writing.figures import FIGURE_NAME, FIGURES_FOLDER, REMOTE, find_images

_KINDS = "a PNG, JPEG, GIF or WebP image"
EXAMPLE = "![What the picture shows](figures/name.png)"


def read_figures(folder: Path, problems: Problems, limit: int) -> dict[str, Figure] | None:
    """The figures in ``folder/figures/`` by file name; None when some could not be read."""
    where = folder / FIGURES_FOLDER
    if not where.exists() and not where.is_symlink():
        return {}
    if not where.is_dir() or not stays_inside(where, folder.resolve(), problems):
        if where.is_file():
            problems.add(where, None, "must be a folder holding the bundle's image files")
        return None
    try:
        paths = sorted(where.iterdir())
    except OSError as error:
        problems.add(where, None, f"cannot be listed ({error.strerror}); make it readable")
        return None
    figures: dict[str, Figure] = {}
    ok = True
    for path in paths:
        if path.name.startswith("."):
            continue
        if path.is_dir():
            problems.add(path, None, "is a folder; figures/ holds image files only")
            ok = False
            continue
        data = _read_bytes(path, folder, problems, limit)
        figure = None if data is None else figure_file(path, data, problems)
        if figure is None:
            ok = False
        else:
            figures[figure.name] = figure
    return figures if ok else None


def _read_bytes(path: Path, folder: Path, problems: Problems, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is inside the bundle and within ``limit``; else reported."""
    if not stays_inside(path, folder.resolve(), problems):
        return None
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        problems.add(path, None, f"cannot be read ({error.strerror}); fix its permissions")
        return None
    if len(data) > limit:
        problems.add(
            path,
            None,
            f"is larger than {_size(limit)}, the limit for one figure; save it smaller "
            "(fewer pixels, or JPEG or WebP for photographs)",
        )
        return None
    return data


def figure_file(path: Path, data: bytes, problems: Problems) -> Figure | None:
    """The figure held by the file at ``path``; None (reported) when it is no usable image."""
    name = path.name
    stem, _, ending = name.rpartition(".")
    info = image_info(data)
    if info is None:
        if looks_like_svg(data):
            message = (
                "is an SVG drawing, which can carry scripts; export it as a PNG "
                f"({key_guess(stem or name)}.png) and use that"
            )
        else:
            message = f"is not {_KINDS}; save the picture in one of those formats"
        problems.add(path, None, message)
        return None
    if ending.lower() not in info.extensions:
        problems.add(
            path,
            None,
            f"holds {_KIND_NAMES[info.media_type]} image but its name ends in .{ending or '?'}; "
            f"rename it {key_guess(stem or name)}.{info.extensions[0]}",
        )
        return None
    if not FIGURE_NAME.fullmatch(name):
        problems.add(
            path,
            None,
            "figure name is not lower-case words joined by hyphens; rename it "
            f"{key_guess(stem)}.{ending.lower()} (and the Markdown that shows it)",
        )
        return None
    return Figure(
        name=name,
        digest=hashlib.sha256(data).hexdigest(),
        media_type=info.media_type,
        width=info.width,
        height=info.height,
        data=data,
    )


_KIND_NAMES = {
    "image/png": "a PNG",
    "image/jpeg": "a JPEG",
    "image/gif": "a GIF",
    "image/webp": "a WebP",
}
assert set(_KIND_NAMES) == set(EXTENSIONS)


def _size(limit: int) -> str:
    """A byte count as people say it: 2 MiB, 300 KiB."""
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    return f"{limit // 1024} KiB" if limit >= 1024 else f"{limit} bytes"


def check_figure_uses(
    file: Reporter, body: str, first_line: int, figures: Mapping[str, Figure] | None
) -> None:
    """Every image in ``body`` (starting at ``first_line``) is a figure of the bundle.

    ``figures`` is None when the bundle's figures could not all be read (reported):
    then only what the Markdown itself says is checked.
    """
    for use in find_images(body):
        line = first_line + use.line - 1
        name = use.figure_name
        if REMOTE.match(use.src):
            file.add(
                line,
                f"image {use.src} is not in the bundle, and Twofold never loads images from "
                "elsewhere; save the picture in the bundle's figures/ folder and write "
                f"{EXAMPLE}",
            )
            continue
        if name is None:
            file.add(
                line,
                f"image {use.src} must be written figures/<file name>, a file in the bundle's "
                f"figures/ folder, as in {EXAMPLE}",
            )
            continue
        if figures is not None and name not in figures:
            best = closest(name, figures)
            fix = f"write figures/{best}, or " if best else ""
            file.add(
                line,
                f"figures/{name} does not exist; {fix}add the image file to the bundle's "
                "figures/ folder",
            )
        if not use.alt:
            file.add(
                line,
                f"figure figures/{name} has no alt text; say what the picture shows "
                f"between the brackets, as in ![A small white bump on an eyelid](figures/{name})",
            )
        if not use.alone:
            file.add(
                line,
                f"figure figures/{name} must stand alone in its own paragraph; put a blank "
                "line before and after it",
            )


def shown_figures(bodies: Iterable[str]) -> set[str]:
    """The figure file names that ``bodies`` show."""
    return {name for body in bodies for use in find_images(body) if (name := use.figure_name)}


def check_unshown(
    folder: Path, figures: Mapping[str, Figure], shown: set[str], problems: Problems
) -> None:
    """Every figure file must be shown by some section: an unused picture is a mistake."""
    for name in sorted(set(figures) - shown):
        problems.add(
            folder / FIGURES_FOLDER / name,
            None,
            f"no section shows this figure; add ![What the picture shows](figures/{name}) "
            "to a section, or delete the file",
        )


def without_unshown(article: Article) -> Article:
    """``article`` less the figures no section shows any more (older revisions keep them).

    An edit that takes the last mention of a figure out of the text takes the figure
    out of the new revision: the loader refuses a figure no section shows.
    """
    shown = shown_figures(v.body for s in article.sections for v in s.variants)
    kept = tuple(f for f in article.figures if f.name in shown)
    return article if kept == article.figures else dataclasses.replace(article, figures=kept)
