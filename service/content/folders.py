"""Finding bundle folders under a path, reading their files, and checking their names."""

from __future__ import annotations

import re
from pathlib import Path

from babel import localedata

from service.content.layout import (
    ARTICLE_FILE,
    KEY_PATTERN,
    LOCALE_PATTERN,
    MAX_FILE_BYTES,
    READERS_ASKED_FILE,
    SECTION_FILE_PATTERN,
    TOO_BIG,
    key_guess,
)
from service.content.problems import Problems
from service.content.vocabulary_file import VOCABULARY_FILE
from service.readability.languages import (
    UnsupportedLanguage,
    language_code,
    supported_languages,
)
from service.writing.characters import CONTROL_CHARACTER


def is_bundle(folder: Path, problems: Problems) -> bool:
    """Whether ``folder`` is a bundle (maybe lacking article.yaml) rather than a root."""
    names = (p.name for p in _children(folder, problems))
    return any(n == ARTICLE_FILE or SECTION_FILE_PATTERN.fullmatch(n) for n in names)


def bundle_folders(root: Path, problems: Problems) -> list[Path]:
    """The ``<locale>/<slug>/`` folders of a variants root; loose files are ignored."""
    folders = []
    for locale_dir in _subfolders(root, problems):
        if (locale_dir / ARTICLE_FILE).is_file():
            message = f"holds {ARTICLE_FILE}, so {root} looks like a locale folder"
            problems.add(locale_dir, None, f"{message}; give its parent or the bundle folder")
        else:
            folders.extend(_subfolders(locale_dir, problems))
    return folders


def _subfolders(folder: Path, problems: Problems) -> list[Path]:
    """Visible subfolders of ``folder``, sorted by name."""
    return [c for c in _children(folder, problems) if c.is_dir() and not c.name.startswith(".")]


def _children(folder: Path, problems: Problems) -> list[Path]:
    """Everything in ``folder``, sorted by name; nothing (reported) if it cannot be listed."""
    try:
        return sorted(folder.iterdir())
    except OSError as error:
        problems.add(
            folder,
            None,
            f"cannot be listed ({error.strerror}); check that it exists and is readable",
        )
        return []


def read_texts(folder: Path, problems: Problems) -> dict[str, str | None]:
    """The bundle files of ``folder`` by name (None: unreadable, reported); others left alone."""
    texts: dict[str, str | None] = {}
    root = folder.resolve()
    for path in _children(folder, problems):
        wanted = path.name in (ARTICLE_FILE, VOCABULARY_FILE, READERS_ASKED_FILE) or (
            path.suffix.lower() == ".md"
        )
        if not wanted or path.name.startswith("."):
            continue
        if not stays_inside(path, root, problems):
            texts[path.name] = None
        elif path.is_file():
            texts[path.name] = _read_text(path, problems)
    return texts


def stays_inside(path: Path, root: Path, problems: Problems) -> bool:
    """Whether ``path`` (a link, maybe) resolves inside the bundle; reported if not.

    Checked before anything is read: a link could otherwise publish any file the
    loading user can read.
    """
    resolved = path.resolve()
    if resolved.parent == root or root in resolved.parents:
        return True
    problems.add(
        path,
        None,
        f"is a link to {resolved}, outside the bundle; copy the file into "
        f"{root.name}/ instead of linking to it",
    )
    return False


def _read_text(path: Path, problems: Problems) -> str | None:
    """The UTF-8 text of ``path``, or None after reporting why it cannot be had."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        problems.add(path, None, f"cannot be read ({error.strerror}); fix its permissions")
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.add(path, None, TOO_BIG)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.add(
            path,
            line,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} "
            "cannot be decoded); save the file as UTF-8",
        )
        return None
    control = CONTROL_CHARACTER.search(text)
    if control:
        problems.add(
            path,
            text.count("\n", 0, control.start()) + 1,
            f"holds a control character (U+{ord(control.group()):04X}) that text cannot "
            "contain; delete it (an editor that shows invisible characters finds it)",
        )
        return None
    return text


# Where a bundle's locale came from, as the messages about it say.
FROM_FOLDER = "the name of the folder holding the bundle"
FROM_OPTION = "given with --locale"


def single_bundle_locale(folder: Path, given: str | None, problems: Problems) -> str | None:
    """The locale of one bundle folder read on its own: ``given``, else its parent's name.

    In a variants root the folder holding a bundle names its locale. A bundle folder
    given alone may sit anywhere, so its parent counts only if it names a language;
    ``given`` (``variants load --locale``) says the locale otherwise, and may not
    contradict a parent that names one. None (reported) when neither says a locale, or
    when they disagree.
    """
    parent = folder.resolve().parent.name
    named = bool(LOCALE_PATTERN.fullmatch(parent)) and _names_a_language(parent)
    if given is not None:
        if named and given != parent:
            problems.add(
                folder,
                None,
                f"--locale {given} contradicts the folder holding the bundle, {parent}/, "
                f"which names locale {parent}; drop --locale to load it as {parent}, or "
                f"move the bundle out of {parent}/ to load it as {given}",
            )
            return None
        return given
    meant = parent if LOCALE_PATTERN.fullmatch(parent) else _locale_guess(parent)
    if meant is not None and _names_a_language(meant):
        return parent  # a locale, or one misspelt: check_folder_names says how to fix it
    scored = supported_languages()
    problems.add(
        folder,
        None,
        f"has no locale: a bundle's locale is the name of the folder holding it, and "
        f"{parent!r} names no language; say which with --locale, as in variants load "
        f"--locale LOCALE {folder} (Twofold scores {', '.join(scored[:-1])} and "
        f"{scored[-1]}, also with a region such as es-419), or move the bundle into a "
        f"variants root as <locale>/{folder.resolve().name}/",
    )
    return None


def check_folder_names(
    folder: Path, locale: str | None, slug: str, problems: Problems, *, source: str = FROM_FOLDER
) -> None:
    """The bundle's locale (from ``source``; None: none, reported) is a language tag the
    engine scores; the bundle folder names its slug."""
    if locale is None:
        pass
    elif not LOCALE_PATTERN.fullmatch(locale):
        guess = _locale_guess(locale)
        fix = "name the folder like" if source == FROM_FOLDER else "write it like"
        problems.add(
            folder.parent if source == FROM_FOLDER else folder,
            None,
            f"locale {locale!r} ({source}) is not a language tag; {fix} en, es or pt-BR"
            + (f" (here: {guess})" if guess else ""),
        )
    elif not _has_readability_formulas(locale):
        # Refused rather than scored as English: the policy would judge it by the wrong formulas.
        scored = supported_languages()
        problems.add(
            folder / ARTICLE_FILE,
            None,
            f"locale {locale!r} has no readability formulas; Twofold scores "
            f"{', '.join(scored[:-1])} and {scored[-1]} — add formulas for "
            f"{locale.split('-')[0]} to service/readability before loading it",
        )
    if not KEY_PATTERN.fullmatch(slug):
        problems.add(
            folder,
            None,
            f"slug {slug!r} (the bundle folder's name) is not lower-case words joined by "
            f"hyphens; rename the folder to {key_guess(slug)}",
        )


def _names_a_language(tag: str) -> bool:
    """Whether the language tag ``tag`` names a language ("es-419": yes; "tmp": no)."""
    return localedata.exists(tag.replace("-", "_"))


def _has_readability_formulas(locale: str) -> bool:
    """Whether the readability engine scores ``locale``'s language ("es-419": Spanish)."""
    try:
        language_code(locale)
    except UnsupportedLanguage:
        return False
    return True


def _locale_guess(value: str) -> str | None:
    """The language tag ``value`` probably means, such as pt-BR for pt_br."""
    first, *rest = re.split(r"[-_]", value)
    guess = "-".join([first.lower()] + [p.title() if len(p) == 4 else p.upper() for p in rest])
    return guess if LOCALE_PATTERN.fullmatch(guess) else None
