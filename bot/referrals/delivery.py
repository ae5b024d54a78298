"""The delivery outbox: every referral reaches its provider, by signed webhook or by email, however long
the provider's system is down. Call-back requests (bot/handoff/tickets.py) go the same way, by email to
the partner's team.

A referral and its outbox row are saved in one transaction (store.submit), so nothing can be saved and
then forgotten. deliver_due() sends what is due; a failure waits 1, 2, 4... minutes (at most 6 hours)
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

from bot.config import SmtpSettings, webhook_secret
from bot.db import utcnow
from bot.handoff.labels import REASON_LABELS, SPECIALIST_LABELS, needs_in_words
from bot.handoff.office_hours import describe_slot
from bot.handoff.tickets import TicketDetail, TicketStore
from bot.knowledge.partners import Partner, load_partners
from bot.knowledge.providers import Provider
from bot.referrals.store import Claim, ReferralStore

log = logging.getLogger(__name__)

TIMESTAMP_HEADER = "X-Referral-Timestamp"
SIGNATURE_HEADER = "X-Referral-Signature"
SIGNATURE_TOLERANCE_SECONDS = 300
WEBHOOK_TIMEOUT = aiohttp.ClientTimeout(total=20)


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
    claims = await asyncio.to_thread(store.claim_due, now=now, limit=limit)
    if not claims:
        return []
    own_http = http is None
    http = http or aiohttp.ClientSession()
    try:
        return [await _deliver_one(store, claim, now, http, smtp) for claim in claims]
    finally:
        if own_http:
            await http.close()


async def _deliver_one(store: ReferralStore, claim: Claim, now: dt.datetime,
                       http: aiohttp.ClientSession, smtp: SmtpSettings | None) -> Outcome:
    if claim.kind == "callback":
        return await _deliver_callback(store, claim, now, smtp)
    payload = await asyncio.to_thread(store.payload, claim.reference)
    if payload is None or payload["erased"]:
        await asyncio.to_thread(store.cancel_delivery, claim)
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
            await asyncio.to_thread(store.cancel_delivery, claim)
            return Outcome(claim.reference, claim.channel, False, "CollectedByApi")
    except DeliveryError as error:
        next_at = await asyncio.to_thread(store.mark_failed, claim, error.kind, now=now)
        log.warning("Referral %s not delivered (%s); next try at %s", claim.reference, error.kind, next_at)
        return Outcome(claim.reference, claim.channel, False, error.kind, next_at)
    await asyncio.to_thread(store.mark_delivered, claim, now=now)
    log.info("Referral %s delivered by %s", claim.reference, provider.delivery.kind)
    return Outcome(claim.reference, provider.delivery.kind, True)


async def _deliver_callback(store: ReferralStore, claim: Claim, now: dt.datetime,
                            smtp: SmtpSettings | None) -> Outcome:
    # The tickets share the referrals' database and key.
    detail = await asyncio.to_thread(TicketStore(store.engine, store.cipher).detail, claim.reference)
    if detail is None or detail.ticket.status != "callback_requested":
        # Already dealt with in the inbox: the team needs no email about it now.
        await asyncio.to_thread(store.cancel_delivery, claim)
        return Outcome(claim.reference, claim.channel, False, "AlreadyDealtWith")
    # The partner's address as it is now, as for providers.
    partner = (await asyncio.to_thread(load_partners)).get(claim.provider_id)
    try:
        if partner is None:
            raise DeliveryError("PartnerNotConfigured")
        smtp = smtp or _smtp_from_env()
        await _send_email(smtp, callback_email(partner, detail, smtp))
    except DeliveryError as error:
        next_at = await asyncio.to_thread(store.mark_failed, claim, error.kind, now=now)
        log.warning("Call-back request %s not delivered (%s); next try at %s", claim.reference, error.kind, next_at)
        return Outcome(claim.reference, claim.channel, False, error.kind, next_at)
    await asyncio.to_thread(store.mark_delivered, claim, now=now)
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
