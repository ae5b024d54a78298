"""The specialist inbox in Chromium against the running gateway: axe-core finds no WCAG 2.2 A or AA violations
on the sign-in page, the queue and a ticket; a specialist signs in, claims a chat and replies with the
keyboard alone; the pages reflow at 320 px. Screenshots go to var/screenshots/ for a person to look at."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from bot.handoff import choose_specialist
from bot.accounts.store import AccountStore
from bot.handoff.tickets import TicketStore

pytestmark = pytest.mark.stack

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PASSWORD = "correct horse battery staple"


@pytest.fixture
def team(stack):
    """A new specialist of the demo partner and a chat waiting for the team, in the running gateway's own
    database: (store, username, ticket)."""
    store = TicketStore.open(stack.settings)
    username = f"sam-{uuid.uuid4().hex[:8]}"
    AccountStore(store.engine).add_specialist("demo", username, PASSWORD, "Sam Okafor")
    transcript = [{"from": "person", "text": "My PIP money stopped <b>today</b>", "at": "2026-11-23T09:58:00+00:00"},
                  {"from": "assistant", "text": "I will pass you to a benefits adviser.", "at": None}]
    ticket = store.open_ticket(f"browser-{uuid.uuid4()}", "demo",
                               choose_specialist("own_benefits_money", ["bsl", "large print"]),
                               'The person sent 1 message.\nFirst message: "My PIP money stopped"', transcript,
                               {"name": "Robin Quillfeather", "phone": "07700 900461"})
    yield store, username, ticket
    store.engine.dispose()


def assert_no_violations(page, axe_violations):
    violations = axe_violations(page)
    assert violations == [], axe_violations.describe(violations)


def tab_to(page, focused, wanted, limit: int = 60) -> dict:
    """Presses Tab until the focused element is the one wanted (a test on focused()'s description)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError("Tab never reached it")


def sign_in(page, gateway: str, username: str) -> None:
    page.goto(f"{gateway}/inbox/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue")


def test_sign_in_queue_and_ticket_have_no_violations(new_page, gateway, team, axe_violations, screenshot):
    _, username, ticket = team
    page = new_page(**DESKTOP)
    page.goto(f"{gateway}/inbox")
    expect(page).to_have_url(f"{gateway}/inbox/sign-in")  # not signed in yet
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert_no_violations(page, axe_violations)
    screenshot(page, "inbox-sign-in")

    new_page.allow("status of 400")  # the page with the errors comes back as 400 Bad Request, on purpose
    page.get_by_role("button", name="Sign in").click()  # nothing filled in: the errors, tied to their fields
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Username")).to_have_accessible_description("Error: Enter your username.")
    assert_no_violations(page, axe_violations)
    screenshot(page, "inbox-sign-in-errors")

    sign_in(page, gateway, username)
    expect(page.get_by_role("link", name=ticket.id)).to_be_visible()
    assert_no_violations(page, axe_violations)
    screenshot(page, "inbox-queue")

    page.get_by_role("link", name=ticket.id).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ticket {ticket.id}")
    expect(page.locator(".transcript")).to_contain_text("My PIP money stopped <b>today</b>")  # shown, not run
    assert_no_violations(page, axe_violations)
    screenshot(page, "inbox-ticket")

    page.get_by_role("button", name="Claim this chat").click()
    expect(page.get_by_label("Your reply to the person")).to_be_visible()
    assert_no_violations(page, axe_violations)
    screenshot(page, "inbox-ticket-live")


def test_claim_and_reply_with_the_keyboard_alone(new_page, gateway, team, focused):
    store, username, ticket = team
    page = new_page(**DESKTOP)
    page.goto(f"{gateway}/inbox/sign-in")

    skip = tab_to(page, focused, lambda f: True)  # the first stop is the skip link, and it shows
    assert skip["text"] == "Skip to main content" and page.locator(".skip-link").is_visible()
    tab_to(page, focused, lambda f: f["id"] == "username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue")

    tab_to(page, focused, lambda f: f["tag"] == "a" and f["text"] == f"Ticket {ticket.id}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ticket {ticket.id}")

    tab_to(page, focused, lambda f: f["tag"] == "button" and f["text"] == "Claim this chat")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus can be seen
    page.keyboard.press("Enter")
    expect(page.get_by_text("Live chat, with you")).to_be_visible()

    tab_to(page, focused, lambda f: f["id"] == "reply")  # the page opened at the messages: a few stops
    page.keyboard.type("Hello, I am Sam. How can I help?")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Send reply"
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Hello, I am Sam. How can I help?")
    assert [m.text for m in store.messages_after(ticket.id, 0)] == ["Hello, I am Sam. How can I help?"]


def test_the_pages_reflow_at_320_px(new_page, gateway, team, axe_violations):
    _, username, ticket = team
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, gateway, username)
    for path in ("/inbox", f"/inbox/tickets/{ticket.id}"):
        page.goto(f"{gateway}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways: {width} px"
    assert_no_violations(page, axe_violations)
