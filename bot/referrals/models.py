"""Tables of the referral store. The migrations in migrations/versions/ create them; a test checks that
the two agree.

Personal data (everything the person told us) is one Fernet token in referrals.personal. The other
columns say only which provider, programme and council a referral is for and where it has got to.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.db import Base, UTCDateTime

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


class ProviderApiKey(Base):
    __tablename__ = "provider_api_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(64), index=True)
    salt: Mapped[str] = mapped_column(String(32))  # hex
    key_hash: Mapped[str] = mapped_column(String(64))  # sha256(salt + secret), hex
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
