"""The live inbox in Chromium against the running stack, whose inbox reads the database only once a minute
(INBOX_RECHECK_SECONDS in the stack fixture), so what shows within seconds came with the ticket news: a chat
handed over by the assistant appears in the open queue, and the person's message on the open ticket's
page, without a click; the focus stays where it was, a polite live region says what changed, the alerts
are off until switched on, and axe-core finds no WCAG 2.2 A or AA violations on the live pages."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from bot.accounts.store import AccountStore
from bot.handoff import choose_specialist
from bot.handoff.tickets import TicketStore

pytestmark = pytest.mark.stack

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PASSWORD = "correct horse battery staple"
PARTNER = "always-open"  # the stack's partner open at every hour (tests/conftest.py)
LIVE = "(this page shows new chats and messages by itself)."


@pytest.fixture
def team(stack):
    """A new specialist of the always-open partner, in the running gateway's own database, and the
    conversations the test hands over: (store, username, conversations). Their tickets are cancelled after
    the test, so other tests find the partner's line as they expect."""
    store = TicketStore.open(stack.settings)
    username = f"live-{uuid.uuid4().hex[:8]}"
    AccountStore(store.engine).add_specialist(PARTNER, username, PASSWORD, "Sam Okafor")
    conversations: list[str] = []
    yield store, username, conversations
    for conversation in conversations:
        ticket = store.open_ticket_for(conversation)
        if ticket is not None:
            store.cancel(ticket.id)
    store.engine.dispose()


def assert_no_violations(page, axe_violations):
    violations = axe_violations(page)
    assert violations == [], axe_violations.describe(violations)


def test_a_new_chat_and_the_persons_message_appear_without_a_click(new_page, gateway, team, new_chat, focused,
                                                                   axe_violations, screenshot):
    store, username, conversations = team
    conversations.append(f"live-earlier-{uuid.uuid4()}")
    earlier = store.open_ticket(conversations[-1], PARTNER, choose_specialist("asked"), "Summary", [], {})
    page = new_page(**DESKTOP)
    page.goto(f"{gateway}/inbox/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue")
    expect(page.locator("#live-state")).to_have_text(LIVE)  # the stream is open
    expect(page.get_by_label("Play a sound")).not_to_be_checked()  # alerts are off until switched on
    expect(page.get_by_label("Show a notification from the browser")).not_to_be_checked()
    page.get_by_role("link", name=f"Ticket {earlier.id}").focus()  # in the list that is about to change
    before = focused(page)

    person = new_chat(PARTNER)
    conversations.append(person.conversation)
    person.say("/talk_to_person")  # the "Talk to a person" button: the assistant opens a ticket
    ticket = store.open_ticket_for(person.conversation)
    assert ticket is not None and ticket.status == "waiting"
    expect(page.locator(f"#ticket-{ticket.id}")).to_be_visible(timeout=5_000)  # no click, no reload
    expect(page.locator("#live-news")).to_have_text(f"New chat waiting: ticket {ticket.id}.", timeout=2_000)
    assert focused(page) == before  # the focus did not move
    assert_no_violations(page, axe_violations)
    screenshot(page, "inbox-live-queue")

    page.get_by_role("link", name=f"Ticket {ticket.id}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ticket {ticket.id}")
    expect(page.locator("#live-state")).to_have_text(LIVE)
    page.get_by_role("button", name="Claim this chat").focus()
    before = focused(page)
    person.say("Is anyone there?")
    expect(page.locator("#messages-list")).to_contain_text("Is anyone there?", timeout=5_000)
    expect(page.locator("#live-news")).to_have_text("New message from the person: Is anyone there?",
                                                    timeout=2_000)
    assert focused(page) == before
    assert_no_violations(page, axe_violations)
    screenshot(page, "inbox-live-ticket")
