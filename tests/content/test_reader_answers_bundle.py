"""``readers-asked.yaml``: answered questions in a bundle, read, checked and written back."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from service.content.bundle import BundleError, read_bundle, read_path
from service.content.dump import bundle_texts, dump_article
from service.content.model import Article, Asked
from service.content.readers_asked import MAX_QUESTION_LENGTH, READERS_ASKED_FILE
from service.content.section_files import normalise_body
from service.storage.db import db
from service.storage.repository import content_hash
from service.storage.revisions import revisions_newest_first
from service.writing.audience import Audience

SAMPLE = Path(__file__).resolve().parent.parent / "bundles" / "en" / "sample"
ANSWERS = (
    Asked(
        "Where can I read more about this?",
        (
            (Audience.LAYPERSON, "Our writers keep this page up to date.\n\nSee [@berk2008]."),
            (Audience.CLINICIAN, "The reference list is kept current."),
        ),
    ),
    Asked("Is there a shorter version?", ((Audience.LAYPERSON, "Not yet."),)),
)
WRITTEN = """\
- question: Where can I read more about this?
  layperson: |-
    Our writers keep this page up to date.

    See [@berk2008].
  clinician: The reference list is kept current.
- question: Is there a shorter version?
  layperson: Not yet.
"""


def sample(**changes: Any) -> Article:
    return dataclasses.replace(read_bundle(SAMPLE), **changes)


def test_answers_are_written_as_readable_yaml_and_read_back_the_same(tmp_path: Path) -> None:
    folder = dump_article(sample(asked=ANSWERS), tmp_path)
    assert (folder / READERS_ASKED_FILE).read_text(encoding="utf-8") == WRITTEN
    assert read_bundle(folder) == sample(asked=ANSWERS)


def test_a_bundle_without_the_file_answers_nothing_and_dumps_no_file(tmp_path: Path) -> None:
    assert read_bundle(SAMPLE).asked == ()
    assert READERS_ASKED_FILE not in bundle_texts(read_bundle(SAMPLE))
    folder = dump_article(sample(asked=ANSWERS), tmp_path)
    dump_article(sample(), tmp_path)  # the answers were taken off the article
    assert not (folder / READERS_ASKED_FILE).exists()


def test_fingerprints_of_articles_without_answers_are_those_stored_before() -> None:
    article = read_bundle(SAMPLE)
    later = ("accepted_terms", "asked", "figures", "review_due")  # fields added since
    before = {k: v for k, v in dataclasses.asdict(article).items() if k not in later}
    payload = json.dumps(before, sort_keys=True, default=str).encode("utf-8")
    assert content_hash(article) == hashlib.sha256(payload).hexdigest()
    assert content_hash(sample(asked=ANSWERS)) != content_hash(article)


def test_answers_survive_the_database_load_and_dump(runner: FlaskCliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in"
    dump_article(sample(asked=ANSWERS, slug="answered"), source)
    for _ in range(2):  # the second load finds nothing new
        assert runner.invoke(args=["variants", "load", str(source)]).exit_code == 0
    with runner.app.app_context():
        stored = revisions_newest_first(db.new_session(), "en", "answered")
    assert [r.number for r in stored] == [1]
    out = tmp_path / "out"
    assert runner.invoke(args=["variants", "dump", str(out)]).exit_code == 0
    written = out / "en" / "answered" / READERS_ASKED_FILE
    assert written.read_text(encoding="utf-8") == WRITTEN
    assert read_bundle(out / "en" / "answered").asked == ANSWERS


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", None, "is empty; list the answered questions"),
        ("question: x\n", 1, "must be a list of answered questions"),
        ("- layperson: Yes.\n", 1, "has no question:"),
        ("- question: Why?\n", 1, "has no layperson: answer"),
        ("- question: Why?\n  clinician: Because.\n", 1, "has no layperson: answer"),
        ("- question: Why?\n  layperson: ''\n", 2, "is empty; write it"),
        ("- question: Why?\n  layperson: [a]\n", 2, "must be text"),
        ("- question: Why?\n  patient: Yes.\n", 2, "unknown field patient:"),
        ("- question: Why?\n  layperson: |-\n    See [@berk2009].\n", 3, "write [@berk2008]"),
        (f"- question: {'x' * (MAX_QUESTION_LENGTH + 1)}\n  layperson: Yes.\n", 1, "longer than"),
        ("- question: [Why]\n  layperson: Yes.\n", 1, "must be text on one line"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_line_and_the_fix(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    folder = dump_article(sample(), tmp_path)
    (folder / READERS_ASKED_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(BundleError) as refused:
        read_path(folder)
    problems = [p for p in refused.value.problems if p.path.name == READERS_ASKED_FILE]
    assert any(message in p.message and p.line == line for p in problems), problems


TRICKY = ["---", "- dash", "# Heading", "    code", "key: value", "|", ">", "'q'", '"dq"', "é 中文"]
line = st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=40))
one_line = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=MAX_QUESTION_LENGTH,
).filter(lambda q: q.strip() and q.strip("\x85") == q and "\x85" not in q)
body = (
    st.lists(line, min_size=1, max_size=5)
    .map("\n".join)
    .map(normalise_body)
    .filter(lambda b: bool(b) and "[@" not in b and "\x85" not in b and "\u2028" not in b)
    .filter(
        lambda b: not any(c in b for c in map(chr, (*range(0, 9), 11, 12, *range(14, 32), 127)))
    )
)


@st.composite
def answered(draw: st.DrawFn) -> Asked:
    answers = [(Audience.LAYPERSON, draw(body))]
    if draw(st.booleans()):
        answers.append((Audience.CLINICIAN, draw(body)))
    return Asked(draw(one_line), tuple(answers))


@settings(deadline=None, max_examples=60)
@given(st.lists(answered(), min_size=1, max_size=3))
def test_any_answers_round_trip_byte_for_byte(asked: list[Asked]) -> None:
    article = sample(asked=tuple(asked))
    with tempfile.TemporaryDirectory() as tmp:
        folder = dump_article(article, tmp)
        first = (folder / READERS_ASKED_FILE).read_bytes()
        assert read_bundle(folder) == article
        dump_article(read_bundle(folder), tmp)
        assert (folder / READERS_ASKED_FILE).read_bytes() == first
