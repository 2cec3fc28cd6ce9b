"""Reading ``variants/<locale>/<slug>/`` bundles into Articles, naming every problem found."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml

from service.audience import Audience
from service.content.citations import find_citations
from service.content.model import Article, Reference, Section, Status, Variant
from service.readability.languages import (
    UnsupportedLanguage,
    language_code,
    supported_languages,
)

ARTICLE_FILE = "article.yaml"
# A bundle file larger than this is refused unread: bundles are hand-written text.
MAX_FILE_BYTES = 256 * 1024

# Slugs and section keys: lower-case words (letters or digits) joined by hyphens.
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A language tag as locales are written here: language, optional script, optional region.
LOCALE_PATTERN = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
# Keys that ``service.content.citations`` finds inside ``[@...]``.
REFERENCE_KEY_PATTERN = re.compile(r"[A-Za-z0-9_][\w:.#$%&+?<>~/-]*")
SECTION_FILE_PATTERN = re.compile(
    rf"(?P<section>{KEY_PATTERN.pattern})\.(?P<audience>{'|'.join(Audience)})\.md"
)

ARTICLE_FIELDS = (
    "question",
    "title",
    "topic",
    "status",
    "updated",
    "reviewed",
    "reviewed_by",
    "sections",
    "references",
)
REFERENCE_FIELDS = ("key", "title", "journal", "year", "doi", "pmid", "url")
_REQUIRED = {
    "question": "question: What causes milia to form?",
    "title": "title: with layperson: and/or clinician: under it",
    "status": "status: draft",
    "updated": "updated: 2025-06-27",
    "sections": "sections: [overview, causes]",
}
_AUDIENCES = tuple(a.value for a in Audience)
_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FRONT_MATTER = "start the file with a line ---, then title: <the section heading>, then ---"

Entry = tuple[int, yaml.Node]  # a mapping value and the line of its key
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bundle: the file, the line if known, and how to fix it."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class BundleError(Exception):
    """A bundle that cannot be loaded, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class _Problems(list[Problem]):
    """Problems found so far in one load, across all its files."""

    def add(self, path: Path, line: int | None, message: str) -> None:
        """Record a problem with ``path`` at ``line``."""
        self.append(Problem(path, line, message))


def normalise_body(text: str) -> str:
    """The canonical body: LF line ends, no leading blank lines, no trailing whitespace."""
    return _split_body(text.replace("\r\n", "\n").replace("\r", "\n"))[1]


def read_path(path: Path | str) -> tuple[Article, ...]:
    """Every article under ``path``, a variants root or one bundle folder; all or nothing."""
    path = Path(path)
    problems = _Problems()
    if not path.is_dir():
        message = "is not a folder; give a variants root (holding <locale>/<slug>/ folders)"
        problems.add(path, None, f"{message} or one bundle folder (holding article.yaml)")
        _raise_if(problems)
    folders = [path] if _is_bundle(path, problems) else _bundle_folders(path, problems)
    articles = [_read_bundle(folder, problems) for folder in folders]
    _raise_if(problems)
    return tuple(a for a in articles if a is not None)


# The CLI speaks of a variants root; a bundle folder is taken just the same.
read_root = read_path


def read_bundle(folder: Path | str) -> Article:
    """The article in one bundle folder, ``<locale>/<slug>/``."""
    problems = _Problems()
    article = _read_bundle(Path(folder), problems)
    _raise_if(problems)
    assert article is not None
    return article


def parse_bundle(
    texts: Mapping[str, str], *, locale: str, slug: str, folder: Path | None = None
) -> Article:
    """The article held by a bundle's file texts keyed by file name, without touching disk."""
    problems = _Problems()
    article = _parse(folder or Path(locale, slug), locale, slug, texts, problems)
    _raise_if(problems)
    assert article is not None
    return article


def _raise_if(problems: _Problems) -> None:
    """Raise one BundleError naming every problem, in file and line order."""
    if problems:
        unique = dict.fromkeys(problems)
        raise BundleError(sorted(unique, key=lambda p: (str(p.path), p.line or 0)))


def _is_bundle(folder: Path, problems: _Problems) -> bool:
    """Whether ``folder`` is a bundle (maybe lacking article.yaml) rather than a root."""
    names = (p.name for p in _children(folder, problems))
    return any(n == ARTICLE_FILE or SECTION_FILE_PATTERN.fullmatch(n) for n in names)


def _bundle_folders(root: Path, problems: _Problems) -> list[Path]:
    """The ``<locale>/<slug>/`` folders of a variants root; loose files are ignored."""
    folders = []
    for locale_dir in _subfolders(root, problems):
        if (locale_dir / ARTICLE_FILE).is_file():
            message = f"holds {ARTICLE_FILE}, so {root} looks like a locale folder"
            problems.add(locale_dir, None, f"{message}; give its parent or the bundle folder")
        else:
            folders.extend(_subfolders(locale_dir, problems))
    return folders


def _subfolders(folder: Path, problems: _Problems) -> list[Path]:
    """Visible subfolders of ``folder``, sorted by name."""
    return [c for c in _children(folder, problems) if c.is_dir() and not c.name.startswith(".")]


def _children(folder: Path, problems: _Problems) -> list[Path]:
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


def _read_bundle(folder: Path, problems: _Problems) -> Article | None:
    """Read the bundle files of ``folder`` (other files are left alone) and parse them."""
    texts: dict[str, str | None] = {}
    for path in _children(folder, problems):
        wanted = path.name == ARTICLE_FILE or path.suffix.lower() == ".md"
        if wanted and not path.name.startswith(".") and path.is_file():
            texts[path.name] = _read_text(path, problems)
    resolved = folder.resolve()
    return _parse(folder, resolved.parent.name, resolved.name, texts, problems)


def _read_text(path: Path, problems: _Problems) -> str | None:
    """The UTF-8 text of ``path``, or None after reporting why it cannot be had."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        problems.add(path, None, f"cannot be read ({error.strerror}); fix its permissions")
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.add(path, None, _TOO_BIG)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.add(
            path,
            line,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} "
            "cannot be decoded); save the file as UTF-8",
        )
        return None


_TOO_BIG = (
    f"is larger than {MAX_FILE_BYTES // 1024} KiB, the limit for one bundle file; "
    "split the text into more sections"
)


def _too_big(text: str) -> bool:
    """Whether ``text`` would take more than MAX_FILE_BYTES as UTF-8."""
    return len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES


@dataclass
class _Head:
    """What article.yaml says, as far as it could be read; None marks a bad value."""

    values: dict[str, object] = field(default_factory=dict)
    sections: list[tuple[str, int]] | None = None  # key and line; None if unusable
    reference_keys: list[str] = field(default_factory=list)
    references_ok: bool = True  # False: some keys unknown, so citations go unchecked


def _parse(
    folder: Path, locale: str, slug: str, texts: Mapping[str, str | None], problems: _Problems
) -> Article | None:
    """Check one bundle's texts (None: unreadable, reported), adding to ``problems``."""
    before = len(problems)
    _check_folder_names(folder, locale, slug, problems)
    head = None
    if ARTICLE_FILE not in texts:
        problems.add(
            folder,
            None,
            f"has no {ARTICLE_FILE}; add one with question:, "
            "title:, status:, updated: and sections:",
        )
    elif (text := texts[ARTICLE_FILE]) is not None:
        head = _parse_head(_Reporter(folder / ARTICLE_FILE, problems), text)
    listed = None if head is None or head.sections is None else [s for s, _ in head.sections]

    variants: dict[str, dict[Audience, Variant]] = {}
    present: set[str] = set()
    for name in sorted(n for n in texts if n != ARTICLE_FILE and n.lower().endswith(".md")):
        file = _Reporter(folder / name, problems)
        match = SECTION_FILE_PATTERN.fullmatch(name)
        if match is None:
            file.add(None, _bad_file_name(name))
            continue
        section, audience = match.group("section"), Audience(match.group("audience"))
        present.add(section)
        if listed is not None and section not in listed:
            best = _closest(section, listed)
            fix = f"rename the file to {best}.{audience}.md" if best else "remove the file"
            file.add(
                None,
                f"section {section!r} is not listed in sections: of {ARTICLE_FILE}; "
                f"add it there or {fix}",
            )
        if (text := texts[name]) is not None:
            variant = _parse_variant(file, text, section, audience, head)
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
    if len(problems) > before or head is None or head.sections is None:
        return None
    return _article(locale, slug, head, variants)


def _article(
    locale: str, slug: str, head: _Head, variants: dict[str, dict[Audience, Variant]]
) -> Article:
    """Assemble a checked bundle: titles and variants in audience order."""
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
            for key, _line in head.sections
        ),
        references=tuple(_required(values.get("references", []), list)),
        reviewed=_optional(values.get("reviewed"), dt.date),
        reviewed_by=_optional(values.get("reviewed_by"), str),
    )


def _required(value: object, kind: type[T]) -> T:
    """``value``, known by now to be a ``kind``."""
    assert isinstance(value, kind)
    return value


def _optional(value: object, kind: type[T]) -> T | None:
    """``value`` if it is a ``kind``, else None."""
    return value if isinstance(value, kind) else None


def _check_folder_names(folder: Path, locale: str, slug: str, problems: _Problems) -> None:
    """The folder holding a bundle names its locale; the bundle folder names its slug."""
    if not LOCALE_PATTERN.fullmatch(locale):
        guess = _locale_guess(locale)
        problems.add(
            folder.parent,
            None,
            f"locale {locale!r} (the name of the folder holding the bundle) is not a "
            "language tag; name the folder like en, es or pt-BR"
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
            f"hyphens; rename the folder to {_key_guess(slug)}",
        )


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


def _key_guess(value: str) -> str:
    """``value`` as lower-case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower())) or "overview"


def _closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, if one is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _bad_file_name(name: str) -> str:
    """What is wrong with a Markdown file's name, and the name to use instead."""
    stem, ending = name[:-3], name[-3:]
    parts = stem.split(".")
    key = _key_guess(parts[0])
    if len(parts) == 1:
        return f"file name has no audience; rename it {key}.layperson.md or {key}.clinician.md"
    if len(parts) > 2:
        return (
            "file name has too many dots; section files are named <section>.<audience>.md, "
            "such as overview.layperson.md"
        )
    if parts[1] not in _AUDIENCES:
        best = _closest(parts[1].lower(), _AUDIENCES)
        fix = f"{key}.{best}.md" if best else f"{key}.layperson.md or {key}.clinician.md"
        return f"unknown audience {parts[1]!r} in the file name; rename it {fix}"
    if ending != ".md":
        return f"file name must end in lower-case .md; rename it {key}.{parts[1]}.md"
    return (
        f"section {parts[0]!r} in the file name is not lower-case words joined by hyphens; "
        f"rename it {key}.{parts[1]}.md"
    )


class _Reporter:
    """Reports problems of one file; reads its YAML nodes into checked values."""

    def __init__(self, path: Path, problems: _Problems) -> None:
        self.path = path
        self.problems = problems
        self.suggested: set[str] = set()  # known keys offered for misspelt ones

    def add(self, line: int | None, message: str) -> None:
        """Record a problem at ``line`` of this file."""
        self.problems.add(self.path, line, message)

    def compose(self, text: str) -> yaml.Node | None:
        """The YAML node tree of ``text``; None for no document (reported if invalid)."""
        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            what = " ".join(str(p) for p in (error.context, error.problem) if p)
            self.add(
                mark.line + 1 if mark else None,
                f"is not valid YAML ({what}); check the indentation, and put text that holds "
                "': ' or ' #' or starts with a sign such as - [ { & * ! | > ' \" % @ in quotes",
            )
        except RecursionError:
            self.add(None, "nests lists or mappings too deeply to read; flatten it")
        except yaml.reader.ReaderError as error:  # a character YAML refuses to read
            self.add(
                text.count("\n", 0, error.position) + 1,
                f"holds the character U+{error.character:04X}, which YAML does not allow; "
                'remove it, or write it as an escape inside double quotes, such as "\\u0007"',
            )
        return None

    def mapping(self, node: yaml.Node, known: Sequence[str], where: str) -> dict[str, Entry]:
        """Entries of a mapping node by key; unknown and repeated keys are reported."""
        if not isinstance(node, yaml.MappingNode):
            self.add(
                _line(node),
                f"{where} must be a mapping of fields such as {known[0]}: ..., not {_kind(node)}",
            )
            return {}
        entries: dict[str, Entry] = {}
        for key_node, value in node.value:
            key, line = str(key_node.value), _line(key_node)
            if key in entries:
                self.add(
                    line,
                    f"{key}: appears twice in {where} (first on line {entries[key][0]}); keep one",
                )
            elif key not in known or not isinstance(key_node, yaml.ScalarNode):
                best = _closest(key, known)
                fix = f"write {best}: instead" if best else f"use one of: {', '.join(known)}"
                self.add(line, f"unknown field {key}: in {where}; {fix}")
                self.suggested.add(best or "")
            else:
                entries[key] = (line, value)
        return entries

    def text(self, entry: Entry, name: str) -> str | None:
        """A one-line text value; None (reported) when it is not one."""
        line, node = entry
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else None
        if value is None:
            self.add(line, f"{name} must be text on one line, not {_kind(node)}")
        elif _is_null(node) or not value.strip():
            self.add(line, f"{name} is empty; write it after {name}:")
        elif _LINE_BREAKS.search(value):
            self.add(line, f"{name} must be one line; join its lines into one")
        else:
            return value
        return None

    def date(self, entry: Entry, name: str) -> dt.date | None:
        """A YYYY-MM-DD date; None (reported) when it is not one."""
        line, node = entry
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.add(
            line,
            f"{name} must be a real date written YYYY-MM-DD, such as {name}: "
            f"2025-06-27; got {_kind(node)}",
        )
        return None


def _line(node: yaml.Node) -> int:
    """The 1-based line where ``node`` starts."""
    return int(node.start_mark.line) + 1


def _is_null(node: yaml.Node) -> bool:
    """Whether ``node`` is YAML's null: nothing, ``~`` or ``null``."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _kind(node: yaml.Node) -> str:
    """How a node's value reads in a message."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    value = str(node.value)
    return repr(value if len(value) <= 60 else f"{value[:57]}...")


def _parse_head(file: _Reporter, text: str) -> _Head | None:
    """Check article.yaml; what could be read of it, or None if it is no mapping."""
    count = len(file.problems)
    node = None if _too_big(text) else file.compose(text)
    if node is None:
        if len(file.problems) == count:
            empty = "is empty; write question:, title:, status:, updated: and sections:"
            file.add(None, _TOO_BIG if _too_big(text) else empty)
        return None
    if not isinstance(node, yaml.MappingNode):
        file.add(
            _line(node), f"must be a mapping of fields such as question: ..., not {_kind(node)}"
        )
        return None
    entries = file.mapping(node, ARTICLE_FIELDS, ARTICLE_FILE)
    for name, example in _REQUIRED.items():
        if name not in entries and name not in file.suggested:
            file.add(None, f"{name}: is missing; add it, e.g. {example}")
    head = _Head()
    optional = {k: v for k, v in entries.items() if not (_is_null(v[1]) and k not in _REQUIRED)}
    for name, entry in optional.items():
        if name in ("question", "topic", "reviewed_by"):
            head.values[name] = file.text(entry, name)
        elif name in ("updated", "reviewed"):
            head.values[name] = file.date(entry, name)
        elif name == "status":
            head.values[name] = _parse_status(file, entry)
        elif name == "title":
            head.values[name] = _parse_titles(file, entry)
        elif name == "sections":
            head.sections = _parse_sections(file, entry)
        elif name == "references":
            head.values[name] = _parse_references(file, entry, head)
    return head


def _parse_status(file: _Reporter, entry: Entry) -> str | None:
    """The status, one of the review workflow's steps."""
    value = file.text(entry, "status")
    statuses = [s.value for s in Status]
    if value is not None and value not in statuses:
        best = _closest(value, statuses)
        file.add(
            entry[0],
            f"status {value!r} is not a review status; use one of: "
            f"{' | '.join(statuses)}{f' (did you mean {best}?)' if best else ''}",
        )
        return None
    return value


def _parse_titles(file: _Reporter, entry: Entry) -> dict[str, str] | None:
    """The ``title:`` mapping of audience to title."""
    line, node = entry
    if (isinstance(node, yaml.MappingNode) and not node.value) or _is_null(node):
        file.add(
            line,
            "title: needs layperson: and/or clinician: under it, each with the title "
            "for that audience",
        )
        return None
    entries = file.mapping(node, _AUDIENCES, "title:")
    titles = {name: file.text(value, f"title {name}") for name, value in entries.items()}
    if not titles or None in titles.values():
        return None
    return {k: v for k, v in titles.items() if v is not None}


def _parse_sections(file: _Reporter, entry: Entry) -> list[tuple[str, int]] | None:
    """The listed section keys in page order, each with its line."""
    line, node = entry
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        file.add(
            line,
            "sections must be a list of section keys in page order, such as "
            f"sections: [overview, causes]; got {_kind(node)}",
        )
        return None
    sections: dict[str, int] = {}
    for item in node.value:
        value = str(item.value) if isinstance(item, yaml.ScalarNode) else _kind(item)
        if not isinstance(item, yaml.ScalarNode) or not KEY_PATTERN.fullmatch(value):
            file.add(
                _line(item),
                f"section {value!r} is not lower-case words joined by hyphens; "
                f"write {_key_guess(value)} and name its files the same",
            )
        elif value in sections:
            file.add(
                _line(item),
                f"section {value!r} is listed twice (first on line "
                f"{sections[value]}); list each section once",
            )
        else:
            sections[value] = _line(item)
    return list(sections.items()) if len(sections) == len(node.value) else None


def _parse_references(file: _Reporter, entry: Entry, head: _Head) -> list[Reference] | None:
    """The reference list; keys that could be read go to ``head`` for citation checks."""
    line, node = entry
    if not isinstance(node, yaml.SequenceNode):
        head.references_ok = False
        file.add(line, f"references must be a list of entries starting - key:, not {_kind(node)}")
        return None
    references: list[Reference] = []
    first_line: dict[str, int] = {}
    for number, item in enumerate(node.value, start=1):
        fields = file.mapping(item, REFERENCE_FIELDS, f"reference {number}")
        if not isinstance(item, yaml.MappingNode):
            head.references_ok = False
            continue
        key = _parse_reference_key(file, fields, number, _line(item))
        if key is None:
            head.references_ok = False
        elif key in first_line:
            file.add(
                fields["key"][0],
                f"reference key {key!r} is used twice (first on line "
                f"{first_line[key]}); give each reference its own key",
            )
        else:
            first_line[key] = fields["key"][0]
            head.reference_keys.append(key)
        reference = _parse_reference(file, fields, key or str(number), _line(item))
        if reference is not None and key is not None:
            references.append(reference)
    return references if len(references) == len(node.value) else None


def _parse_reference_key(
    file: _Reporter, fields: dict[str, Entry], number: int, line: int
) -> str | None:
    """The key a reference is cited by, such as smith2020."""
    if "key" not in fields:
        file.add(
            line,
            f"reference {number} has no key; add key: with a name to cite it by, "
            "such as key: smith2020",
        )
        return None
    key = file.text(fields["key"], "key")
    if key is not None and not REFERENCE_KEY_PATTERN.fullmatch(key):
        file.add(
            fields["key"][0],
            f"reference key {key!r} cannot be cited; use letters, digits "
            "and _:.#$%&+?<>~/- without spaces, such as smith2020",
        )
        return None
    return key


# Identifiers readers follow as links: what each must look like, and how to say so.
_IDENTIFIER_FORMS = {
    "url": (
        r"https?://[^\s<>\"]+",
        "must be a web address starting https:// or http://",
    ),
    "doi": (
        r"10\.\d{4,9}/\S+",
        "must look like 10.1016/j.jaad.2008.07.034, without https://doi.org/ in front",
    ),
    "pmid": (r"[0-9]{1,9}", "must be the PubMed number only, such as 18786734"),
}


def _parse_reference(
    file: _Reporter, fields: dict[str, Entry], key: str, line: int
) -> Reference | None:
    """One reference's fields other than its key."""
    ok = "title" in fields
    if not ok:
        file.add(line, f"reference {key!r} has no title; add title: with the work's title")
    values: dict[str, str | None] = {}
    for name in ("title", "journal", "doi", "pmid", "url"):
        if name in fields and (name == "title" or not _is_null(fields[name][1])):
            values[name] = file.text(fields[name], f"{name} of reference {key!r}")
            ok = ok and values[name] is not None
    for name, (pattern, example) in _IDENTIFIER_FORMS.items():
        value = values.get(name)
        if value is not None and not re.fullmatch(pattern, value):
            ok = False
            file.add(fields[name][0], f"{name} of reference {key!r} {example}; got {value!r}")
    year = None
    if "year" in fields and not _is_null(fields["year"][1]):
        year_line, node = fields["year"]
        if node.tag == _INT_TAG and re.fullmatch(r"[-+]?[0-9]+", str(node.value)):
            year = int(node.value)
        else:
            ok = False
            file.add(
                year_line,
                f"year of reference {key!r} must be a whole number without "
                f"quotes, such as year: 2008; got {_kind(node)}",
            )
    if not ok:
        return None
    return Reference(
        key=key,
        title=str(values["title"]),
        journal=values.get("journal"),
        year=year,
        doi=values.get("doi"),
        pmid=values.get("pmid"),
        url=values.get("url"),
    )


def _parse_variant(
    file: _Reporter, text: str, section: str, audience: Audience, head: _Head | None
) -> Variant | None:
    """One section file: front matter with a title, then the Markdown body."""
    if _too_big(text):
        file.add(None, _TOO_BIG)
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        file.add(1, f"has no front matter; {_FRONT_MATTER}")
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        file.add(1, f"front matter opened on line 1 is never closed; {_FRONT_MATTER}")
        return None
    count = len(file.problems)
    # A blank first line keeps YAML's line numbers equal to the file's.
    node = file.compose("\n" + "\n".join(lines[1:close]))
    title = None
    if node is None and len(file.problems) == count:
        file.add(1, "front matter is empty; write title: <the section heading> in it")
    elif node is not None:
        fields = file.mapping(node, ("title",), "the front matter")
        if "title" in fields:
            title = file.text(fields["title"], "title")
        elif isinstance(node, yaml.MappingNode) and "title" not in file.suggested:
            file.add(_line(node), "front matter has no title; add title: <the section heading>")
    skipped, body = _split_body("\n".join(lines[close + 1 :]))
    if not body:
        file.add(
            close + 1,
            f"the {audience} text of section {section!r} is empty; write it below the closing ---",
        )
    elif head is not None and head.references_ok:
        _check_citations(file, body, close + 2 + skipped, head.reference_keys)
    return Variant(audience, title, body) if title is not None and body else None


def _split_body(text: str) -> tuple[int, str]:
    """``text`` without leading blank lines (counted) and trailing whitespace."""
    stripped = _LEADING_BLANK_LINES.sub("", text, count=1)
    return text.count("\n", 0, len(text) - len(stripped)), stripped.rstrip()


def _check_citations(file: _Reporter, body: str, first_line: int, keys: list[str]) -> None:
    """Every ``[@key]`` in ``body``, which starts at ``first_line``, must name a reference."""
    for citation in find_citations(body):
        for key in (k for k in citation.keys if k not in keys):
            best = _closest(key, keys)
            fix = f"write [@{best}] or " if best else ""
            known = f" or use one of: {', '.join(keys)}" if keys and not best else ""
            file.add(
                first_line + citation.line - 1,
                f"citation [@{key}] names no reference; "
                f"{fix}add it under references: in {ARTICLE_FILE}{known}",
            )
