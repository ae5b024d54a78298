"""Tables of the accounts: specialists (and panel members) and their signed-in sessions. Migration
0002_handoff creates them (they came with the handover to a person); a test checks that the two agree.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.db import Base, UTCDateTime

# "specialist": answers chats in the inbox. "panel": a co-design panel member, who reviews what the assistant
# says (bot/web/review.py) and never sees a chat. "maintainer": looks after the assistant's words; reaches what
# the panel reaches, and is the only one who may decide on the panel's suggestions (upload the decisions file).
ROLES = ("specialist", "panel", "maintainer")
DECIDES_SUGGESTIONS = "maintainer"


class SpecialistRow(Base):
    __tablename__ = "specialists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))  # "scrypt$n$r$p$salt$hash", see passwords.py
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    role: Mapped[str] = mapped_column(String(16), server_default="specialist")  # one of ROLES


class SessionRow(Base):
    __tablename__ = "specialist_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token, hex
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
