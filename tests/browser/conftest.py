"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against the real running stack.

Playwright's own browser download is never used (it cannot be fetched here): the tests launch
/usr/bin/chromium, which `make test` installs from Debian when it is missing.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from bot.config import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
REPLY_TIMEOUT_MS = 60_000  # Rasa's first answers after start-up can be slow on a small machine

# The focused element, looking inside shadow roots, described for assertions.
FOCUSED_JS = """() => {
  let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  if (!e || e === document.body) return {tag: "body", text: "", inWidget: false};
  return {tag: e.tagName.toLowerCase(), text: (e.textContent || "").trim(), cls: String(e.className || ""),
          id: e.id, inWidget: e.getRootNode() !== document, expanded: e.getAttribute("aria-expanded")};
}"""


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API keeps an event loop of its own, which should not outlive the
    # browser tests while pytest-asyncio runs other tests.
    assert CHROMIUM.exists(), "Chromium is missing: run `make test`, or `apt-get install -y chromium`."
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def gateway(stack) -> str:
    return stack.settings.gateway_url


@pytest.fixture
def new_page(browser):
    """Opens a page in a fresh browser context (its own sessionStorage). Console errors fail the test,
    so a script or style blocked by the Content-Security-Policy cannot pass unnoticed. A test that makes
    errors on purpose says which with new_page.allow("words in the error")."""
    contexts, errors, allowed = [], [], ["ERR_CONNECTION_REFUSED"]

    def on_console(message):
        url = message.location.get("url", "")
        # The demo page has no favicon; and axe-core, evaluated by the test itself (no url), adds inline
        # styles that the page's Content-Security-Policy rightly refuses.
        if message.type != "error" or url.endswith("/favicon.ico") or not url:
            return
        if not any(words in message.text for words in allowed):
            errors.append(message.text)

    def open_page(url: str | None = None, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", on_console)
        if url:
            page.goto(url)
            page.locator(".launcher").wait_for(state="visible")
        return page

    open_page.allow = allowed.append
    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def page_for_partner(new_page, gateway):
    """Opens the demo page as another partner would embed the widget: the gateway's own page and headers,
    with only its data-partner changed."""
    def open_as(partner: str, **context_options):
        page = new_page(**context_options)

        def as_partner(route):
            response = route.fetch()
            route.fulfill(response=response,
                          body=response.text().replace('data-partner="demo"', f'data-partner="{partner}"'))

        page.route(f"{gateway}/", as_partner)
        page.goto(f"{gateway}/")
        page.locator(".launcher").wait_for(state="visible")
        return page

    return open_as


@pytest.fixture
def focused():
    return lambda page: page.evaluate(FOCUSED_JS)


@pytest.fixture
def axe_violations():
    """Runs axe-core in the page (shadow DOM included) and returns its violations for the WCAG 2.x A and AA tags."""
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)."
    source = AXE.read_text()

    def run(page) -> list[dict]:
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not block.
        page.evaluate(source + "\n;0")
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        return [{"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
                for v in result["violations"]]

    run.describe = lambda violations: json.dumps(violations, indent=1)
    return run


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return take


@pytest.fixture
def reply_timeout() -> int:
    return REPLY_TIMEOUT_MS
