"""Keeps ratings and comments. A rating gives back a key that lets the same widget add one comment to it;
the key is kept only as its SHA-256, and forgotten once used."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Engine, update

from bot.config import Settings
from bot.db import database_url, make_engine, sessions, upgrade, utcnow
from bot.feedback.content import content_id_for
from bot.feedback.models import RATINGS, FeedbackRow
from bot.feedback.scrub import scrub
from bot.typed_text import clean_typed_text

MAX_COMMENT_CHARS = 500


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class FeedbackStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessions(engine)

    @classmethod
    def open(cls, settings: Settings, *, url: str | None = None) -> "FeedbackStore":
        engine = make_engine(url or database_url(settings))
        upgrade(engine)
        return cls(engine)

    def rate(self, partner_id: str, shown_text: str, rating: str, *, today: dt.date | None = None) -> str:
        """Keeps a rating of the message that showed shown_text; the key for adding a comment."""
        if rating not in RATINGS:
            raise ValueError(f"the rating must be one of {', '.join(RATINGS)}")
        key = secrets.token_urlsafe(24)
        with self._sessions.begin() as session:
            session.add(FeedbackRow(partner_id=partner_id, content_id=content_id_for(shown_text), rating=rating,
                                    comment_key_hash=_hash(key), given_on=today or utcnow().date()))
        return key

    def add_comment(self, key: str, comment: str) -> bool:
        """Adds a comment, without personal data, to the rating the key came with. False if the key is
        unknown or already used."""
        cleaned = clean_typed_text(comment)
        if not cleaned or len(cleaned) > MAX_COMMENT_CHARS:
            raise ValueError(f"a comment needs some text, and at most {MAX_COMMENT_CHARS} characters")
        with self._sessions.begin() as session:
            changed = session.execute(update(FeedbackRow).where(FeedbackRow.comment_key_hash == _hash(key))
                                      .values(comment=scrub(cleaned), comment_key_hash=None))
        return changed.rowcount == 1

    def for_partner(self, partner_id: str) -> list[FeedbackRow]:
        with self._sessions() as session:
            return list(session.query(FeedbackRow).filter(FeedbackRow.partner_id == partner_id)
                        .order_by(FeedbackRow.id))
