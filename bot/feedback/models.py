"""The feedback, suggestions and content_shown tables (migration 0004_co_design). Nothing here can point back
to a person: no chat id, no time finer than the day, and comments with names, numbers, emails and postcodes
taken out."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.db import Base, UTCDateTime

RATINGS = ("easy", "not_easy")
SUGGESTION_STATUSES = ("open", "accepted", "declined")


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    content_id: Mapped[str | None] = mapped_column(String(200), index=True)  # see bot/feedback/content.py
    rating: Mapped[str] = mapped_column(String(16))  # one of RATINGS
    comment: Mapped[str | None] = mapped_column(Text)  # scrubbed (bot/feedback/scrub.py)
    # sha256 of the key that lets the widget add one comment to its own rating; cleared once it has.
    comment_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    given_on: Mapped[dt.date] = mapped_column(Date, index=True)


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
