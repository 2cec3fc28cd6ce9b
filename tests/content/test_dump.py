"""Writing bundles: one canonical form, read back exactly, rewritten byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.content.bundle import (
    KEY_PATTERN,
    REFERENCE_KEY_PATTERN,
    BundleError,
    normalise_body,
    read_bundle,
    read_path,
)
from service.content.dump import bundle_texts, dump_article, dump_articles
from service.content.model import Article, Reference, Section, Status, Variant
from service.writing.audience import Audience
from service.writing.citations import cited_keys

BUNDLES = Path(__file__).resolve().parent.parent / "bundles"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, with its bytes."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def article(**changes: Any) -> Article:
    """A small valid article, with ``changes`` applied."""
    base = Article(
        locale="en",
        slug="milia",
        question="What causes milia to form?",
        titles=((Audience.LAYPERSON, "What causes milia?"),),
        topic=None,
        status=Status.DRAFT,
        updated=dt.date(2025, 6, 27),
        sections=(
            Section("overview", (
                Variant(Audience.LAYPERSON, "Overview", "Tiny bumps [@berk2008]."),
            )),
            Section("causes", (Variant(Audience.CLINICIAN, "Causes", "Keratin."),)),
        ),
        references=(Reference("berk2008", "Milia: a review and classification."),),
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def test_fixture_bundles_are_already_in_canonical_form() -> None:
    for folder in (BUNDLES / "en" / "sample", BUNDLES / "en" / "second"):
        written = bundle_texts(read_bundle(folder))
        on_disk = {p.name: p.read_text("utf-8") for p in folder.iterdir()}
        assert written == on_disk


def test_dump_load_dump_is_byte_identical(tmp_path: Path) -> None:
    articles = read_path(BUNDLES)
    dump_articles(articles, tmp_path / "first")
    again = read_path(tmp_path / "first")
    dump_articles(again, tmp_path / "second")

    assert again == articles
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")
    assert set(snapshot(tmp_path / "first")) == {
        "en/sample/article.yaml",
        "en/sample/overview.layperson.md",
        "en/sample/overview.clinician.md",
        "en/sample/causes.layperson.md",
        "en/sample/causes.clinician.md",
        "en/second/article.yaml",
        "en/second/overview.layperson.md",
        "en/second/overview.clinician.md",
        "en/second/aftercare.layperson.md",
    }


def test_article_yaml_has_one_canonical_layout(tmp_path: Path) -> None:
    full = article(
        titles=((Audience.LAYPERSON, "yes"), (Audience.CLINICIAN, "Milia: causes # and more")),
        topic="2025-06-27",
        status=Status.UNDER_REVIEW,
        reviewed=dt.date(2025, 7, 1),
        reviewed_by="Medical Advisory Board",
        references=(
            Reference("berk2008", "Milia: a review.", "J Am Acad Dermatol", 2008,
                      "10.1016/j.jaad.2008.07.034", "18786734", "https://example.org/a?b=1"),
        ),
    )  # fmt: skip

    folder = dump_article(full, tmp_path)

    assert (folder / "article.yaml").read_text("utf-8") == (
        "question: What causes milia to form?\n"
        "title:\n"
        "  layperson: 'yes'\n"
        "  clinician: 'Milia: causes # and more'\n"
        "topic: '2025-06-27'\n"
        "status: under-review\n"
        "updated: 2025-06-27\n"
        "reviewed: 2025-07-01\n"
        "reviewed_by: Medical Advisory Board\n"
        "sections: [overview, causes]\n"
        "references:\n"
        "  - key: berk2008\n"
        "    title: 'Milia: a review.'\n"
        "    journal: J Am Acad Dermatol\n"
        "    year: 2008\n"
        "    doi: 10.1016/j.jaad.2008.07.034\n"
        "    pmid: '18786734'\n"
        "    url: https://example.org/a?b=1\n"
    )
    assert (folder / "overview.layperson.md").read_text("utf-8") == (
        "---\ntitle: Overview\n---\nTiny bumps [@berk2008].\n"
    )
    assert read_bundle(folder) == full


def test_bodies_are_written_in_canonical_form(tmp_path: Path) -> None:
    body = "\n  \nFirst line  \r\nsecond line\r\n\r\n\t\n"
    messy = article(sections=(Section("overview", (Variant(Audience.LAYPERSON, "O", body),)),),
                    references=())  # fmt: skip

    folder = dump_article(messy, tmp_path)

    text = (folder / "overview.layperson.md").read_bytes()
    assert text == b"---\ntitle: O\n---\nFirst line  \nsecond line\n"
    assert read_bundle(folder).sections[0].variants[0].body == normalise_body(body)


def test_rewriting_a_bundle_removes_stale_section_files_only(tmp_path: Path) -> None:
    folder = dump_article(article(), tmp_path)
    keep = ["notes.txt", "README.md", "draft.patient.md", "image.png"]
    for name in [*keep, "history.layperson.md"]:
        (folder / name).write_text("kept?\n")

    dump_article(article(sections=article().sections[:1]), tmp_path)

    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["article.yaml", "overview.layperson.md", *keep]
    )


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"slug": "../escape"}, "slug '../escape'"),
        ({"locale": "English"}, "locale 'English'"),
        ({"references": ()}, "citation [@berk2008] names no reference"),
        ({"question": "two\nlines"}, "question must be one line"),
        ({"sections": (Section("overview", (Variant(Audience.LAYPERSON, "O", " \n "),)),)},
         "text of section 'overview' is empty"),
    ],
)  # fmt: skip
def test_dump_refuses_what_could_not_be_loaded_back(
    tmp_path: Path, changes: dict[str, object], fragment: str
) -> None:
    with pytest.raises(BundleError, match=re.escape(fragment)):
        dump_articles([article(slug="fine"), article(**changes)], tmp_path / "out")

    assert not (tmp_path / "out").exists()


def test_dump_refuses_two_articles_in_one_folder(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="two articles share this locale and slug"):
        dump_articles([article(), article(question="Another?")], tmp_path)


# Text that YAML and Markdown treat specially, mixed into the generated values.
TRICKY_TEXT = [
    "Milia: causes", "'quoted'", '"double"', "  leading", "trailing  ", "# hash", "a #b",
    "- dash", "---", "...", "yes", "No", "null", "~", "2025-06-27", "12:30", "0123", "1e3",
    "@at", "`tick`", "{x: y}", "[a, b]", "*alias", "&anchor", "!tag", "%", "|", ">", "=", "<<",
    "\ttab", "é ü 中文 🙂", "\u00a0nbsp", "\ufeffbom", "<b>html</b>",
]  # fmt: skip
# Control characters other than tab and line breaks are refused at load (test_bundle.py).
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
TRICKY_LINES = ["---", "...", "title: x", "# Heading", "    code", "- item", "", "  ", "\t", "```"]

characters = st.characters(codec="utf-8", exclude_characters=CONTROLS)
one_line = st.one_of(
    st.sampled_from(TRICKY_TEXT),
    st.text(
        st.characters(codec="utf-8", exclude_characters="\n\r\x85\u2028\u2029" + CONTROLS),
        min_size=1,
    ),
).filter(str.strip)
keys = st.from_regex(KEY_PATTERN, fullmatch=True).filter(lambda k: len(k) <= 30)
optional = st.none() | one_line
DOIS = st.from_regex(r"10\.[0-9]{4,9}/[A-Za-z0-9._;()/:<>#-]{1,30}", fullmatch=True)
URLS = st.from_regex(r"https?://[a-z0-9.-]{1,20}(/[A-Za-z0-9._~%?=&+#:-]{0,30})?", fullmatch=True)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """Valid articles with awkward text everywhere a writer could type."""
    ref_keys = draw(st.lists(st.from_regex(REFERENCE_KEY_PATTERN, fullmatch=True), unique=True,
                             max_size=3))  # fmt: skip
    line = st.one_of(st.sampled_from(TRICKY_LINES), one_line, st.text(characters),
                     st.sampled_from(ref_keys).map(lambda k: f"As shown [@{k}].") if ref_keys
                     else st.just("No citations."))  # fmt: skip
    body = st.lists(line, min_size=1, max_size=6).map("\n".join).map(normalise_body)
    body = body.filter(lambda b: bool(b) and set(cited_keys(b)) <= set(ref_keys))
    audiences = st.sets(st.sampled_from(Audience), min_size=1)

    def variants(chosen: set[Audience]) -> tuple[Variant, ...]:
        return tuple(Variant(a, draw(one_line), draw(body)) for a in Audience if a in chosen)

    titles = draw(audiences)
    return Article(
        locale=draw(st.sampled_from(["en", "es", "de", "de-AT", "es-419"])),
        slug=draw(keys),
        question=draw(one_line),
        titles=tuple((a, draw(one_line)) for a in Audience if a in titles),
        topic=draw(optional),
        status=draw(st.sampled_from(Status)),
        updated=draw(st.dates()),
        sections=tuple(
            Section(key, variants(draw(audiences)))
            for key in draw(st.lists(keys, min_size=1, max_size=3, unique=True))
        ),
        references=tuple(
            Reference(
                key,
                draw(one_line),
                draw(optional),
                draw(st.none() | st.integers(-9999, 99999)),
                draw(st.none() | DOIS),
                draw(st.none() | st.from_regex(r"[0-9]{1,9}", fullmatch=True)),
                draw(st.none() | URLS),
            )
            for key in ref_keys
        ),
        reviewed=draw(st.none() | st.dates()),
        reviewed_by=draw(optional),
    )


@settings(deadline=None, max_examples=100)
@given(articles())
def test_any_valid_article_round_trips_byte_for_byte(original: Article) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = dump_article(original, root)
        assert read_path(folder) == (original,)
        first = snapshot(root)
        dump_article(read_bundle(folder), root)
        assert snapshot(root) == first
