"""A person in the widget is handed to a specialist and back, against the real gateway, Rasa and database.
The specialist works through the ticket store here; tests/web/test_handoff_conversation.py drives the
inbox pages over HTTP and tests/browser/test_inbox_accessibility.py checks them in the browser."""
from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import expect

from bot.accounts.store import AccountStore
from bot.conversations import conversation_id
from bot.handoff.tickets import TicketStore

pytestmark = pytest.mark.stack

PASSWORD = "a long password for tests"


@pytest.fixture
def specialist(stack):
    """A specialist of the always-open partner, signed in, so someone is on duty: (store, specialist)."""
    store = TicketStore.open(stack.settings)
    name = f"sam-{uuid.uuid4().hex[:8]}"
    accounts = AccountStore(store.engine)
    sam = accounts.add_specialist("always-open", name, PASSWORD, "Sam")
    accounts.sign_in(name, PASSWORD)
    yield store, sam
    store.engine.dispose()


def widget_conversation(page, store) -> str:
    """The id the stores know the widget's chat by: the gateway's keyed hash of the session the tab keeps."""
    saved = page.evaluate("Object.keys(sessionStorage).map(k => sessionStorage.getItem(k))")
    return conversation_id(store.cipher, json.loads(saved[0])["session"])


def test_waiting_talking_and_going_back(page_for_partner, specialist, reply_timeout, axe_violations, screenshot):
    store, sam = specialist
    page = page_for_partner("always-open")
    page.locator(".launcher").click()
    log, status = page.locator(".log"), page.locator(".status")
    expect(log).to_contain_text("I am a computer", timeout=reply_timeout)

    page.locator(".person").click()  # the button that is always there
    expect(status).to_contain_text("in the line for a person", timeout=reply_timeout)
    expect(page.get_by_role("button", name="Go back to the assistant")).to_be_visible()
    expect(page.locator(".person")).to_be_hidden()
    violations = axe_violations(page)
    assert violations == [], axe_violations.describe(violations)

    page.get_by_label("Your message").fill("Hello, I need help with my CV")
    page.get_by_role("button", name="Send").click()
    ticket = store.open_ticket_for(widget_conversation(page, store))
    store.claim(sam, ticket.id)
    expect(status).to_have_text("A person from the team is in the chat now.", timeout=reply_timeout)
    assert [m.text for m in store.messages_after(ticket.id, 0, senders=("person",))] == ["Hello, I need help with my CV"]

    store.reply(sam, ticket.id, "Hello, I am Sam. Let us look at your CV together.")
    said = page.locator(".msg.team").last
    expect(said).to_contain_text("Let us look at your CV together.", timeout=reply_timeout)
    expect(said.locator(".hide")).to_have_text("Team member said: ")
    screenshot(page, "handoff-live")

    page.get_by_role("button", name="Go back to the assistant").click()
    expect(log).to_contain_text("You are back with the assistant now", timeout=reply_timeout)
    expect(page.locator(".person")).to_be_visible()
    expect(page.get_by_role("button", name="Go back to the assistant")).to_be_hidden()
    assert store.current_ticket_for(ticket.conversation_id).status == "cancelled"
