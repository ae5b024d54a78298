"""The delivery outbox: every referral reaches its provider, by signed webhook or by email, however long
the provider's system is down. Call-back requests (bot/handoff/tickets.py) go the same way, by email to
the partner's team.

This module knows both features, referrals and handoff, and sits above them: neither imports the other,
and the gateway starts the worker. The outbox table itself is shared storage (bot/storage/models.py).

A referral and its outbox row are saved in one transaction (store.submit), so nothing can be saved and
then forgotten; a call-back request likewise (TicketStore). deliver_due() sends what is due; a failure waits 1, 2, 4... minutes (at most 6 hours)
and is tried again, for ever, while stuck_deliveries() shows it to a person. Delivery is at least once:
a receiver may see the same reference twice and should keep the first.

Webhook: POST of the JSON referral with two headers,
    X-Referral-Timestamp: 1764000000            (Unix seconds)
    X-Referral-Signature: sha256=<hex HMAC-SHA256 of f"{timestamp}.{body}" with the provider's secret>
The secret is read from the environment variable the provider's entry names (delivery.webhook.secret_env).

Email: over SMTP (SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_TLS=starttls|ssl|none,
read by bot/config.py; TLS is required unless the relay is on this machine), with the referral as text and as a JSON attachment.
A call-back request is a plain text email to the partner's address in partners.yml.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import aiohttp
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from bot.config import SmtpSettings, webhook_secret
from bot.handoff.labels import REASON_LABELS, SPECIALIST_LABELS, needs_in_words
from bot.handoff.models import TicketRow
from bot.handoff.office_hours import describe_slot
from bot.handoff.tickets import TicketDetail, TicketStore
from bot.knowledge.partners import Partner, load_partners
from bot.knowledge.providers import Provider
from bot.referrals.models import ReferralRow
from bot.referrals.store import ReferralStore
from bot.storage.db import sessions, utcnow
from bot.storage.models import AuditEvent, OutboxRow

log = logging.getLogger(__name__)

TIMESTAMP_HEADER = "X-Referral-Timestamp"
SIGNATURE_HEADER = "X-Referral-Signature"
SIGNATURE_TOLERANCE_SECONDS = 300
WEBHOOK_TIMEOUT = aiohttp.ClientTimeout(total=20)
RETRY_FIRST = dt.timedelta(minutes=1)
RETRY_MAX = dt.timedelta(hours=6)
CLAIM_LEASE = dt.timedelta(minutes=2)  # a claimed delivery is tried again after this if its worker died


class DeliveryError(Exception):
    """A failed delivery, named by its kind (e.g. "HTTP 503"): the only thing recorded about it."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class Outcome:
    reference: str
    channel: str
    delivered: bool
    error: str | None = None
    next_attempt_at: dt.datetime | None = None


@dataclass(frozen=True)
class Claim:
    """One delivery taken from the outbox: a referral to its provider, or a call-back request to its
    partner's team (kind "callback": reference is then the ticket's id and provider_id the partner's)."""

    outbox_id: int
    channel: str
    reference: str
    provider_id: str
    attempts: int
    kind: str = "referral"


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait after the n-th failed attempt: 1, 2, 4, 8... minutes, at most 6 hours. Never give up."""
    return min(RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 20), RETRY_MAX)


# -------------------------------------------------------------------- the outbox table


class Outbox:
    """Claims what is due and records how each try went. Each method is one short transaction."""

    def __init__(self, engine: Engine):
        self._sessions = sessions(engine)

    def claim_due(self, *, now: dt.datetime | None = None, limit: int = 20) -> list[Claim]:
        """Deliveries due now, each claimed for CLAIM_LEASE so that two workers never send the same one."""
        now = now or utcnow()
        claims = []
        with self._sessions.begin() as session:
            due = session.execute(select(OutboxRow, ReferralRow.provider_id, TicketRow.partner_id).outerjoin(
                ReferralRow, ReferralRow.reference == OutboxRow.referral_reference).outerjoin(
                TicketRow, TicketRow.id == OutboxRow.ticket_id).where(
                OutboxRow.delivered_at.is_(None), OutboxRow.next_attempt_at <= now).order_by(
                OutboxRow.next_attempt_at).limit(limit)).all()
            for row, provider_id, partner_id in due:
                taken = session.execute(update(OutboxRow).where(
                    OutboxRow.id == row.id, OutboxRow.next_attempt_at == row.next_attempt_at,
                    OutboxRow.delivered_at.is_(None)).values(next_attempt_at=now + CLAIM_LEASE))
                if taken.rowcount != 1:
                    continue
                if row.ticket_id is not None:
                    claims.append(Claim(row.id, row.channel, row.ticket_id, partner_id, row.attempts, "callback"))
                else:
                    claims.append(Claim(row.id, row.channel, row.referral_reference, provider_id, row.attempts))
        return claims

    def mark_delivered(self, claim: Claim, *, now: dt.datetime | None = None) -> None:
        now = now or utcnow()
        with self._sessions.begin() as session:
            session.execute(update(OutboxRow).where(OutboxRow.id == claim.outbox_id).values(
                delivered_at=now, attempts=claim.attempts + 1, last_error=None))
            _audit_delivery(session, now, "delivered", claim, claim.channel)

    def mark_failed(self, claim: Claim, error_kind: str, *, now: dt.datetime | None = None) -> dt.datetime:
        """Record a failed attempt (the kind of error only) and when to try again."""
        now = now or utcnow()
        attempts = claim.attempts + 1
        next_at = now + retry_delay(attempts)
        with self._sessions.begin() as session:
            session.execute(update(OutboxRow).where(OutboxRow.id == claim.outbox_id).values(
                attempts=attempts, next_attempt_at=next_at, last_error=error_kind[:64]))
            _audit_delivery(session, now, "delivery_failed", claim, error_kind[:80])
        return next_at

    def cancel_delivery(self, claim: Claim) -> None:
        """The referral was erased, or the call-back dealt with, while waiting: there is nothing to send."""
        with self._sessions.begin() as session:
            session.execute(delete(OutboxRow).where(OutboxRow.id == claim.outbox_id))


def _audit_delivery(session: Session, now: dt.datetime, event: str, claim: Claim, detail: str) -> None:
    # A referral's events are kept by its reference, a ticket's by its id (as bot/handoff/tickets.py does).
    if claim.kind == "callback":
        session.add(AuditEvent(at=now, event=event, ticket_id=claim.reference, provider_id=claim.provider_id,
                               actor="system", detail=detail))
    else:
        session.add(AuditEvent(at=now, event=event, referral_reference=claim.reference,
                               provider_id=claim.provider_id, actor="system", detail=detail))


# -------------------------------------------------------------------- signing


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str, *,
                     now: float | None = None, tolerance: int = SIGNATURE_TOLERANCE_SECONDS) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent (so a copy cannot be replayed)."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except (TypeError, ValueError):
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


# -------------------------------------------------------------------- sending


def _body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


async def _send_webhook(http: aiohttp.ClientSession, provider: Provider, payload: dict[str, Any]) -> None:
    secret = webhook_secret(provider.delivery.secret_env)
    if not secret:
        raise DeliveryError("WebhookSecretMissing")
    body = _body(payload)
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp,
               SIGNATURE_HEADER: sign(secret, timestamp, body)}
    try:
        async with http.post(provider.delivery.url, data=body, headers=headers, timeout=WEBHOOK_TIMEOUT,
                             allow_redirects=False) as response:
            if not 200 <= response.status < 300:
                raise DeliveryError(f"HTTP {response.status}")
    except (aiohttp.ClientError, TimeoutError) as error:
        raise DeliveryError(type(error).__name__) from None


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value) or "-"
    return "-" if value in (None, "") else str(value)


def email_message(provider: Provider, payload: dict[str, Any], smtp: SmtpSettings) -> EmailMessage:
    """The referral as an email: readable text, and the same JSON the webhook sends as an attachment.
    The subject holds only the reference, since subjects travel and get logged more than bodies."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = provider.delivery.email
    message["Subject"] = f"New self-referral {payload['reference']}"
    lines = [f"New self-referral for {provider.name}", "",
             f"Reference: {payload['reference']}",
             f"Programme: {_as_text(payload['programme_id'])}",
             f"Council: {_as_text(payload['council_id'])}",
             f"Please contact the person by: {payload['contact_due_at'][:10]}", "",
             "About the person (they agreed to share this with you only):"]
    for name, value in (payload["person"] or {}).items():
        lines.append(f"  {_label(name)}: {_as_text(value)}")
    consent = payload["consent"] or {}
    lines += ["", f"Consent (version {consent.get('wording_version')}, given {consent.get('given_at')}):",
              f"  {consent.get('wording')}", "",
              "The attached JSON file holds the same referral for your case system."]
    message.set_content("\n".join(lines))
    message.add_attachment(_body(payload), maintype="application", subtype="json",
                           filename=f"referral-{payload['reference']}.json")
    return message


def _send_email_now(smtp: SmtpSettings, message: EmailMessage) -> None:
    if smtp.tls == "ssl":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=30, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=30)
    with client:
        if smtp.tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(message)


def _smtp_from_env() -> SmtpSettings:
    try:
        return SmtpSettings.from_env()
    except ValueError:
        raise DeliveryError("SmtpNotConfigured") from None


async def _send_email(smtp: SmtpSettings, message: EmailMessage) -> None:
    try:
        await asyncio.to_thread(_send_email_now, smtp, message)
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(type(error).__name__) from None


def callback_email(partner: Partner, detail: TicketDetail, smtp: SmtpSettings) -> EmailMessage:
    """A call-back request for the partner's team. Like a referral's, the subject holds only the ticket id."""
    ticket = detail.ticket
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = partner.email
    message["Subject"] = f"Call-back request {ticket.id}"
    needs = needs_in_words(detail.access_needs, detail.language)
    lines = [f"Someone asked {partner.name} to call them back.", "",
             f"Ticket: {ticket.id}",
             f"Call them: {describe_slot(ticket.callback_at)} (UK time)",
             f"Phone: {detail.contact.get('phone', '-')}",
             f"Kind of specialist: {SPECIALIST_LABELS.get(ticket.specialist_kind, ticket.specialist_kind)}",
             f"Why: {REASON_LABELS.get(ticket.reason, ticket.reason)}",
             f"Access needs: {'; '.join(needs) if needs else 'none given'}"]
    if ticket.urgent:
        lines.append("URGENT: the person used words of crisis.")
    lines += ["", "Summary of their chat with the assistant:", *(f"  {line}" for line in detail.summary.splitlines()),
              "", "The ticket in the specialist inbox has the whole chat. Close it there once you have called."]
    message.set_content("\n".join(lines))
    return message


# -------------------------------------------------------------------- the worker


async def deliver_due(store: ReferralStore, now: dt.datetime | None = None, *,
                      http: aiohttp.ClientSession | None = None, smtp: SmtpSettings | None = None,
                      limit: int = 20) -> list[Outcome]:
    """Send every delivery that is due, once each. Call it in a loop (run_outbox) or directly in tests."""
    now = now or utcnow()
    outbox = Outbox(store.engine)  # the outbox shares the referrals' database
    claims = await asyncio.to_thread(outbox.claim_due, now=now, limit=limit)
    if not claims:
        return []
    own_http = http is None
    http = http or aiohttp.ClientSession()
    try:
        return [await _deliver_one(store, outbox, claim, now, http, smtp) for claim in claims]
    finally:
        if own_http:
            await http.close()


async def _deliver_one(store: ReferralStore, outbox: Outbox, claim: Claim, now: dt.datetime,
                       http: aiohttp.ClientSession, smtp: SmtpSettings | None) -> Outcome:
    if claim.kind == "callback":
        return await _deliver_callback(store, outbox, claim, now, smtp)
    payload = await asyncio.to_thread(store.payload, claim.reference)
    if payload is None or payload["erased"]:
        await asyncio.to_thread(outbox.cancel_delivery, claim)
        return Outcome(claim.reference, claim.channel, False, "Erased")
    provider = store.directory.provider(claim.provider_id)
    try:
        if provider is None:
            raise DeliveryError("ProviderNotConfigured")
        # The provider's settings as they are now: a provider that changed its address gets it there.
        if provider.delivery.kind == "webhook":
            await _send_webhook(http, provider, payload)
        elif provider.delivery.kind == "email":
            smtp = smtp or _smtp_from_env()
            await _send_email(smtp, email_message(provider, payload, smtp))
        else:  # the provider now collects through the provider API
            await asyncio.to_thread(outbox.cancel_delivery, claim)
            return Outcome(claim.reference, claim.channel, False, "CollectedByApi")
    except DeliveryError as error:
        next_at = await asyncio.to_thread(outbox.mark_failed, claim, error.kind, now=now)
        log.warning("Referral %s not delivered (%s); next try at %s", claim.reference, error.kind, next_at)
        return Outcome(claim.reference, claim.channel, False, error.kind, next_at)
    await asyncio.to_thread(outbox.mark_delivered, claim, now=now)
    log.info("Referral %s delivered by %s", claim.reference, provider.delivery.kind)
    return Outcome(claim.reference, provider.delivery.kind, True)


async def _deliver_callback(store: ReferralStore, outbox: Outbox, claim: Claim, now: dt.datetime,
                            smtp: SmtpSettings | None) -> Outcome:
    # The tickets share the referrals' database and key.
    detail = await asyncio.to_thread(TicketStore(store.engine, store.cipher).detail, claim.reference)
    if detail is None or detail.ticket.status != "callback_requested":
        # Already dealt with in the inbox: the team needs no email about it now.
        await asyncio.to_thread(outbox.cancel_delivery, claim)
        return Outcome(claim.reference, claim.channel, False, "AlreadyDealtWith")
    # The partner's address as it is now, as for providers.
    partner = (await asyncio.to_thread(load_partners)).get(claim.provider_id)
    try:
        if partner is None:
            raise DeliveryError("PartnerNotConfigured")
        smtp = smtp or _smtp_from_env()
        await _send_email(smtp, callback_email(partner, detail, smtp))
    except DeliveryError as error:
        next_at = await asyncio.to_thread(outbox.mark_failed, claim, error.kind, now=now)
        log.warning("Call-back request %s not delivered (%s); next try at %s", claim.reference, error.kind, next_at)
        return Outcome(claim.reference, claim.channel, False, error.kind, next_at)
    await asyncio.to_thread(outbox.mark_delivered, claim, now=now)
    log.info("Call-back request %s delivered by email", claim.reference)
    return Outcome(claim.reference, "email", True)


async def run_outbox(store: ReferralStore, *, interval: float = 10.0) -> None:
    """Deliver what is due, for ever; the gateway runs this as a background task and cancels it on stop."""
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                outcomes = await deliver_due(store, http=http)
            except Exception as error:  # the loop must outlive a database hiccup; the kind only, never data
                log.error("Outbox round failed: %s", type(error).__name__)
                outcomes = []
            if not outcomes:
                await asyncio.sleep(interval)
