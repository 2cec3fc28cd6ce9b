"""Browser fixtures: a live Twofold server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import importlib.util
import itertools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from werkzeug.serving import make_server

TESTS = Path(__file__).resolve().parent.parent
PROJECT = TESTS.parent
DEFAULT_CHROMIUM = "/usr/lib/chromium/chromium"
# Quiet on a closed network: no updates, no sync, no QUIC probes (see ENVIRONMENT.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every staff account the browser tests make shares this password.
PASSWORD = "correct horse battery staple"


def _suite_conftest() -> ModuleType:
    """The suite's ``tests/conftest.py``, for ``make_app``.

    Conftest files outside packages all import as ``conftest``, so the name cannot be
    imported from here; load the file under a name of its own instead.
    """
    spec = importlib.util.spec_from_file_location("twofold_suite_conftest", TESTS / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _variants_root(root: Path) -> Path:
    """A variants root holding the milia article and the second test bundle."""
    en = root / "en"
    shutil.copytree(PROJECT / "variants" / "en" / "milia", en / "milia")
    shutil.copytree(TESTS / "bundles" / "en" / "second", en / "second")
    return root


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app on a fresh SQLite database serving ``milia`` and ``second``."""
    variants = _variants_root(tmp_path_factory.mktemp("variants"))
    make_app: Callable[..., Flask] = _suite_conftest().make_app
    return make_app(tmp_path_factory.mktemp("db"), VARIANTS_PATH=str(variants))


def _log_in(page: Page, email: str) -> None:
    """Log in through the staff login form, by keyboard: Enter in the Password field."""
    page.goto("/staff/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture(scope="session")
def log_in() -> Callable[[Page, str], None]:
    """``log_in(page, email)``: log a staff account with the shared password in, by keyboard."""
    return _log_in


@pytest.fixture(scope="session")
def staff_account(live_app: Flask) -> Callable[..., str]:
    """``make(role, prefix="staff")``: a new account with ``role`` on ``live_app``.

    The email is ``{prefix}-{role}-{n}@twofold.test``, unique for the session (the live
    app lives all session); the password is the shared ``PASSWORD``.
    """
    numbers = itertools.count(1)

    def make(role: str, prefix: str = "staff") -> str:
        email = f"{prefix}-{role}-{next(numbers)}@twofold.test"
        result = live_app.test_cli_runner().invoke(
            args=["users", "create", email, "--role", role], input=f"{PASSWORD}\n{PASSWORD}\n"
        )
        assert result.exit_code == 0, result.output
        return email

    return make


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The base URL of ``app`` served by Werkzeug on a free loopback port, while open."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve() -> Callable[[Flask], AbstractContextManager[str]]:
    """``serving`` for test modules that need a server of their own app."""
    return serving


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The base URL of ``live_app`` served by Werkzeug on a free loopback port."""
    with serving(live_app) as url:
        yield url


def _chromium_path() -> str:
    """The Chromium binary to drive; a missing one fails the run, it never skips."""
    path = os.environ.get("TWOFOLD_CHROMIUM", DEFAULT_CHROMIUM)
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    why = (
        "TWOFOLD_REQUIRE_BROWSER is set, so browser tests must run"
        if os.environ.get("TWOFOLD_REQUIRE_BROWSER")
        else "browser tests are part of the suite and do not skip"
    )
    pytest.fail(
        f"Chromium not found at {path} ({why}). Install Debian's build with "
        "`apt-get install -y chromium` (it lands in /usr/lib/chromium/chromium), or point "
        "TWOFOLD_CHROMIUM at a Chromium binary. Do not run `playwright install`.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright driver for the whole run."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, launched once per run."""
    chromium = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def new_context(browser: Browser, live_server: str) -> Iterator[Callable[..., BrowserContext]]:
    """A factory of fresh browser contexts (no cookies) on the live server; closed after."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a fresh context with JavaScript on."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as shipped inside the ``axe-playwright-python`` package (no npm needed)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        pytest.fail("axe-core is missing: install the test extra (axe-playwright-python).")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One readable paragraph per violated rule: id, impact, help and offending nodes."""
    lines = []
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def assert_accessible(axe_source: str) -> Callable[[Page], None]:
    """Check the loaded page with axe-core: zero violations, each reported by rule and node.

    The page's context must be made with ``bypass_csp=True``: the CSP stays on, but the
    test may inject axe-core past it.
    """

    def check(page: Page) -> None:
        page.add_script_tag(content=axe_source)
        results: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
        violations = list(results["violations"])
        assert not violations, (
            f"axe-core violations on {page.url}:\n{describe_violations(violations)}"
        )

    return check
