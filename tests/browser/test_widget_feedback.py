"""Rating an answer in the widget ("Was the last answer easy to understand?") against the real stack: the
rating is kept with the response it was about, and the comment without the name and number typed into it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bot.feedback.scrub import REMOVED
from bot.feedback.store import FeedbackStore

pytestmark = pytest.mark.stack


def test_rating_an_answer_and_adding_a_comment(page_for_partner, stack, focused, axe_violations, reply_timeout,
                                                screenshot):
    page = page_for_partner("demo")
    page.locator(".launcher").click()
    expect(page.locator(".log")).to_contain_text("I am a computer, not a person", timeout=reply_timeout)
    rate = page.get_by_role("group", name="Was the last answer easy to understand?")
    expect(rate).to_be_hidden()  # the greeting is a question: only answers are rated
    page.locator("#input").fill("what does ESA mean")
    page.keyboard.press("Enter")
    expect(page.locator(".log")).to_contain_text("Employment and Support Allowance", timeout=reply_timeout)
    expect(rate).to_be_visible()
    assert axe_violations(page) == []

    rate.get_by_role("button", name="It was not easy").click()
    expect(page.locator(".status")).to_have_text("Thank you for telling us.")
    expect(rate).to_be_hidden()
    assert focused(page)["id"] == "comment", "the pressed button has gone, so focus goes to the comment box"
    assert axe_violations(page) == []
    screenshot(page, "widget-feedback")
    page.keyboard.type("Too many words. I am Zephyrine on 07700 900461")
    page.keyboard.press("Enter")
    expect(page.locator(".status")).to_have_text("Thank you. The team will read it.")
    assert focused(page)["id"] == "input"

    kept = [row for row in FeedbackStore.open(stack.settings).for_partner("demo")
            if (row.comment or "").startswith("Too many words.")]
    assert len(kept) == 1
    assert kept[0].content_id == "data/knowledge/glossary.yml: terms[0].easy" and kept[0].rating == "not_easy"
    assert kept[0].comment == f"Too many words. I am {REMOVED} on {REMOVED}"

    page.locator("#input").fill("what does PIP mean")
    page.keyboard.press("Enter")
    expect(page.locator(".log")).to_contain_text("Personal Independence Payment", timeout=reply_timeout)
    expect(rate).to_be_visible()  # a new answer can be rated too
