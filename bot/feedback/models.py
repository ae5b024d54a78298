"""The feedback, suggestions and content_shown tables (migrations 0004_co_design, 0005_feedback_encrypted).
Nothing here can point back to a person: no chat id, no time finer than the day, and comments with names,
numbers, emails and postcodes taken out. A comment is encrypted too, like a referral's personal fields, since
the scrub cannot catch everything (bot/feedback/scrub.py says what passes)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.crypto import Cipher
from bot.storage.db import Base, UTCDateTime

RATINGS = ("easy", "not_easy")
SUGGESTION_STATUSES = ("open", "accepted", "declined")


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    content_id: Mapped[str | None] = mapped_column(String(200), index=True)  # see bot/feedback/content.py
    rating: Mapped[str] = mapped_column(String(16))  # one of RATINGS
    comment: Mapped[str | None] = mapped_column(Text)  # scrubbed, then sealed (seal_comment)
    # sha256 of the key that lets the widget add one comment to its own rating; cleared once it has.
    comment_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    given_on: Mapped[dt.date] = mapped_column(Date, index=True)


def seal_comment(cipher: Cipher, comment: str) -> str:
    """A comment as it is kept: a Fernet token, as text, so the column stays text on SQLite and PostgreSQL."""
    return cipher.encrypt({"comment": comment}).decode()


def open_comment(cipher: Cipher, sealed: str) -> str:
    return cipher.decrypt(sealed.encode())["comment"]


class SuggestionRow(Base):
    """A panel member's comment on a response, or new wording for it, until a maintainer decides."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    content_id: Mapped[str] = mapped_column(String(200), index=True)
    author: Mapped[str] = mapped_column(String(80))  # the panel member's display name
    comment: Mapped[str | None] = mapped_column(Text)
    wording: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # one of SUGGESTION_STATUSES
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ShownRow(Base):
    """How many times a response was shown in a partner's chats on a day: no chat, no person."""

    __tablename__ = "content_shown"

    partner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
