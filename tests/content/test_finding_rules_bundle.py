"""``accept.txt``: a bundle's accepted terms, read with located errors, dumped, loaded, kept."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from service.content.bundle import BundleError, read_bundle
from service.content.dump import bundle_texts, dump_article
from service.content.vocabulary_file import TERM_PATTERN
from service.editorial import revisions
from service.storage.db import db
from service.storage.repository import content_hash

TESTS = Path(__file__).resolve().parent.parent
SAMPLE = TESTS / "bundles" / "en" / "sample"
VARIANTS = TESTS.parent / "variants"


def bundle_with(tmp_path: Path, accept: str | None) -> Path:
    """A copy of the sample bundle, with ``accept`` as its accept.txt (None: none)."""
    folder = tmp_path / "en" / "sample"
    shutil.copytree(SAMPLE, folder)
    if accept is not None:
        (folder / "accept.txt").write_text(accept, encoding="utf-8")
    return folder


@pytest.mark.parametrize("locale", ["en", "es"])
def test_the_milia_articles_accept_their_own_subject(locale: str) -> None:
    article = read_bundle(VARIANTS / locale / "milia")
    assert article.accepted_terms == ("milia",)


def test_accept_txt_holds_one_term_a_line_with_comments_and_blank_lines(tmp_path: Path) -> None:
    folder = bundle_with(tmp_path, "# the subject\nmilia\n\nMilia\n  sebaceous   gland \n")
    assert read_bundle(folder).accepted_terms == ("milia", "sebaceous gland")


def test_a_bundle_without_accept_txt_accepts_nothing(tmp_path: Path) -> None:
    assert read_bundle(bundle_with(tmp_path, None)).accepted_terms == ()


def test_a_bad_term_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    folder = bundle_with(tmp_path, "milia\n<script>\n")
    with pytest.raises(BundleError) as refused:
        read_bundle(folder)
    message = str(refused.value)
    assert f"{folder / 'accept.txt'}:2:" in message
    assert "is not a word or phrase" in message


def test_dump_writes_accept_txt_only_for_terms_and_removes_a_stale_one(tmp_path: Path) -> None:
    article = read_bundle(bundle_with(tmp_path / "in", "milia\ncyst\n"))
    assert bundle_texts(article)["accept.txt"] == "milia\ncyst\n"
    folder = dump_article(article, tmp_path / "out")
    assert (folder / "accept.txt").read_text("utf-8") == "milia\ncyst\n"
    assert read_bundle(folder) == article
    dump_article(dataclasses.replace(article, accepted_terms=()), tmp_path / "out")
    assert not (folder / "accept.txt").exists()


def _newest(app: Flask) -> revisions.Current:
    with app.app_context():
        return revisions.current(db.new_session(), "en", "sample")


def test_accepted_terms_go_through_the_database_and_back(any_db_app: Flask, tmp_path: Path) -> None:
    app = any_db_app
    runner = app.test_cli_runner()
    before = _newest(app).number
    folder = bundle_with(tmp_path / "in", "milia\n")
    assert runner.invoke(args=["variants", "load", str(folder)]).exit_code == 0
    assert _newest(app).number == before + 1  # a new term is a change
    assert _newest(app).article.accepted_terms == ("milia",)
    again = runner.invoke(args=["variants", "load", str(folder)])
    assert "Loaded 0 new revision(s)" in again.output
    assert runner.invoke(args=["variants", "dump", str(tmp_path / "out")]).exit_code == 0
    assert (tmp_path / "out/en/sample/accept.txt").read_text("utf-8") == "milia\n"


def test_articles_without_terms_keep_the_fingerprint_stored_before_accept_txt() -> None:
    # Revisions stored before accept.txt existed hashed every other field; loading their
    # bundle again must find them unchanged, not make a new revision of each article.
    article = read_bundle(SAMPLE)
    values = dataclasses.asdict(article)
    for later in ("accepted_terms", "asked", "figures", "review_due"):  # fields added since
        del values[later]
    before = json.dumps(values, sort_keys=True, default=str)
    assert content_hash(article) == hashlib.sha256(before.encode("utf-8")).hexdigest()


term = st.from_regex(TERM_PATTERN, fullmatch=True).map(lambda t: " ".join(t.split()))
terms = st.lists(
    term.filter(lambda t: 0 < len(t) <= 100 and not t.startswith("#")),
    max_size=8,
    unique_by=str.casefold,
)


@settings(deadline=None, max_examples=60)
@given(terms)
def test_any_accepted_terms_round_trip_through_accept_txt(accepted: list[str]) -> None:
    article = dataclasses.replace(read_bundle(SAMPLE), accepted_terms=tuple(accepted))
    with tempfile.TemporaryDirectory() as tmp:
        folder = dump_article(article, Path(tmp))
        assert read_bundle(folder).accepted_terms == tuple(accepted)
