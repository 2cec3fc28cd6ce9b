"""A variants load killed halfway: the database stays as it was, and unlocked.

(A save the database refuses is drilled in tests/storage/test_database_down.py.)
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from service.storage.db import db
from service.storage.models import RevisionRecord

PROJECT = Path(__file__).resolve().parent.parent.parent


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
