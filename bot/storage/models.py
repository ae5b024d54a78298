"""Tables that every feature writes to: the delivery outbox and the audit trail. The migrations in
migrations/versions/ create them; a test checks that the two agree.

Their foreign keys name the referrals' and the tickets' tables by name only, so this module imports no
feature: whoever adds a row has its feature's tables loaded already.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.db import Base, UTCDateTime


class OutboxRow(Base):
    """One thing to deliver: a referral to its provider, or a call-back request to the partner's team
    (bot/handoff/models.py has the tickets, bot/referrals/models.py the referrals). Exactly one of referral_reference and ticket_id is set."""

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
