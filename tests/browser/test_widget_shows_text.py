"""What anyone types, or the team writes, is shown in the widget as text and never run as HTML."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.stack

ATTACK = '<img src=x onerror="window.ran=1"><script>window.ran=2</script><b>bold</b>'


def test_html_typed_into_the_chat_is_shown_as_text_and_never_run(page_for_partner, reply_timeout):
    page = page_for_partner("demo")
    page.locator(".launcher").click()
    log = page.locator(".log")
    expect(log).to_contain_text("I am a computer, not a person", timeout=reply_timeout)
    page.locator("#input").fill(ATTACK)
    page.keyboard.press("Enter")
    expect(log).to_contain_text(ATTACK, timeout=reply_timeout)
    assert log.locator("img[src='x'], script, b").count() == 0
    assert page.evaluate("window.ran") is None
