"""The content review and insight in Chromium against the running gateway: an answer rated in the widget is
found on the review page by a panel member; the pages have no WCAG 2.2 A or AA violations, and reflow at
320 px, which is what 200% zoom gives on a 640 px window."""
from __future__ import annotations

import random
import re
import string
import uuid

import pytest
from playwright.sync_api import expect

from bot.feedback.scrub import REMOVED
from bot.accounts.store import AccountStore
from bot.web.review import content_key

pytestmark = pytest.mark.stack

PASSWORD = "a long password for the panel"
GREETING_ID = "domain/core.yml: utter_greet[1] [easy]"


@pytest.fixture
def panel_member(stack) -> str:
    username = f"panel-{uuid.uuid4().hex[:8]}"
    AccountStore.open(stack.settings).add_specialist("demo", username, PASSWORD, "Ali from the panel", role="panel")
    return username


def sign_in(page, gateway: str, username: str) -> None:
    page.goto(f"{gateway}/inbox/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Content review")


def test_a_rating_in_the_widget_is_found_on_the_review_page(page_for_partner, new_page, gateway, panel_member,
                                                           reply_timeout, axe_violations, screenshot):
    chat = page_for_partner("demo")
    chat.locator(".launcher").click()
    expect(chat.locator(".log")).to_contain_text("I am a computer, not a person", timeout=reply_timeout)
    chat.locator("#input").fill("goodbye")  # an answer, not a question: only answers are rated
    chat.keyboard.press("Enter")
    expect(chat.locator(".log")).to_contain_text("Goodbye.", timeout=reply_timeout)
    chat.get_by_role("group", name="Was the last answer easy to understand?").get_by_role(
        "button", name="It was not easy").click()
    # Lower-case letters only, so the scrubber cannot mistake the marker for a postcode or a name.
    comment = f"Say less please {''.join(random.choices(string.ascii_lowercase, k=8))}"
    chat.locator("#comment").fill(f"{comment}, from Zephyrine on 07700 900461")
    chat.keyboard.press("Enter")
    expect(chat.locator(".status")).to_have_text("Thank you. The team will read it.")

    page = new_page(viewport={"width": 1280, "height": 800})
    sign_in(page, gateway, panel_member)
    assert axe_violations(page) == []
    page.get_by_role("link", name="utter_goodbye[0]", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("utter_goodbye[0]")
    expect(page.locator("main")).to_contain_text(f"{comment}, from {REMOVED} on {REMOVED}")
    expect(page.locator("main")).to_contain_text(re.compile(r"Shown in chats: [1-9][0-9]* times\. Easy: "))
    assert axe_violations(page) == []
    screenshot(page, "review-response")

    page.get_by_role("link", name="Insight", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Insight")
    assert axe_violations(page) == []
    screenshot(page, "insight")
    page.go_back()

    page.get_by_label("Your comment").fill("The first sentence is good.")
    page.get_by_role("button", name="Save my suggestion").click()
    expect(page.get_by_role("status")).to_have_text("Thank you. Your suggestion is saved.")
    expect(page.locator("main")).to_contain_text("Ali from the panel (open)")


def test_the_review_pages_reflow_at_320_px(new_page, gateway, panel_member, new_chat, axe_violations):
    # The longest topic name, so the insight page has a wide row to fit.
    new_chat().say("/ask_joining_affects_benefits")
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, gateway, panel_member)
    for path in ("/inbox/review", f"/inbox/review/{content_key(GREETING_ID)}", "/inbox/insight"):
        page.goto(f"{gateway}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways: {width} px"
        assert axe_violations(page) == [], path
