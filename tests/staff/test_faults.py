"""Faults on the writer's side: the database refuses a write; a load dies halfway.

Each must fail with a clear message, write nothing half-way, lose no one's text, and
leave the service reading.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event, func, select

from service import authoring
from service.storage.db import db
from service.storage.models import RevisionRecord

PROJECT = Path(__file__).resolve().parent.parent.parent
SECTION = "/staff/articles/en/sample/sections/overview"


def refuse_writes(app: Flask) -> None:
    """From now on every connection is read-only, as on a full disk or read-only folder."""
    engine = app.extensions["twofold.engine"]

    def read_only(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA query_only = ON")

    event.listen(engine, "connect", read_only)
    engine.dispose()


def test_a_refused_write_hands_the_writer_their_text_and_changes_nothing(
    app_factory: Any, auth_for: Any, section_form: Any
) -> None:
    app = app_factory(PROPAGATE_EXCEPTIONS=False, PAGE_CACHE_MAX_BYTES=0)
    writer = auth_for(app).client("writer")
    mine = "Milia are small white bumps.\n\nThis paragraph took me an hour."
    form = section_form(writer, SECTION, mine)
    refuse_writes(app)

    response = writer.post(SECTION, data=form)

    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Your text was not saved" in html and "Nothing was changed." in html
    assert "This paragraph took me an hour." in html  # the writer's text, to copy
    assert "Traceback" not in html
    with app.app_context():
        assert authoring.current(db.new_session(), "en", "sample").number == 1
    # Readers are still served.
    assert app.test_client().get("/en/articles/sample/layperson").status_code == 200


LOAD_AND_HANG = """
import sys, time
from service import create_app
from service.content.bundle import read_path
from service.storage import db, repository

app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "t", "LOAD_BUNDLED_VARIANTS": False})
articles = read_path(sys.argv[2])
with app.app_context():
    session = db.db.new_session()
    for article in articles:
        repository.save_revision(session, article, author="killed load")
    session.flush()
    print("halfway", flush=True)
    time.sleep(60)  # killed here, before the commit
"""


def test_a_load_killed_halfway_leaves_the_database_as_it_was(app: Flask, tmp_path: Path) -> None:
    root = tmp_path / "variants"
    shutil.copytree(PROJECT / "tests" / "bundles", root)
    overview = root / "en" / "sample" / "overview.layperson.md"
    overview.write_text(overview.read_text().replace("tiny white bumps", "small white bumps"))

    def revisions() -> int:
        with app.app_context():
            return int(db.new_session().scalar(select(func.count(RevisionRecord.id))) or 0)

    before = revisions()
    load = subprocess.Popen(
        [sys.executable, "-c", LOAD_AND_HANG, app.config["DATABASE_URL"], str(root)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert load.stdout is not None and load.stdout.readline().strip() == "halfway"
        load.send_signal(signal.SIGKILL)
        load.wait(timeout=30)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait(timeout=30)
        if load.stdout is not None:
            load.stdout.close()
    time.sleep(0.1)

    assert revisions() == before
    page = app.test_client().get("/en/articles/sample/layperson").get_data(as_text=True)
    assert "tiny white bumps" in page
    # The database is not left locked: the next load goes through.
    result = app.test_cli_runner().invoke(args=["variants", "load", str(root)])
    assert result.exit_code == 0, result.output
    assert revisions() == before + 1
