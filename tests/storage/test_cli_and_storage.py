"""Bundles in and out of the database: the CLI, revisions, all-or-nothing loading."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, inspect, select

from service.content.model import Status
from service.editorial.workflow import audit_log
from service.storage import repository
from service.storage.db import db
from service.storage.models import ArticleRecord, RevisionRecord
from service.writing.audience import Audience

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"


def revision_count(app: Flask) -> int:
    with app.app_context():
        return int(db.new_session().scalar(select(func.count()).select_from(RevisionRecord)) or 0)


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_an_empty_database_is_filled_from_the_bundled_variants(any_db_app: Flask) -> None:
    with any_db_app.app_context():
        slugs = [a.slug for a in repository.public_articles(db.new_session(), "en")]
    assert slugs == ["sample", "second"]


def test_loading_unchanged_content_creates_no_revision(any_db_app: Flask) -> None:
    before = revision_count(any_db_app)
    result = any_db_app.test_cli_runner().invoke(args=["variants", "load", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Loaded 0 new revision(s); 2 article(s) unchanged." in result.output
    assert revision_count(any_db_app) == before


def test_loading_a_changed_bundle_appends_a_revision(any_db_app: Flask, tmp_path: Path) -> None:
    bundle = tmp_path / "en" / "sample"
    shutil.copytree(SAMPLE / "en" / "sample", bundle)
    text = (bundle / "overview.layperson.md").read_text()
    (bundle / "overview.layperson.md").write_text(
        text.replace("tiny white bumps", "small white bumps")
    )
    result = any_db_app.test_cli_runner().invoke(
        args=["variants", "load", str(bundle), "--message", "Plainer wording"]
    )
    assert result.exit_code == 0, result.output
    assert "en/sample: revision 2 (draft; the bundle said approved)" in result.output
    assert "submit them in the editor" in result.output
    with any_db_app.app_context():
        session = db.new_session()
        # Readers keep the approved text until the board approves the change.
        article = repository.public_article(session, "en", "sample")
        assert article is not None and article.status is Status.APPROVED
        overview = article.sections[0].variant(Audience.LAYPERSON)
        assert overview is not None and "tiny white bumps" in overview.body
        revisions = session.scalars(
            select(RevisionRecord)
            .join(ArticleRecord)
            .filter(ArticleRecord.slug == "sample")
            .order_by(RevisionRecord.number)
        ).all()
        assert [(r.number, r.status) for r in revisions] == [(1, "approved"), (2, "draft")]
        assert revisions[1].message == "Plainer wording"
        assert any("small white bumps" in v.body for v in revisions[1].variants)
        (entry,) = audit_log(session, "en", "sample")
        assert (entry.revision, entry.actor) == (2, "variants load")
        assert (entry.from_status, entry.to_status) == (Status.APPROVED, Status.DRAFT)
        assert "the bundle said approved" in entry.comment


def changed_sample(tmp_path: Path, **dates: str) -> Path:
    """A copy of the sample bundle with plainer wording, and ``dates`` set in article.yaml."""
    bundle = tmp_path / "en" / "sample"
    shutil.copytree(SAMPLE / "en" / "sample", bundle)
    overview = bundle / "overview.layperson.md"
    overview.write_text(overview.read_text().replace("tiny white bumps", "small white bumps"))
    yaml_file = bundle / "article.yaml"
    text = yaml_file.read_text()
    for field, value in dates.items():
        text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, flags=re.M)
    yaml_file.write_text(text)
    return bundle


def test_loading_the_same_change_twice_makes_one_draft(any_db_app: Flask, tmp_path: Path) -> None:
    bundle = changed_sample(tmp_path)
    runner = any_db_app.test_cli_runner()
    assert runner.invoke(args=["variants", "load", str(bundle)]).exit_code == 0
    before = revision_count(any_db_app)
    again = runner.invoke(args=["variants", "load", str(bundle)])
    assert "Loaded 0 new revision(s); 1 article(s) unchanged." in again.output
    assert revision_count(any_db_app) == before


def test_a_new_article_that_says_approved_is_not_published_by_a_load(
    any_db_app: Flask, tmp_path: Path
) -> None:
    bundle = tmp_path / "en" / "brand-new"
    shutil.copytree(SAMPLE / "en" / "sample", bundle)
    result = any_db_app.test_cli_runner().invoke(args=["variants", "load", str(bundle)])
    assert "en/brand-new: revision 1 (draft; the bundle said approved)" in result.output
    assert any_db_app.test_client().get("/en/articles/brand-new").status_code == 404


def test_trust_status_keeps_a_reviewed_bundles_approval_and_logs_it(
    any_db_app: Flask, tmp_path: Path
) -> None:
    bundle = changed_sample(tmp_path, updated="2025-07-01", reviewed="2025-07-02")
    result = any_db_app.test_cli_runner().invoke(
        args=["variants", "load", "--trust-status", "--author", "board@x.org", str(bundle)]
    )
    assert result.exit_code == 0, result.output
    assert "en/sample: revision 2\n" in result.output
    page = any_db_app.test_client().get("/en/articles/sample/layperson").get_data(as_text=True)
    assert "small white bumps" in page
    with any_db_app.app_context():
        (entry,) = audit_log(db.new_session(), "en", "sample")
        assert (entry.actor, entry.to_status) == ("board@x.org", Status.APPROVED)
        assert "--trust-status" in entry.comment


def test_trust_status_is_refused_for_a_change_made_after_its_review(
    any_db_app: Flask, tmp_path: Path
) -> None:
    bundle = changed_sample(tmp_path, updated="2025-07-03", reviewed="2025-06-27")
    before = revision_count(any_db_app)
    result = any_db_app.test_cli_runner().invoke(
        args=["variants", "load", "--trust-status", str(bundle)]
    )
    assert result.exit_code == 1
    assert "Nothing was loaded: --trust-status needs a current review." in result.output
    assert "en/sample: reviewed 2025-06-27, before its last change (updated 2025-07-03)" in (
        result.output
    )
    assert revision_count(any_db_app) == before


def test_an_invalid_bundle_changes_nothing_and_names_the_file(
    any_db_app: Flask, tmp_path: Path
) -> None:
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    # One good change and one broken file: neither may land.
    good = root / "en" / "second" / "overview.layperson.md"
    good.write_text(good.read_text() + "\nA new closing sentence.\n")
    broken = root / "en" / "sample" / "causes.layperson.md"
    broken.write_text(broken.read_text().replace("[@berk2008]", "[@nobody1999]"))
    before = revision_count(any_db_app)
    result = any_db_app.test_cli_runner().invoke(args=["variants", "load", str(root)])
    assert result.exit_code == 1
    assert "Nothing was loaded." in result.output
    assert "causes.layperson.md:4" in result.output and "nobody1999" in result.output
    assert revision_count(any_db_app) == before


def test_dump_then_load_then_dump_is_byte_identical(any_db_app: Flask, tmp_path: Path) -> None:
    runner = any_db_app.test_cli_runner()
    first, second = tmp_path / "first", tmp_path / "second"
    assert runner.invoke(args=["variants", "dump", str(first)]).exit_code == 0
    before = revision_count(any_db_app)
    load = runner.invoke(args=["variants", "load", str(first)])
    assert load.exit_code == 0, load.output
    assert revision_count(any_db_app) == before
    assert runner.invoke(args=["variants", "dump", str(second)]).exit_code == 0
    assert files(first) == files(second)
    assert set(files(first)) >= {"en/sample/article.yaml", "en/second/aftercare.layperson.md"}


def test_the_shipped_variants_load_and_round_trip(milia_app: Flask, tmp_path: Path) -> None:
    runner = milia_app.test_cli_runner()
    assert runner.invoke(args=["variants", "dump", str(tmp_path / "out")]).exit_code == 0
    project = Path(milia_app.config["VARIANTS_PATH"])
    assert files(tmp_path / "out") == files(project)


def test_drafts_are_never_public(any_db_app: Flask, tmp_path: Path) -> None:
    bundle = tmp_path / "en" / "sample"
    shutil.copytree(SAMPLE / "en" / "sample", bundle)
    yaml_file = bundle / "article.yaml"
    yaml_file.write_text(
        yaml_file.read_text()
        .replace("status: approved", "status: draft")
        .replace("What milia", "Draft milia")
    )
    (bundle / "overview.layperson.md").write_text("---\ntitle: Draft only\n---\nNot yet.\n")
    assert (
        any_db_app.test_cli_runner().invoke(args=["variants", "load", str(bundle)]).exit_code == 0
    )
    html = any_db_app.test_client().get("/en/articles/sample").get_data(as_text=True)
    assert "Draft only" not in html and "What milia are" in html


def test_db_upgrade_migrates_and_fills_a_database_started_without_it(
    app_factory: Any,
) -> None:
    app = app_factory(AUTO_MIGRATE=False)
    with app.app_context():
        assert "articles" not in inspect(db.engine).get_table_names()
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    with app.app_context():
        assert [a.slug for a in repository.public_articles(db.new_session(), "en")] == [
            "sample",
            "second",
        ]
