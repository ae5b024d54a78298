"""Tables of the handover to a person: tickets, their messages and notes. Migration 0002_handoff creates
them, with the specialists' accounts (bot/accounts/models.py), and 0006_callback_phone_hash adds the phone
number's hash; a test checks that the migrations and these models agree.

Personal data (what the person said, their contact details and access needs, the messages and the
specialists' notes) is Fernet tokens only; a call-back's phone number is also kept as a keyed hash, to count
the requests for it. The other columns say which partner, which kind of specialist, why, and where a ticket
has got to.
"""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

import bot.accounts.models  # noqa: F401  (the specialists table, which tickets and notes name)
from bot.storage.crypto import Cipher
from bot.storage.db import Base, UTCDateTime
from bot.understanding.phone import read_phone

KINDS = ("live", "callback")
# waiting -> live -> closed; waiting or live -> cancelled (the person went back to the assistant);
# waiting -> unanswered (nobody claimed it in time); a call-back is callback_requested -> closed.
STATUSES = ("waiting", "live", "closed", "cancelled", "unanswered", "callback_requested")
SENDERS = ("person", "specialist", "assistant")


class TicketRow(Base):
    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # like a referral reference: "K7PA-4QXM"
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)  # the chat session (Rasa sender id)
    # The conversation id while the ticket is waiting or live, else None: one open ticket per chat, even
    # when two requests race.
    open_conversation: Mapped[str | None] = mapped_column(String(64), unique=True)
    # sha256 of the conversation id and the time asked for: the same call-back request is saved once.
    callback_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A call-back's phone number as a keyed hash (phone_hash below), never the number: the requests for one
    # number are counted by it. None on a live chat and once the ticket is erased.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # one of KINDS
    status: Mapped[str] = mapped_column(String(24), index=True)  # one of STATUSES
    specialist_kind: Mapped[str] = mapped_column(String(32))  # one of bot.handoff.SPECIALISTS
    reason: Mapped[str] = mapped_column(String(48))  # one of bot.handoff.REASONS
    urgent: Mapped[bool] = mapped_column(Boolean)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("specialists.id"))
    callback_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    personal: Mapped[bytes] = mapped_column(LargeBinary)  # Fernet token of summary, transcript, contact...
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resumed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # the chat went back to the assistant
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # personal data deleted (bot/privacy.py)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class MessageRow(Base):
    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    sender: Mapped[str] = mapped_column(String(16))  # one of SENDERS
    body: Mapped[bytes] = mapped_column(LargeBinary)  # Fernet token of {"text": ...}
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class NoteRow(Base):
    __tablename__ = "ticket_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id"))
    body: Mapped[bytes] = mapped_column(LargeBinary)  # Fernet token of {"text": ...}
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


def phone_hash(cipher: Cipher, phone: str) -> str:
    """The number as a keyed hash, to count its requests by: the same for every way of writing one UK number
    ("+44 (0)7700 900461", "07700900461"), and no use without the app's key."""
    return cipher.keyed_hash("callback-phone", read_phone(phone) or re.sub(r"\D", "", phone))
