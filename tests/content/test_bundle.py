"""Reading bundles: a good one becomes an Article; a broken one names the file, line and fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from service.content.bundle import (
    MAX_FILE_BYTES,
    BundleError,
    Problem,
    parse_bundle,
    read_bundle,
    read_path,
    read_root,
)
from service.content.model import Article, Reference, Section, Status, Variant
from service.writing.audience import Audience

BUNDLES = Path(__file__).resolve().parent.parent / "bundles"

# A small good bundle; the line numbers in the table below count lines of these texts.
GOOD: dict[str, str] = {
    "article.yaml": (
        "question: What causes milia to form?\n"  # 1
        "title:\n"  # 2
        "  layperson: What causes milia?\n"  # 3
        "  clinician: 'Milia: causes and pathogenesis'\n"  # 4
        "topic: Dermatology\n"  # 5
        "status: approved\n"  # 6
        "updated: 2025-06-27\n"  # 7
        "sections: [overview, causes]\n"  # 8
        "references:\n"  # 9
        "  - key: berk2008\n"  # 10
        "    title: 'Milia: a review and classification.'\n"  # 11
        "    journal: Journal of the American Academy of Dermatology\n"  # 12
        "    year: 2008\n"  # 13
    ),
    "overview.layperson.md": "---\ntitle: What milia are\n---\nMilia are tiny white bumps.\n",
    "causes.layperson.md": (
        "---\n"  # 1
        "title: Why milia form\n"  # 2
        "---\n"  # 3
        "Dead skin cells get trapped [@berk2008].\n"  # 4
        "\n"  # 5
        "Sun damage can cause them.\n"  # 6
    ),
    "causes.clinician.md": "---\ntitle: Pathogenesis\n---\nKeratin is retained [@berk2008].\n",
}

Files = dict[str, str | bytes]


def write_bundle(folder: Path, files: Files) -> Path:
    """Write ``files`` into ``folder`` (created) and return it."""
    folder.mkdir(parents=True)
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def edit(name: str, old: str, new: str) -> Callable[[Files], None]:
    """Replace ``old`` (which must be there) with ``new`` in file ``name``."""

    def apply(files: Files) -> None:
        text = files[name]
        assert isinstance(text, str) and old in text, f"{old!r} is not in {name}"
        files[name] = text.replace(old, new, 1)

    return apply


def put(name: str, content: str | bytes) -> Callable[[Files], None]:
    """Write ``content`` as file ``name``."""
    return lambda files: files.__setitem__(name, content)


def drop(name: str) -> Callable[[Files], None]:
    """Leave file ``name`` out."""
    return lambda files: files.__delitem__(name)


def md(title: str, body: str) -> str:
    """A section file's text."""
    return f"---\ntitle: {title}\n---\n{body}\n"


@dataclass
class Broken:
    """One way to break the good bundle, and the problem the loader must report."""

    change: Callable[[Files], None]
    file: str  # name of the file (or folder) the problem names
    fragment: str  # part of the message
    line: int | None = None
    locale: str = "en"
    slug: str = "milia"
    extra: list[Callable[[Files], None]] = field(default_factory=list)


BROKEN = {
    # article.yaml as a whole
    "invalid yaml": Broken(edit("article.yaml", "topic: Dermatology", "topic: Derma: tology"),
                           "article.yaml", "is not valid YAML", 5),
    "unclosed quote": Broken(edit("article.yaml", "'Milia: causes", "'Milia: causes\n"
                                  "  oops: 'x"), "article.yaml", "is not valid YAML", 5),
    "yaml is a list": Broken(put("article.yaml", "- question\n- title\n"), "article.yaml",
                             "must be a mapping of fields such as question:", 1),
    "yaml is empty": Broken(put("article.yaml", "# nothing yet\n"), "article.yaml",
                            "is empty; write question:"),
    "control character": Broken(edit("article.yaml", "Dermatology", "Derma\x07tology"),
                                "article.yaml", "holds a control character (U+0007) that "
                                "text cannot contain; delete it", 5),
    "no article.yaml": Broken(drop("article.yaml"), "milia", "has no article.yaml; add one"),
    "repeated key": Broken(edit("article.yaml", "status: approved\n", "status: approved\n"
                                "topic: Skin\n"), "article.yaml",
                           "topic: appears twice in article.yaml (first on line 5); keep one", 7),
    # required fields
    "no question": Broken(edit("article.yaml", "question: What causes milia to form?\n", ""),
                          "article.yaml", "question: is missing; add it, e.g. question:"),
    "no title": Broken(edit("article.yaml", "title:\n  layperson: What causes milia?\n"
                            "  clinician: 'Milia: causes and pathogenesis'\n", ""),
                       "article.yaml", "title: is missing"),
    "no status": Broken(edit("article.yaml", "status: approved\n", ""),
                        "article.yaml", "status: is missing; add it, e.g. status: draft"),
    "no updated": Broken(edit("article.yaml", "updated: 2025-06-27\n", ""),
                         "article.yaml", "updated: is missing; add it, e.g. updated: 2025-06-27"),
    "no sections": Broken(edit("article.yaml", "sections: [overview, causes]\n", ""),
                          "article.yaml", "sections: is missing"),
    "empty question": Broken(edit("article.yaml", " What causes milia to form?", ""),
                             "article.yaml", "question is empty; write it after question:", 1),
    # unknown fields, wrong types
    "typo in a field": Broken(edit("article.yaml", "title:", "titel:"), "article.yaml",
                              "unknown field titel: in article.yaml; write title: instead", 2),
    "unknown field": Broken(edit("article.yaml", "topic:", "colour: red\ntopic:"), "article.yaml",
                            "unknown field colour: in article.yaml; use one of: question, "
                            "title", 5),
    "typo in title": Broken(edit("article.yaml", "  layperson:", "  laypeson:"), "article.yaml",
                            "unknown field laypeson: in title:; write layperson: instead", 3),
    "title not a mapping": Broken(edit("article.yaml", "title:\n  layperson: What causes milia?\n"
                                       "  clinician: 'Milia: causes and pathogenesis'\n",
                                       "title: What causes milia?\n"), "article.yaml",
                                  "title: must be a mapping of fields such as layperson:", 2),
    "title empty": Broken(edit("article.yaml", "title:\n  layperson: What causes milia?\n"
                               "  clinician: 'Milia: causes and pathogenesis'\n", "title:\n"),
                          "article.yaml", "title: needs layperson: and/or clinician:", 2),
    "question a list": Broken(edit("article.yaml", "What causes milia to form?", "[a, b]"),
                              "article.yaml", "question must be text on one line, not a list", 1),
    "question two lines": Broken(edit("article.yaml", "What causes milia to form?",
                                      '"What causes\\nmilia?"'), "article.yaml",
                                 "question must be one line", 1),
    # status and dates
    "bad status": Broken(edit("article.yaml", "status: approved", "status: aproved"),
                         "article.yaml", "use one of: draft | submitted | under-review | approved "
                         "(did you mean approved?)", 6),
    "impossible date": Broken(edit("article.yaml", "2025-06-27", "2025-02-30"), "article.yaml",
                              "updated must be a real date written YYYY-MM-DD", 7),
    "date in words": Broken(edit("article.yaml", "2025-06-27", "June 27, 2025"), "article.yaml",
                            "such as updated: 2025-06-27; got 'June 27, 2025'", 7),
    "date with time": Broken(edit("article.yaml", "2025-06-27", "2025-06-27 10:00:00"),
                             "article.yaml", "updated must be a real date written YYYY-MM-DD", 7),
    "bad reviewed": Broken(edit("article.yaml", "topic:", "reviewed: 27/06/2025\ntopic:"),
                           "article.yaml", "reviewed must be a real date written YYYY-MM-DD", 5),
    # sections
    "sections not a list": Broken(edit("article.yaml", "[overview, causes]", "overview"),
                                  "article.yaml", "sections must be a list of section keys", 8),
    "section not a slug": Broken(edit("article.yaml", "[overview, causes]", "[overview, Causes]"),
                                 "article.yaml", "section 'Causes' is not lower-case words "
                                 "joined by hyphens; write causes", 8),
    "section twice": Broken(edit("article.yaml", "[overview, causes]",
                                 "[overview,\n  causes,\n  overview]"),
                            "article.yaml", "section 'overview' is listed twice (first on line 8)",
                            10),
    "section without file": Broken(edit("article.yaml", "causes]", "causes,\n  treatment]"),
                                   "article.yaml", "section 'treatment' has no variant file; add "
                                   "treatment.layperson.md and/or treatment.clinician.md", 9),
    # section files
    "unlisted section": Broken(put("history.layperson.md", md("History", "Known since 1800.")),
                               "history.layperson.md", "section 'history' is not listed in "
                               "sections: of article.yaml; add it there or remove the file"),
    "misspelt section": Broken(put("cuases.clinician.md", md("Causes", "Text.")),
                               "cuases.clinician.md", "rename the file to causes.clinician.md"),
    "no audience": Broken(put("notes.md", "Some notes.\n"), "notes.md",
                          "file name has no audience; rename it notes.layperson.md or "
                          "notes.clinician.md"),
    "unknown audience": Broken(put("causes.patient.md", md("Causes", "Text.")),
                               "causes.patient.md", "unknown audience 'patient' in the file name; "
                               "rename it causes.layperson.md or causes.clinician.md"),
    "misspelt audience": Broken(put("causes.laypreson.md", md("Causes", "Text.")),
                                "causes.laypreson.md", "rename it causes.layperson.md"),
    "upper-case name": Broken(put("Overview.clinician.md", md("Overview", "Text.")),
                              "Overview.clinician.md", "rename it overview.clinician.md"),
    "upper-case ending": Broken(put("overview.clinician.MD", md("Overview", "Text.")),
                                "overview.clinician.MD", "must end in lower-case .md"),
    "too many dots": Broken(put("causes.v2.layperson.md", md("Causes", "Text.")),
                            "causes.v2.layperson.md", "file name has too many dots"),
    # front matter
    "no front matter": Broken(put("overview.layperson.md", "Milia are tiny white bumps.\n"),
                              "overview.layperson.md", "has no front matter; start the file "
                              "with a line ---", 1),
    "unclosed front matter": Broken(put("overview.layperson.md", "---\ntitle: What\nText.\n"),
                                    "overview.layperson.md", "never closed", 1),
    "front matter invalid": Broken(edit("causes.layperson.md", "title: Why milia form",
                                        "title: Why: milia form"),
                                   "causes.layperson.md", "is not valid YAML", 2),
    "front matter empty": Broken(put("overview.layperson.md", "---\n---\nText.\n"),
                                 "overview.layperson.md", "front matter is empty; write title:", 1),
    "front matter a list": Broken(put("overview.layperson.md", "---\n- title\n---\nText.\n"),
                                  "overview.layperson.md", "the front matter must be a mapping", 2),
    "no title in front matter": Broken(put("overview.layperson.md", "---\ntitel: Milia\n---\nX\n"),
                                       "overview.layperson.md", "write title: instead", 2),
    "empty title": Broken(edit("causes.layperson.md", "title: Why milia form", "title:"),
                          "causes.layperson.md", "title is empty; write it after title:", 2),
    "title a list": Broken(edit("causes.layperson.md", "Why milia form", "[a, b]"),
                           "causes.layperson.md", "title must be text on one line, not a list", 2),
    "empty body": Broken(put("overview.layperson.md", "---\ntitle: Milia\n---\n  \n\n"),
                         "overview.layperson.md", "the layperson text of section 'overview' is "
                         "empty; write it below the closing ---", 3),
    # citations
    "unknown citation": Broken(edit("causes.layperson.md", "[@berk2008]", "[@smith2020]"),
                               "causes.layperson.md", "citation [@smith2020] names no reference; "
                               "add it under references: in article.yaml or use one of: berk2008",
                               4),
    "near-miss citation": Broken(edit("causes.layperson.md", "them.", "them [@berk2009]."),
                                 "causes.layperson.md", "write [@berk2008] or add it", 6),
    "citation in a group": Broken(edit("causes.clinician.md", "[@berk2008]",
                                       "[@berk2008; @jones]"), "causes.clinician.md",
                                  "citation [@jones] names no reference", 4),
    "citation after blank lines": Broken(put("overview.layperson.md",
                                             "---\ntitle: T\n---\n\n\nText.\n\nMore [@nobody].\n"),
                                         "overview.layperson.md", "[@nobody]", 8),
    "citation without references": Broken(edit("article.yaml", "references:", "other:"),
                                          "causes.layperson.md",
                                          "add it under references: in article.yaml", 4),
    # references
    "references not a list": Broken(edit("article.yaml", "references:\n", "references: berk\n"
                                          "unused:\n"), "article.yaml",
                                     "references must be a list of entries starting - key:", 9),
    "reference not a mapping": Broken(edit("article.yaml", "  - key: berk2008\n",
                                           "  - berk2007\n  - key: berk2008\n"), "article.yaml",
                                      "reference 1 must be a mapping of fields such as key:", 10),
    "reference without key": Broken(edit("article.yaml", "    year: 2008\n",
                                         "    year: 2008\n  - title: Other\n"), "article.yaml",
                                    "reference 2 has no key; add key:", 14),
    "reference key with space": Broken(edit("article.yaml", "key: berk2008", "key: berk 2008"),
                                       "article.yaml", "reference key 'berk 2008' cannot be "
                                       "cited; use letters, digits", 10),
    "reference key twice": Broken(edit("article.yaml", "    year: 2008\n", "    year: 2008\n"
                                       "  - key: berk2008\n    title: Again\n"), "article.yaml",
                                  "reference key 'berk2008' is used twice (first on line 10); "
                                  "give each reference its own key", 14),
    "reference without title": Broken(edit("article.yaml", "    title: 'Milia: a review and "
                                           "classification.'\n", ""), "article.yaml",
                                      "reference 'berk2008' has no title; add title:", 10),
    "year in words": Broken(edit("article.yaml", "year: 2008", "year: two thousand eight"),
                            "article.yaml", "year of reference 'berk2008' must be a whole number "
                            "without quotes, such as year: 2008; got 'two thousand eight'", 13),
    "year quoted": Broken(edit("article.yaml", "year: 2008", "year: '2008'"), "article.yaml",
                          "must be a whole number without quotes", 13),
    "typo in reference": Broken(edit("article.yaml", "journal:", "jounral:"), "article.yaml",
                                "unknown field jounral: in reference 1; write journal: instead",
                                12),
    # encoding and size
    "not utf-8": Broken(put("causes.clinician.md", b"---\ntitle: Caf\xe9\n---\nText.\n"),
                        "causes.clinician.md", "is not UTF-8 text (byte 0xe9 cannot be decoded); "
                        "save the file as UTF-8", 2),
    "huge file": Broken(put("causes.clinician.md", md("Big", "word " * (MAX_FILE_BYTES // 4))),
                        "causes.clinician.md", "is larger than 256 KiB, the limit for one "
                        "bundle file"),
    # folder names
    "upper-case locale": Broken(lambda files: None, "EN", "locale 'EN' (the name of the folder "
                                "holding the bundle) is not a language tag; name the folder like "
                                "en, es or pt-BR (here: en)", locale="EN"),
    "underscore locale": Broken(lambda files: None, "pt_br", "(here: pt-BR)", locale="pt_br"),
    # a language the readability engine has no formulas for: refused, never scored as English
    "no readability formulas": Broken(lambda files: None, "article.yaml", "locale 'fr' has no "
                                      "readability formulas; Twofold scores de, en and es — add "
                                      "formulas for fr", locale="fr"),
    "no formulas, with region": Broken(lambda files: None, "article.yaml", "locale 'pt-BR' has no "
                                       "readability formulas", locale="pt-BR"),
    "javascript url": Broken(edit("article.yaml", "    year: 2008\n",
                                  "    year: 2008\n    url: javascript:alert(1)\n"),
                             "article.yaml", "must be a web address starting https://", 14),
    "doi as a link": Broken(edit("article.yaml", "    year: 2008\n",
                                 "    year: 2008\n    doi: https://doi.org/10.1016/j.1\n"),
                            "article.yaml", "without https://doi.org/ in front", 14),
    "pmid with text": Broken(edit("article.yaml", "    year: 2008\n",
                                  "    year: 2008\n    pmid: PMID 18786734\n"),
                             "article.yaml", "must be the PubMed number only", 14),
    "NUL byte in a section": Broken(edit("causes.layperson.md", "Sun damage", "Sun\x00damage"),
                                    "causes.layperson.md", "holds a control character (U+0000)",
                                    6),
    "bad slug": Broken(lambda files: None, "Milia_Causes", "slug 'Milia_Causes' (the bundle "
                       "folder's name) is not lower-case words joined by hyphens; rename the "
                       "folder to milia-causes", slug="Milia_Causes"),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_bundle_names_file_line_and_fix(tmp_path: Path, case: Broken) -> None:
    files: Files = dict(GOOD)
    case.change(files)
    folder = write_bundle(tmp_path / case.locale / case.slug, files)

    with pytest.raises(BundleError) as raised:
        read_path(folder)

    problems = raised.value.problems
    found = [p for p in problems if p.path.name == case.file and case.fragment in p.message]
    assert found, "\n".join(str(p) for p in problems)
    assert found[0].line == case.line
    expected = f"{found[0].path}{'' if case.line is None else f':{case.line}'}: "
    assert f"{expected}{found[0].message}" in str(raised.value).splitlines()


def test_a_section_linked_from_outside_the_bundle_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "notes.md"
    secret.parent.mkdir()
    secret.write_text(md("Private", "Not for publication."), encoding="utf-8")
    files: Files = dict(GOOD)
    del files["causes.layperson.md"]
    folder = write_bundle(tmp_path / "en" / "milia", files)
    (folder / "causes.layperson.md").symlink_to(secret)
    secret.chmod(0o000)  # were it opened, the problem would be that it cannot be read

    with pytest.raises(BundleError) as raised:
        read_path(folder)

    (problem,) = raised.value.problems
    assert problem.path.name == "causes.layperson.md"
    assert f"is a link to {secret.resolve()}, outside the bundle" in problem.message
    assert "copy the file into milia/" in problem.message


def test_a_link_to_another_file_of_the_same_bundle_is_read(tmp_path: Path) -> None:
    files: Files = dict(GOOD)
    del files["overview.layperson.md"]
    folder = write_bundle(tmp_path / "en" / "milia", files)
    (folder / "shared-text.md.txt").write_text(md("What milia are", "Tiny white bumps."))
    (folder / "overview.layperson.md").symlink_to(folder / "shared-text.md.txt")

    (article,) = read_path(folder)
    assert article.sections[0].key == "overview"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    files: Files = dict(GOOD)
    edit("article.yaml", "status: approved", "status: done")(files)
    edit("article.yaml", "title:", "titel:")(files)
    edit("causes.layperson.md", "[@berk2008]", "[@smith2020]")(files)
    put("overview.clinician.md", "no front matter\n")(files)
    folder = write_bundle(tmp_path / "en" / "milia", files)

    with pytest.raises(BundleError) as raised:
        read_path(folder)

    assert [(p.path.name, p.line) for p in raised.value.problems] == [
        ("article.yaml", 2),  # titel: (and no second note that title: is missing)
        ("article.yaml", 6),  # status
        ("causes.layperson.md", 4),  # [@smith2020]
        ("overview.clinician.md", 1),  # front matter
    ]
    assert len(str(raised.value).splitlines()) == 4


def test_problem_reads_as_path_line_message() -> None:
    problem = Problem(Path("variants/en/milia/causes.layperson.md"), 4, "citation [@x] ...")
    assert str(problem) == "variants/en/milia/causes.layperson.md:4: citation [@x] ..."
    assert str(Problem(Path("variants/en"), None, "oops")) == "variants/en: oops"


def test_sample_bundle_loads_into_the_expected_article() -> None:
    (article,) = read_path(BUNDLES / "en" / "sample")

    assert article == Article(
        locale="en",
        slug="sample",
        question="What causes milia to form?",
        titles=(
            (Audience.LAYPERSON, "What causes milia?"),
            (Audience.CLINICIAN, "Milia: causes and pathogenesis"),
        ),
        topic="Dermatology",
        status=Status.APPROVED,
        updated=dt.date(2025, 6, 27),
        reviewed=dt.date(2025, 6, 27),
        reviewed_by="Medical Advisory Board",
        sections=(
            Section("overview", (
                Variant(Audience.LAYPERSON, "What milia are", "Milia are tiny white bumps on the "
                        "skin. They are harmless and often go away on their own."),
                Variant(Audience.CLINICIAN, "Overview", "Milia are small, superficial "
                        "keratin-filled cysts, typically 1\u20132 mm in diameter."),
            )),
            Section("causes", (
                Variant(Audience.LAYPERSON, "Why milia form", "Milia form when dead skin cells "
                        "get trapped just under the skin [@berk2008].\n\n- Sun damage\n"
                        "- Burns or blisters that heal"),
                Variant(Audience.CLINICIAN, "Pathogenesis", "Primary milia arise from the "
                        "infundibulum of vellus hairs; secondary milia follow\nblistering, trauma "
                        "or long-term topical corticosteroid use [@berk2008].\n\n"
                        "- Bullous pemphigoid and epidermolysis bullosa\n- Dermabrasion and burns"),
            )),
        ),
        references=(
            Reference(
                key="berk2008",
                title="Milia: a review and classification.",
                journal="Journal of the American Academy of Dermatology",
                year=2008,
                doi="10.1016/j.jaad.2008.07.034",
            ),
        ),
    )  # fmt: skip


def test_variants_root_loads_every_bundle_in_order() -> None:
    articles = read_path(BUNDLES)

    assert [(a.locale, a.slug) for a in articles] == [("en", "sample"), ("en", "second")]
    second = articles[1]
    assert [s.key for s in second.sections] == ["overview", "aftercare"]
    assert second.sections[1].variant(Audience.LAYPERSON) is not None
    assert second.sections[1].variant(Audience.CLINICIAN) is None
    assert read_root(BUNDLES) == articles
    assert read_bundle(BUNDLES / "en" / "second") == second


def test_one_bad_bundle_fails_the_whole_root(tmp_path: Path) -> None:
    write_bundle(tmp_path / "en" / "good", dict(GOOD))
    write_bundle(tmp_path / "en" / "bad", {**GOOD, "article.yaml": "question: [\n"})

    with pytest.raises(BundleError) as raised:
        read_path(tmp_path)

    assert {p.path.parent.name for p in raised.value.problems} == {"bad"}


def test_root_ignores_loose_and_hidden_files_and_other_bundle_files(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "en" / "milia", {**GOOD, "photo.png": b"\x89PNG"})
    (tmp_path / "README.md").write_text("About these bundles.\n")
    (tmp_path / "en" / "index.txt").write_text("milia\n")
    (tmp_path / ".git").mkdir()
    (folder / ".notes.md").write_text("scratch\n")

    (article,) = read_path(tmp_path)

    assert article.slug == "milia"


def test_locale_folder_given_as_root_is_explained(tmp_path: Path) -> None:
    write_bundle(tmp_path / "en" / "milia", dict(GOOD))

    with pytest.raises(BundleError, match="looks like a locale folder; give its parent"):
        read_path(tmp_path / "en")


def test_missing_path_is_explained(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="is not a folder; give a variants root"):
        read_path(tmp_path / "nowhere")


def test_empty_root_holds_no_articles(tmp_path: Path) -> None:
    assert read_path(tmp_path) == ()


def test_lenient_but_exact_forms_are_accepted(tmp_path: Path) -> None:
    files: Files = {
        **GOOD,
        "article.yaml": GOOD["article.yaml"]
        .replace("updated: 2025-06-27", "updated: '2025-06-27'\nreviewed:\nreviewed_by: ~")
        .replace("    year: 2008\n", "    year: 2008\n    pmid: 18786734\n    doi:\n")
        .replace("\n", "\r\n"),
        "overview.layperson.md": "\ufeff---\r\ntitle: What milia are  \r\n---  \r\n\r\n"
        "Milia are tiny white bumps.   \r\n\r\n\r\n",
    }
    (article,) = read_path(write_bundle(tmp_path / "en-GB" / "milia", files))

    assert article.locale == "en-GB"
    assert article.updated == dt.date(2025, 6, 27)
    assert (article.reviewed, article.reviewed_by) == (None, None)
    assert article.references[0].pmid == "18786734"
    assert article.references[0].doi is None
    overview = article.sections[0].variants[0]
    assert (overview.title, overview.body) == ("What milia are", "Milia are tiny white bumps.")


def test_raw_html_and_markdown_pass_through_unchanged(tmp_path: Path) -> None:
    body = '<script>alert("x")</script>\n\n# Heading\n\n    code: [not yaml]\n---\nend'
    files: Files = {**GOOD, "overview.layperson.md": md("Milia", body)}

    (article,) = read_path(write_bundle(tmp_path / "en" / "milia", files))

    assert article.sections[0].variants[0].body == body


@pytest.mark.parametrize("locale", ["en", "es", "de", "es-419", "de-AT", "en-GB"])
def test_bundles_load_in_every_language_the_engine_scores(locale: str) -> None:
    assert parse_bundle(GOOD, locale=locale, slug="milia").locale == locale


def test_the_spanish_milia_bundle_loads() -> None:
    (article,) = read_path(BUNDLES.parent.parent / "variants" / "es" / "milia")
    assert article.locale == "es"


def test_parse_bundle_checks_texts_without_disk() -> None:
    article = parse_bundle(GOOD, locale="en", slug="milia")
    assert [s.key for s in article.sections] == ["overview", "causes"]

    with pytest.raises(BundleError, match=r"^en/milia/notes\.md: file name has no audience"):
        parse_bundle({**GOOD, "notes.md": "x"}, locale="en", slug="milia")
