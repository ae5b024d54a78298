"""The feedback table (migration 0004_feedback). Nothing here can point back to a person: no chat id, no
time finer than the day, and comments with names, numbers, emails and postcodes taken out."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base

RATINGS = ("easy", "not_easy")


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
