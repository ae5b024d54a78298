"""Call-back requests reach the partner's team by email through the delivery outbox, with a real SMTP server
on 127.0.0.1, and wait in the outbox while the mail server is down."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.handoff import choose_specialist
from bot.delivery import SmtpSettings, deliver_due
from bot.referrals.store import ReferralStore

AT = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)  # Tuesday 24 November, 9am in London


@pytest.fixture
def outbox(tickets):
    """The outbox worker's store: the same database and key as the tickets."""
    return ReferralStore(tickets.engine, tickets.cipher)


@pytest.fixture
def request_callback(tickets, now, handoff_data):
    def request(conversation: str = "chat", at: dt.datetime = AT, reason: str = "own_benefits_money"):
        route = choose_specialist(reason, ["bsl", "large print"])
        return tickets.request_callback(conversation, "demo", route, handoff_data["summary"], [],
                                        handoff_data["phone"], at, now=now)

    return request


def body_of(message) -> str:
    return message.get_payload(decode=True).decode()


async def test_a_callback_request_arrives_once_by_email(outbox, request_callback, smtp_server, now, handoff_data):
    mailbox, smtp = smtp_server
    ticket = request_callback()
    [outcome] = await deliver_due(outbox, now, smtp=smtp)
    assert (outcome.reference, outcome.delivered, outcome.channel) == (ticket.id, True, "email")
    [message] = mailbox.messages
    assert message["To"] == "help@example.org"  # the demo partner's team, from partners.yml
    assert message["Subject"] == f"Call-back request {ticket.id}"  # nothing personal in the subject
    body = body_of(message)
    for words in (f"Ticket: {ticket.id}", "Call them: Tuesday 24 November at 9am (UK time)",
                  f"Phone: {handoff_data['phone']}", "Kind of specialist: Benefits adviser",
                  "Access needs: BSL interpreter; Large print letters and forms", handoff_data["first_words"]):
        assert words in body
    assert await deliver_due(outbox, now + dt.timedelta(hours=1), smtp=smtp) == []  # sent once
    assert len(mailbox.messages) == 1
    events = [(e.event, e.ticket_id, e.referral_reference) for e in outbox.audit_events()]
    assert ("delivered", ticket.id, None) in events


async def test_with_the_mail_server_down_the_request_waits_and_arrives_later(outbox, request_callback, free_port,
                                                                             start_smtp, now):
    port = free_port()
    ticket = request_callback()
    [failed] = await deliver_due(outbox, now, smtp=SmtpSettings(host="127.0.0.1", port=port))
    assert (failed.delivered, failed.error, failed.next_attempt_at) == (
        False, "ConnectionRefusedError", now + dt.timedelta(minutes=1))
    assert await deliver_due(outbox, now + dt.timedelta(seconds=30)) == []  # waits for its next try

    mailbox, smtp = start_smtp(port)  # the mail server is back
    [delivered] = await deliver_due(outbox, now + dt.timedelta(minutes=1), smtp=smtp)
    assert delivered.delivered and delivered.reference == ticket.id
    assert [m["Subject"] for m in mailbox.messages] == [f"Call-back request {ticket.id}"]
    assert [e.event for e in outbox.audit_events() if e.ticket_id == ticket.id] == [
        "callback_requested", "delivery_failed", "delivered"]


async def test_a_callback_already_done_in_the_inbox_is_not_emailed(outbox, tickets, request_callback, smtp_server,
                                                                   make_specialist, now):
    mailbox, smtp = smtp_server
    ticket = request_callback()
    tickets.close(make_specialist(), ticket.id, now=now)
    [outcome] = await deliver_due(outbox, now, smtp=smtp)
    assert (outcome.delivered, outcome.error) == (False, "AlreadyDealtWith")
    assert mailbox.messages == [] and await deliver_due(outbox, now + dt.timedelta(hours=1), smtp=smtp) == []


async def test_an_urgent_request_says_so(outbox, request_callback, smtp_server, now):
    mailbox, smtp = smtp_server
    request_callback(reason="crisis")
    await deliver_due(outbox, now, smtp=smtp)
    body = body_of(mailbox.messages[0])
    assert "URGENT" in body and "Kind of specialist: Team on duty" in body
