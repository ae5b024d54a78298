"""Fixtures for the handover tests: a ticket store and an account store on the shared `engine` (SQLite and
the real PostgreSQL server, tests/conftest.py), chats to hand over, and specialists."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from bot.accounts.store import AccountStore
from bot.handoff import choose_specialist
from bot.handoff.tickets import TicketStore

# What a person said: none of it may be readable in the database.
NAME, PHONE = "Robin Quillfeather", "07700 900461"
FIRST_WORDS = "My PIP money stopped and I am scared"
SUMMARY = f'The person sent 2 messages; the assistant sent 2.\nFirst message: "{FIRST_WORDS}"'
TRANSCRIPT = [
    {"from": "person", "text": FIRST_WORDS, "at": "2026-11-23T09:58:00+00:00"},
    {"from": "assistant", "text": "I will pass you to a benefits adviser.", "at": "2026-11-23T09:58:02+00:00"},
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def tickets(engine, cipher):
    return TicketStore(engine, cipher)


@pytest.fixture
def accounts(engine):
    return AccountStore(engine)


@pytest.fixture
def handoff_data():
    """What the handoff action gives the store, for tests to check against."""
    return {"name": NAME, "phone": PHONE, "first_words": FIRST_WORDS, "summary": SUMMARY, "password": PASSWORD}


@pytest.fixture
def open_chat(tickets, now):
    """Hands a new conversation over (a waiting ticket). Keywords: partner, reason, needs, minutes (after
    the test's `now`), conversation."""
    numbers = itertools.count(1)

    def open_(partner: str = "demo", reason: str = "own_benefits_money", needs=("bsl",), minutes: int = 0,
              conversation: str | None = None, **route):
        conversation = conversation or f"conversation-{next(numbers)}"
        return tickets.open_ticket(conversation, partner, choose_specialist(reason, needs, **route), SUMMARY,
                                   TRANSCRIPT, {"name": NAME, "phone": PHONE},
                                   now=now + dt.timedelta(minutes=minutes))

    return open_


@pytest.fixture
def make_specialist(accounts, now):
    """Adds a specialist (password PASSWORD) to a partner: make_specialist("demo", "sam")."""
    def make(partner: str = "demo", username: str = "sam", display_name: str | None = None):
        return accounts.add_specialist(partner, username, PASSWORD, display_name or username.capitalize(), now=now)

    return make
