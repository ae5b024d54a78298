"""Delivery through the outbox to a real webhook receiver and a real SMTP server, both on 127.0.0.1."""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json

import pytest
from aiohttp import web

from bot.delivery import (SIGNATURE_HEADER, TIMESTAMP_HEADER, SmtpSettings, deliver_due, run_outbox,
                                    sign, verify_signature)
from bot.referrals.store import ReferralStore

SECRET = "test-secret-for-the-sample-provider"


class Receiver:
    """A provider's webhook endpoint: checks the signature as docs/provider-api.md tells providers to."""

    def __init__(self, port: int, answer: int = 200):
        self.port, self.answer = port, answer
        self.received: list[dict] = []
        self.runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/referrals"

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        timestamp, signature = request.headers[TIMESTAMP_HEADER], request.headers[SIGNATURE_HEADER]
        # Checked by hand here, not only with our own helper.
        expected = "sha256=" + hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature) or not verify_signature(SECRET, timestamp, body, signature):
            return web.Response(status=401)
        self.received.append(json.loads(body))
        return web.Response(status=self.answer)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/referrals", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        await self.runner.cleanup()


@pytest.fixture
def webhook_store(store, with_webhook, free_port, monkeypatch):
    """A store whose northbank_sample provider sends to a receiver on a free port (not yet started)."""
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    receiver = Receiver(free_port())
    return ReferralStore(store.engine, store.cipher, with_webhook(receiver.url)), receiver


def northbank(make_referral):
    return make_referral("northbank_sample", council_id="camden")


async def test_a_referral_arrives_at_the_webhook_signed(webhook_store, make_referral, now):
    store, receiver = webhook_store
    await receiver.start()
    try:
        ref = store.submit(northbank(make_referral), "k", now=now).reference
        outcomes = await deliver_due(store, now)
    finally:
        await receiver.stop()
    assert [(o.reference, o.delivered) for o in outcomes] == [(ref, True)]
    [body] = receiver.received
    assert body["reference"] == ref and body["schema"] == "self-referral/1"
    assert body["person"]["name"] == "Robin Quillfeather" and body["person"]["phone"] == "07700900461"
    assert body["consent"]["wording"].startswith("I agree that you can send my answers to Northbank")
    assert "has your request" in store.status_for(ref, now=now).easy
    assert await deliver_due(store, now + dt.timedelta(hours=1)) == []  # delivered once


async def test_with_the_receiver_down_referrals_wait_and_arrive_once_it_is_back(webhook_store, make_referral, now):
    store, receiver = webhook_store
    refs = {store.submit(northbank(make_referral), f"k{i}", now=now).reference for i in range(3)}
    failed = await deliver_due(store, now)
    assert len(failed) == 3 and not any(o.delivered for o in failed)
    assert {o.error for o in failed} == {"ClientConnectorError"}
    assert all("We are sending it" in store.status_for(r, now=now).easy for r in refs)
    assert await deliver_due(store, now + dt.timedelta(seconds=30)) == []  # waiting for the next try

    await receiver.start()
    try:
        later = now + dt.timedelta(minutes=1)
        delivered = await deliver_due(store, later)
    finally:
        await receiver.stop()
    assert all(o.delivered for o in delivered) and {o.reference for o in delivered} == refs
    assert {b["reference"] for b in receiver.received} == refs
    events = [e.event for e in store.audit_events()]
    assert events.count("delivery_failed") == 3 and events.count("delivered") == 3


async def test_an_error_answer_is_tried_again_later(webhook_store, make_referral, now):
    store, receiver = webhook_store
    receiver.answer = 503
    await receiver.start()
    try:
        store.submit(northbank(make_referral), "k", now=now)
        [first] = await deliver_due(store, now)
        receiver.answer = 200
        [second] = await deliver_due(store, first.next_attempt_at)
    finally:
        await receiver.stop()
    assert (first.delivered, first.error, first.next_attempt_at) == (False, "HTTP 503", now + dt.timedelta(minutes=1))
    assert second.delivered and len(receiver.received) == 2  # at least once: the receiver keeps the first


async def test_a_missing_secret_keeps_the_referral_waiting(webhook_store, make_referral, now, monkeypatch):
    store, _ = webhook_store
    monkeypatch.delenv("TEST_WEBHOOK_SECRET")
    store.submit(northbank(make_referral), "k", now=now)
    [outcome] = await deliver_due(store, now)
    assert (outcome.delivered, outcome.error) == (False, "WebhookSecretMissing")


async def test_a_referral_erased_before_delivery_is_never_sent(webhook_store, make_referral, now):
    store, receiver = webhook_store
    ref = store.submit(northbank(make_referral), "k", now=now).reference
    store.erase(ref, now=now)
    await receiver.start()
    try:
        assert await deliver_due(store, now) == []
    finally:
        await receiver.stop()
    assert receiver.received == []


def test_signature_checks():
    body, timestamp = b'{"reference":"K7PA-4QXM"}', "1764000000"
    signature = sign(SECRET, timestamp, body)
    assert verify_signature(SECRET, timestamp, body, signature, now=1764000100)
    assert not verify_signature(SECRET, timestamp, body + b" ", signature, now=1764000100)  # changed body
    assert not verify_signature("other", timestamp, body, signature, now=1764000100)  # other secret
    assert not verify_signature(SECRET, timestamp, body, signature, now=1764000000 + 301)  # too old: a replay
    assert not verify_signature(SECRET, "soon", body, signature)


# ---------------------------------------------------------------- email


def riverside(make_referral):
    return make_referral("riverside_sample", contact_methods=("email",), phone=None, email="robin.q@example.org")


async def test_a_referral_arrives_by_email_for_a_provider_without_an_api(store, smtp_server, make_referral, now):
    mailbox, smtp = smtp_server
    ref = store.submit(riverside(make_referral), "k", now=now).reference
    [outcome] = await deliver_due(store, now, smtp=smtp)
    assert outcome.delivered and outcome.channel == "email"
    [message] = mailbox.messages
    assert message["To"] == "referrals-riverside@example.org"
    assert message["Subject"] == f"New self-referral {ref}"  # no personal data in the subject
    text, attachment = [part for part in message.walk() if not part.is_multipart()]
    assert "Name: Robin Quillfeather" in text.get_payload(decode=True).decode()
    assert json.loads(attachment.get_payload(decode=True))["person"]["email"] == "robin.q@example.org"


async def test_with_no_mail_server_the_email_waits(store, free_port, make_referral, now):
    store.submit(riverside(make_referral), "k", now=now)
    [outcome] = await deliver_due(store, now, smtp=SmtpSettings(host="127.0.0.1", port=free_port()))
    assert not outcome.delivered and outcome.error == "ConnectionRefusedError"


def test_smtp_without_tls_is_only_allowed_to_this_machine(monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "smtp.example.org")
    assert SmtpSettings.from_env().tls == "starttls"
    monkeypatch.setenv("SMTP_TLS", "none")
    with pytest.raises(ValueError, match="TLS"):
        SmtpSettings.from_env()


async def test_the_background_worker_delivers_without_being_asked(webhook_store, make_referral):
    store, receiver = webhook_store
    await receiver.start()
    worker = asyncio.create_task(run_outbox(store, interval=0.05))
    try:
        ref = store.submit(northbank(make_referral), "k").reference  # real time: due at once
        for _ in range(100):
            if receiver.received:
                break
            await asyncio.sleep(0.05)
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
        await receiver.stop()
    assert [b["reference"] for b in receiver.received] == [ref]


async def test_referrals_and_callback_requests_share_the_outbox(store, smtp_server, make_referral, now):
    from bot.handoff import choose_specialist
    from bot.handoff.tickets import TicketStore

    mailbox, smtp = smtp_server
    ref = store.submit(riverside(make_referral), "k", now=now).reference
    ticket = TicketStore(store.engine, store.cipher).request_callback(
        "chat", "demo", choose_specialist("asked"), "summary", [], "07700 900461",
        now + dt.timedelta(days=1), now=now)
    outcomes = await deliver_due(store, now, smtp=smtp)
    assert {(o.reference, o.delivered) for o in outcomes} == {(ref, True), (ticket.id, True)}
    assert sorted(m["To"] for m in mailbox.messages) == ["help@example.org", "referrals-riverside@example.org"]
    assert store.stuck_deliveries(now=now + dt.timedelta(days=1)) == []
    assert "has your request" in store.status_for(ref, now=now).easy
