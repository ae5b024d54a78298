"""A whole conversation with the keyboard alone, on the demo page, against the real gateway and Rasa."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.stack


def tab_to(page, focused, name: str, backwards: bool = False, limit: int = 30) -> dict:
    """Presses Tab (or Shift+Tab) until the button or field called `name` has focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = focused(page)
        if now["text"] == name:
            return now
    raise AssertionError(f"{name!r} was not reached with {limit} presses of Tab")


def test_a_whole_conversation_by_keyboard_alone(page_for_partner, focused, reply_timeout, screenshot):
    page = page_for_partner("closed-today")  # closed all day, so asking for a person offers a call back
    log = page.locator(".log")

    # The launcher is a real button with a name, reached with the first Tab, and says it is closed.
    page.keyboard.press("Tab")
    launcher = focused(page)
    assert launcher["tag"] == "button" and launcher["text"] == "Chat about work" and launcher["expanded"] == "false"

    # Enter opens the chat; focus goes to the message box, and the assistant says hello.
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "input"
    assert page.locator(".launcher").get_attribute("aria-expanded") == "true"
    expect(log).to_contain_text("I am a computer, not a person", timeout=reply_timeout)

    # Type and send with Enter. New messages arrive in the log without taking focus from the message box.
    page.keyboard.type("what does ESA mean")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("Employment and Support Allowance", timeout=reply_timeout)
    assert focused(page)["id"] == "input"
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"

    # Quick replies are buttons reached with Tab. Start again brings the menu back.
    tab_to(page, focused, "Start again")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("We will start again", timeout=reply_timeout)
    tab_to(page, focused, "Find out about help to work", backwards=True)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "input"  # the pressed choice has gone; focus is not lost
    expect(log).to_contain_text("Where do you live?", timeout=reply_timeout)

    # The detail switch asks for the fuller answer.
    tab_to(page, focused, "More detail", backwards=True)
    page.keyboard.press("Space")
    expect(log).to_contain_text("voluntary", timeout=reply_timeout)
    assert page.get_by_role("button", name="More detail").get_attribute("aria-pressed") == "true"

    tab_to(page, focused, "What might suit me?")
    page.keyboard.press("Space")
    expect(log).to_contain_text("Are you in work at the moment?", timeout=reply_timeout)

    # Asking for a person, even in the middle of a question, offers a call back when nobody is free,
    # and the time and the phone number are chosen and typed by keyboard too.
    assert focused(page)["id"] == "input"
    page.keyboard.type("talk to a person")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("We can call you back", timeout=reply_timeout)
    tab_to(page, focused, "tomorrow at 9am", backwards=True)
    page.keyboard.press("Enter")
    expect(log).to_contain_text("What phone number should we call?", timeout=reply_timeout)
    assert focused(page)["id"] == "input"
    box = page.locator("#input")  # it says it wants a phone number, so the browser can offer the saved one
    assert (box.get_attribute("autocomplete"), box.get_attribute("inputmode")) == ("tel", "tel")
    page.keyboard.type("07700 900128")  # no other test books this number (at most 3 open call-backs each)
    page.keyboard.press("Enter")
    expect(log).to_contain_text("Is that the right number?", timeout=reply_timeout)
    expect(log).to_contain_text("We will call 07700 900128.")  # read back before anything is booked
    assert (box.get_attribute("autocomplete"), box.get_attribute("inputmode")) == ("off", None)
    tab_to(page, focused, "Yes, that is right", backwards=True)
    page.keyboard.press("Enter")
    expect(log).to_contain_text("call you at this time: tomorrow at 9am", timeout=reply_timeout)
    screenshot(page, "keyboard-call-back-booked")

    # Esc closes the chat and focus goes back to the launcher.
    page.keyboard.press("Escape")
    assert focused(page)["text"] == "Chat about work" and focused(page)["expanded"] == "false"
    expect(page.locator(".panel")).to_be_hidden()

    # No keyboard trap: with the chat open, Tab goes through it and out the other side.
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if not focused(page)["inWidget"]:
            break
    else:
        raise AssertionError("Tab never left the chat")
