"""The QA pages in Chromium: no axe-core violations, and no chart label drawn past its chart.

The library is the bundled milia in English and Spanish (two scales: US grade and
INFLESZ), the English one with a long layperson title, served by an app of this
module's own so the shared live server's library is left as the other tests expect.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
LONG_TITLE = (
    "What causes milia, the tiny white bumps on the skin of newborns and adults, "
    "and when should someone see a doctor about them?"
)
QA_EMAIL = "qa-charts@twofold.test"

# Each text of each chart whose drawn box leaves its chart's box (half a pixel allowed).
CLIPPED = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(text => {
    const r = text.getBoundingClientRect();
    return r.left < box.left - 0.5 || r.right > box.right + 0.5
      || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
  }).map(text => svg.getAttribute('aria-label') + ': ' + text.textContent);
})"""


@pytest.fixture(scope="module")
def qa_server(
    build_app: Callable[..., Any],
    auth_class: Any,
    serve: Callable[[Any], AbstractContextManager[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    root = tmp_path_factory.mktemp("variants")
    for locale in ("en", "es"):
        shutil.copytree(PROJECT / "variants" / locale / "milia", root / locale / "milia")
    meta = root / "en" / "milia" / "article.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "layperson: What causes milia?", f"layperson: {LONG_TITLE}"
        ),
        encoding="utf-8",
    )
    app = build_app(tmp_path_factory.mktemp("db"), VARIANTS_PATH=str(root))
    auth_class(app).create("qa", QA_EMAIL)
    with serve(app) as url:
        yield url


@pytest.fixture
def qa_page(browser: Browser, qa_server: str, auth_class: Any) -> Iterator[Page]:
    """A QA member's page (axe may be injected past the CSP, which stays on)."""
    context: BrowserContext = browser.new_context(base_url=qa_server, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/staff/login")
    page.get_by_label("Email").fill(QA_EMAIL)
    page.get_by_label("Password").fill(auth_class.password)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    yield page
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_qa_overview_has_no_violations_and_no_clipped_label(
    qa_page: Page, assert_accessible: Callable[[Page], None], width: int
) -> None:
    qa_page.set_viewport_size({"width": width, "height": 900})
    response = qa_page.goto("/staff/qa/readability")
    assert response is not None and response.status == 200
    charts = qa_page.locator("svg.chart")
    expect(charts).to_have_count(4)
    for summary in qa_page.locator(".chart-figures summary").all():
        summary.click()  # the tables of figures, open, are checked too
    expect(qa_page.locator("table.chart-data")).to_have_count(4)
    assert qa_page.evaluate(CLIPPED) == []
    labels = [charts.nth(i).get_attribute("aria-label") or "" for i in range(4)]
    assert sum("INFLESZ (higher is easier)" in label for label in labels) == 2
    assert sum("US school grade (lower is easier)" in label for label in labels) == 2
    assert_accessible(qa_page)


@pytest.mark.parametrize(
    "path", ["/staff/qa/readability/en/milia", "/staff/qa/readability/es/milia"]
)
def test_the_qa_article_pages_have_no_violations(
    qa_page: Page, assert_accessible: Callable[[Page], None], path: str
) -> None:
    response = qa_page.goto(path)
    assert response is not None and response.status == 200
    assert_accessible(qa_page)
