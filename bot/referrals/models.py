"""Tables of the referral store. The migrations in migrations/versions/ create them; a test checks that
the two agree.

Personal data (everything the person told us) is one Fernet token in referrals.personal. The other
columns say only which provider, programme and council a referral is for and where it has got to.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, UTCDateTime

# Where a referral has got to, in order. A provider moves a referral forward only.
STATUSES = ("new", "acknowledged", "contacted", "started", "closed")
CLOSED_REASONS = ("finished", "could_not_reach", "person_stopped", "not_right_service")


class ReferralRow(Base):
    __tablename__ = "referrals"

    reference: Mapped[str] = mapped_column(String(16), primary_key=True)
    idempotency_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the caller's key
    provider_id: Mapped[str] = mapped_column(String(64), index=True)
    programme_id: Mapped[str | None] = mapped_column(String(64))
    council_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    closed_reason: Mapped[str | None] = mapped_column(String(32))
    personal: Mapped[bytes | None] = mapped_column(LargeBinary)  # Fernet token; None once erased
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)  # the chat (Rasa sender id)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    contact_due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # the provider's promise, fixed on submit
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ConsentRecord(Base):
    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_reference: Mapped[str] = mapped_column(ForeignKey("referrals.reference"), index=True)
    wording_version: Mapped[str] = mapped_column(String(32))
    wording_sha256: Mapped[str] = mapped_column(String(64))
    wording: Mapped[str] = mapped_column(Text)  # the exact words shown; they name the provider, not the person
    given_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class OutboxRow(Base):
    """One thing to deliver: a referral to its provider, or a call-back request to the partner's team
    (bot/handoff/models.py has the tickets). Exactly one of referral_reference and ticket_id is set."""

    __tablename__ = "delivery_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_reference: Mapped[str | None] = mapped_column(ForeignKey("referrals.reference"), index=True)
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # "webhook" or "email"
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(String(64))  # the kind of error only, never its text
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)


class AuditEvent(Base):
    """What happened and when, with no personal data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    event: Mapped[str] = mapped_column(String(32))
    referral_reference: Mapped[str | None] = mapped_column(String(16), index=True)
    ticket_id: Mapped[str | None] = mapped_column(String(16), index=True)  # a handover ticket's id
    provider_id: Mapped[str | None] = mapped_column(String(64))  # or, for a ticket, the partner's id
    # "person", "system", "cli", "provider:<id>", "specialist:<id>"
    actor: Mapped[str] = mapped_column(String(80))
    detail: Mapped[str | None] = mapped_column(String(80))  # a status or an error kind, never free text


class ProviderApiKey(Base):
    __tablename__ = "provider_api_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(64), index=True)
    salt: Mapped[str] = mapped_column(String(32))  # hex
    key_hash: Mapped[str] = mapped_column(String(64))  # sha256(salt + secret), hex
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
