"""The publish signal: page caches on an SQLite database learn of a publish from memory."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine

from service.content.model import Status
from service.storage import publication, repository
from service.storage.db import db
from service.storage.publication import GenerationWatch
from service.storage.publish_signal import PublishSignal, notify, signal_path
from service.writing.audience import Audience

PROJECT = Path(__file__).resolve().parent.parent.parent
URL = "/en/articles/sample/layperson"
NEW_TITLE = "Why milia happen"

# Another process on the same database file: a second instance, or `flask variants load`.
PUBLISH_ELSEWHERE = textwrap.dedent(
    """
    import dataclasses, sys
    from service import create_app
    from service.writing.audience import Audience
    from service.content.model import Status
    from service.storage import db, repository

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": sys.argv[1],
                      "LOAD_BUNDLED_VARIANTS": False})
    with app.app_context():
        session = db.db.new_session()
        article = repository.public_article(session, "en", "sample")
        titles = tuple(
            (a, sys.argv[2] if a is Audience.LAYPERSON else t) for a, t in article.titles
        )
        article = dataclasses.replace(article, titles=titles, status=Status.APPROVED)
        repository.save_all(session, [article], author="another process")
    db.close(app)
    """
)


def watch_of(app: Flask) -> GenerationWatch:
    watch: GenerationWatch = app.extensions["twofold.generation_watch"]
    return watch


def signal_of(app: Flask) -> PublishSignal:
    signal = watch_of(app).signal
    assert signal is not None, "an SQLite file database should have a publish signal"
    return signal


def retitle(app: Flask, title: str, status: Status = Status.APPROVED) -> None:
    with app.app_context():
        session = db.new_session()
        article = repository.public_article(session, "en", "sample")
        assert article is not None
        titles = tuple((a, title if a is Audience.LAYPERSON else t) for a, t in article.titles)
        article = dataclasses.replace(article, titles=titles, status=status)
        repository.save_all(session, [article], author="test")


def test_the_signal_lives_beside_the_database(app: Flask, tmp_path: Path) -> None:
    assert signal_of(app).path == tmp_path / "test.sqlite3.publication"
    assert signal_of(app).path.stat().st_size == 8


def test_a_publish_moves_the_signal_and_a_draft_or_a_question_does_not(
    app: Flask, ask_question: Any
) -> None:
    signal = signal_of(app)
    before = signal.value()

    retitle(app, "A draft nobody reads yet", Status.DRAFT)
    ask_question(app.test_client(), "sample", "Can milia come back?")
    assert signal.value() == before

    retitle(app, NEW_TITLE)
    assert signal.value() == before + 1


def test_a_check_reads_the_database_only_when_the_signal_moved(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = watch_of(app)
    watch.recheck = 3600.0
    reads: list[int] = []
    read = watch.reader.read

    def counted() -> int:
        reads.append(1)
        return read()

    monkeypatch.setattr(watch.reader, "read", counted)
    client = app.test_client()
    for _ in range(20):
        assert client.get(URL).status_code == 200
    quiet = len(reads)

    retitle(app, NEW_TITLE)
    assert NEW_TITLE in client.get(URL).get_data(as_text=True)
    assert quiet <= 1
    assert len(reads) == quiet + 1


def test_a_publish_from_another_process_shows_on_the_next_request(app: Flask) -> None:
    watch_of(app).recheck = 3600.0  # only the signal can tell this app in time
    client = app.test_client()
    before = client.get(URL)
    assert client.get(URL).get_data() == before.get_data()  # served from the page cache
    assert NEW_TITLE not in before.get_data(as_text=True)

    subprocess.run(
        [sys.executable, "-c", PUBLISH_ELSEWHERE, app.config["DATABASE_URL"], NEW_TITLE],
        cwd=PROJECT,
        check=True,
        timeout=120,
    )

    after = client.get(URL, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert NEW_TITLE in after.get_data(as_text=True)


def rewind_signal(app: Flask) -> Callable[[], None]:
    """A function that puts the app's publish signal back where it is now."""
    with app.app_context():
        engine = db.engine
    signal_file = signal_path(engine)
    assert signal_file is not None
    original = signal_file.read_bytes()

    def rewind() -> None:
        with signal_file.open("r+b") as rewound:  # as if the commit's signal never happened
            rewound.write(original)

    return rewind


def test_a_publish_that_could_not_signal_is_seen_within_the_recheck(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = watch_of(app)
    watch.recheck = 0.0  # a writer that could not move the signal: the database still tells
    client = app.test_client()
    client.get(URL)
    rewind = rewind_signal(app)
    moves = publication.moves_here()
    retitle(app, NEW_TITLE)
    rewind()
    monkeypatch.setattr(publication, "_moves_here", moves)  # a writer in another process

    assert NEW_TITLE in client.get(URL).get_data(as_text=True)


def test_a_publish_in_this_process_is_seen_at_once_even_if_the_signal_did_not_move(
    app: Flask,
) -> None:
    watch_of(app).recheck = 3600.0
    client = app.test_client()
    client.get(URL)
    rewind = rewind_signal(app)
    retitle(app, NEW_TITLE)
    rewind()

    assert NEW_TITLE in client.get(URL).get_data(as_text=True)


def test_notify_creates_a_missing_signal(tmp_path: Path) -> None:
    path = tmp_path / "twofold.sqlite3.publication"
    notify(path)
    notify(path)
    signal = PublishSignal(path)
    assert signal.value() == 2
    signal.close()


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u:p@localhost/twofold"],
)
def test_databases_without_a_shared_file_have_no_signal(url: str) -> None:
    engine = create_engine(url)
    assert signal_path(engine) is None
    assert PublishSignal.for_engine(engine) is None
    engine.dispose()


def test_a_signal_that_cannot_be_made_means_reading_the_database(tmp_path: Path) -> None:
    database = tmp_path / "twofold.sqlite3"
    (tmp_path / "twofold.sqlite3.publication").mkdir()  # something else holds the name
    engine = create_engine(f"sqlite:///{database}")
    assert PublishSignal.for_engine(engine) is None
    engine.dispose()
