"""Static files: linked by a fingerprint of their content and cached forever under it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service import assets

FOREVER = "public, max-age=31536000, immutable"


def static_file(app: Flask, name: str) -> Path:
    assert app.static_folder
    return Path(app.static_folder) / name


def fetch(
    client: FlaskClient, url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> TestResponse:
    """The whole response, buffered: the client then closes the file, as a WSGI server does."""
    return client.open(url, method=method, headers=headers or {}, buffered=True)


def stylesheet_url(client: FlaskClient) -> str:
    html = client.get("/en/articles/sample").get_data(as_text=True)
    match = re.search(r'<link rel="stylesheet" href="([^"]+)">', html)
    assert match, "the reader page links a stylesheet"
    return match.group(1)


def test_the_reader_page_links_the_stylesheet_by_a_fingerprint_of_its_content(
    client: FlaskClient, app: Flask
) -> None:
    digest = assets.fingerprint(static_file(app, "twofold.css"))
    assert re.fullmatch(r"[0-9a-f]{12}", digest)
    assert stylesheet_url(client) == f"/static/twofold.{digest}.css"
    assert app.extensions["twofold.assets"].names["twofold.css"] == f"twofold.{digest}.css"


def test_every_static_url_for_is_fingerprinted(app: Flask) -> None:
    with app.test_request_context():
        script = url_for("static", filename="editor.js")
    digest = assets.fingerprint(static_file(app, "editor.js"))
    assert script == f"/static/editor.{digest}.js"


def test_the_fingerprinted_stylesheet_is_served_to_be_cached_forever(
    client: FlaskClient, app: Flask
) -> None:
    response = fetch(client, stylesheet_url(client))
    assert response.status_code == 200
    assert response.data == static_file(app, "twofold.css").read_bytes()
    assert response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == FOREVER
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_fingerprinted_script_is_served_as_javascript(client: FlaskClient, app: Flask) -> None:
    with app.test_request_context():
        url = url_for("static", filename="editor.js")
    response = fetch(client, url)
    assert response.status_code == 200
    assert response.data == static_file(app, "editor.js").read_bytes()
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == FOREVER


def test_a_browser_that_has_the_file_is_told_it_has_not_changed(client: FlaskClient) -> None:
    url = stylesheet_url(client)
    first = fetch(client, url)
    etag = first.headers["ETag"]
    by_etag = fetch(client, url, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304
    assert by_etag.data == b""
    assert by_etag.headers["Cache-Control"] == FOREVER
    by_date = fetch(client, url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304


def test_head_answers_the_headers_without_the_body(client: FlaskClient, app: Flask) -> None:
    response = fetch(client, stylesheet_url(client), "HEAD")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Content-Length"] == str(static_file(app, "twofold.css").stat().st_size)
    assert response.headers["Cache-Control"] == FOREVER


def test_the_plain_name_still_works_but_is_cached_briefly(client: FlaskClient, app: Flask) -> None:
    response = fetch(client, "/static/twofold.css")
    assert response.status_code == 200
    assert response.data == static_file(app, "twofold.css").read_bytes()
    cache_control = response.headers["Cache-Control"]
    assert "immutable" not in cache_control
    assert "max-age=60" in cache_control


def test_a_fingerprint_the_app_does_not_know_is_not_found(client: FlaskClient, app: Flask) -> None:
    assert fetch(client, "/static/twofold.0000.css").status_code == 404
    assert fetch(client, "/static/twofold.000000000000.css").status_code == 404
    other = assets.fingerprint(static_file(app, "editor.js"))
    assert fetch(client, f"/static/twofold.{other}.css").status_code == 404


def test_the_fingerprint_follows_the_content_not_the_file(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "fonts").mkdir(parents=True)
    (first / "site.css").write_text("body { color: black; }\n")
    (first / "fonts" / "serif.woff2").write_bytes(b"\x00font")
    shutil.copytree(first, second)  # another checkout: same bytes, other paths and times

    manifest = assets.build_manifest(first)
    assert manifest == assets.build_manifest(second)
    assert set(manifest) == {"site.css", "fonts/serif.woff2"}
    assert re.fullmatch(r"fonts/serif\.[0-9a-f]{12}\.woff2", manifest["fonts/serif.woff2"])

    (second / "site.css").write_text("body { color: navy; }\n")
    changed = assets.build_manifest(second)
    assert changed["site.css"] != manifest["site.css"]
    assert changed["fonts/serif.woff2"] == manifest["fonts/serif.woff2"]


def test_after_a_deploy_that_changes_a_file_only_its_new_name_is_served(tmp_path: Path) -> None:
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "site.css").write_text("body { color: black; }\n")
    before = Flask(__name__, static_folder=str(folder))
    assets.init_app(before)
    with before.test_request_context():
        old_url = url_for("static", filename="site.css")

    (folder / "site.css").write_text("body { color: navy; }\n")
    after = Flask(__name__, static_folder=str(folder))
    assets.init_app(after)
    with after.test_request_context():
        new_url = url_for("static", filename="site.css")

    assert new_url != old_url
    client = after.test_client()
    assert fetch(client, new_url).data == b"body { color: navy; }\n"
    assert fetch(client, new_url).headers["Cache-Control"] == FOREVER
    assert fetch(client, old_url).status_code == 404
    assert fetch(client, "/static/site.css").data == b"body { color: navy; }\n"


def test_files_in_subfolders_are_fingerprinted_and_served(tmp_path: Path) -> None:
    folder = tmp_path / "static"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "serif.woff2").write_bytes(b"\x00font")
    app = Flask(__name__, static_folder=str(folder))
    assets.init_app(app)
    with app.test_request_context():
        url = url_for("static", filename="fonts/serif.woff2")
    assert re.fullmatch(r"/static/fonts/serif\.[0-9a-f]{12}\.woff2", url)
    response = fetch(app.test_client(), url)
    assert response.data == b"\x00font"
    assert response.mimetype == "font/woff2"
    assert response.headers["Cache-Control"] == FOREVER


def test_debug_mode_links_plain_names_so_edits_show_up(tmp_path: Path) -> None:
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "site.css").write_text("body { color: black; }\n")
    app = Flask(__name__, static_folder=str(folder))
    app.debug = True
    assets.init_app(app)
    with app.test_request_context():
        assert url_for("static", filename="site.css") == "/static/site.css"
    (folder / "site.css").write_text("body { color: navy; }\n")
    assert fetch(app.test_client(), "/static/site.css").data == b"body { color: navy; }\n"
