"""axe-core finds no accessibility violations on the pages readers see."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def axe_page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page that can run axe-core: the CSP stays on, this context is allowed past it."""
    return new_context(bypass_csp=True).new_page()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/", 200),
        ("/en/articles/milia/layperson", 200),
        ("/en/articles/milia/clinician", 200),
        ("/en/articles/second/clinician", 200),
        ("/en/editorial-policy", 200),
        ("/en/articles/no-such-article", 404),
        ("/xx/", 404),
    ],
)
def test_page_has_no_violations(
    axe_page: Page, assert_accessible: Callable[[Page], None], path: str, status: int
) -> None:
    response = axe_page.goto(path)
    assert response is not None and response.status == status
    assert_accessible(axe_page)


@pytest.mark.parametrize("audience", ["layperson", "clinician"])
def test_question_form_error_has_no_violations(
    axe_page: Page, assert_accessible: Callable[[Page], None], audience: str
) -> None:
    axe_page.goto(f"/en/articles/milia/{audience}")
    with axe_page.expect_navigation() as navigation:
        axe_page.get_by_role("button", name="Send question").click()
    assert navigation.value is not None and navigation.value.status == 400
    expect(axe_page.locator("#question")).to_have_attribute("aria-invalid", "true")
    assert_accessible(axe_page)
