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
from bot.feedback.responses import by_key
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
    page.get_by_role("link", name="Thank you for talking to me.", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for talking to me.")
    expect(page.locator("main")).to_contain_text(f"{comment}, from {REMOVED} on {REMOVED}")
    shown = re.compile(r"Shown in chats: [1-9][0-9]* times\. Easy: \d+\. Hard: [1-9]")
    for _ in range(20):  # the gateway writes the counts of shown responses every few seconds (ShownCounts)
        if shown.search(page.locator("main").inner_text()):
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(page.locator("main")).to_contain_text(shown)
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


class Keys:
    """Presses keys in a page and counts them; typed characters are not counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.count += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def test_a_panel_member_finds_reads_rates_and_suggests_by_keyboard_alone(new_page, gateway, panel_member, focused,
                                                                        axe_violations, screenshot):
    page = new_page(viewport={"width": 1280, "height": 800})
    sign_in(page, gateway, panel_member)
    keys = Keys(page)
    keys.press("Tab")  # the skip link
    keys.press("Enter")  # to the main content, where the search box comes first
    keys.press("Tab")
    assert focused(page)["id"] == "q"
    keys.type("volunteering is work")
    keys.press("Enter")
    expect(page.locator("main")).to_contain_text('1 response with the words "volunteering is work". Page 1 of 1.')
    assert axe_violations(page) == []
    screenshot(page, "review-search")
    keys.press("Tab")  # from the results heading the page opened at, to the first result
    assert focused(page)["text"] == "Volunteering is work you do without pay."
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteering is work you do without pay.")
    words = page.locator("#words")
    expect(words).to_contain_text("Easy Read")  # read: the words are where the page opened
    expect(words.locator("blockquote").first).to_be_in_viewport()
    assert axe_violations(page) == []
    screenshot(page, "review-response-words")
    keys.press("Tab")  # "Yes, it is easy"
    keys.press("Tab")  # "No, it is hard"
    assert focused(page)["text"] == "No, it is hard"
    keys.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Thank you. You said it is hard to understand.")
    keys.press("Tab")  # from "Suggest a change", where the page opened, to the comment
    assert focused(page)["id"] == "comment"
    keys.type("Say what volunteering is in fewer words.")
    keys.press("Tab")  # new words: not needed
    keys.press("Tab")
    assert focused(page)["text"] == "Save my suggestion"
    keys.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Thank you. Your suggestion is saved.")
    expect(page.locator("main")).to_contain_text("Say what volunteering is in fewer words.")
    assert keys.count == 13 <= 15, keys.count
    assert axe_violations(page) == []


def test_an_empty_suggestion_shows_an_error_tied_to_its_field(new_page, gateway, panel_member, focused,
                                                             axe_violations, screenshot):
    page = new_page(viewport={"width": 1280, "height": 800})
    sign_in(page, gateway, panel_member)
    page.goto(f"{gateway}/inbox/review/{by_key()[content_key(GREETING_ID)].key}")
    page.get_by_role("button", name="Save my suggestion").click()
    comment = page.get_by_label("Your comment")
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(comment).to_have_accessible_description(re.compile("Write a comment or new wording"))
    assert focused(page)["id"] == "error-summary"
    expect(page).to_have_title(re.compile("^Error: "))
    page.get_by_role("link", name="Write a comment or new wording.").click()
    assert focused(page)["id"] == "comment"
    assert axe_violations(page) == []
    screenshot(page, "review-empty-suggestion")


def test_a_sign_in_error_takes_the_focus_to_the_summary(new_page, gateway, focused, axe_violations):
    new_page.allow("status of 400")  # the sign-in page with its errors is a 400
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{gateway}/inbox/sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert focused(page)["id"] == "error-summary"
    assert axe_violations(page) == []
