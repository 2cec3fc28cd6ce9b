"""axe-core finds no accessibility violations on the pages readers see."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as shipped inside the ``axe-playwright-python`` package (no npm needed)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        pytest.fail("axe-core is missing: install the test extra (axe-playwright-python).")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def axe_page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page that can run axe-core: the CSP stays on, this context is allowed past it."""
    return new_context(bypass_csp=True).new_page()


def axe_violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Run axe-core's default rule set on the loaded page and return its violations."""
    page.add_script_tag(content=axe_source)
    results: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return list(results["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """One readable paragraph per violated rule: id, impact, help and offending nodes."""
    lines = []
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, axe_source: str) -> None:
    """Zero axe-core violations, each reported by rule and node if any."""
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe-core violations on {page.url}:\n{describe(violations)}"


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
def test_page_has_no_violations(axe_page: Page, axe_source: str, path: str, status: int) -> None:
    response = axe_page.goto(path)
    assert response is not None and response.status == status
    assert_accessible(axe_page, axe_source)


@pytest.mark.parametrize("audience", ["layperson", "clinician"])
def test_question_form_error_has_no_violations(
    axe_page: Page, axe_source: str, audience: str
) -> None:
    axe_page.goto(f"/en/articles/milia/{audience}")
    with axe_page.expect_navigation() as navigation:
        axe_page.get_by_role("button", name="Send question").click()
    assert navigation.value is not None and navigation.value.status == 400
    expect(axe_page.locator("#question")).to_have_attribute("aria-invalid", "true")
    assert_accessible(axe_page, axe_source)
