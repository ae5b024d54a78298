"""Keeps ratings and comments. A rating gives back a key that lets the same widget add one comment to it;
the key is kept only as its SHA-256, and forgotten once used."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import yaml
from sqlalchemy import Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.config import Settings
from bot.storage.crypto import Cipher, load_cipher
from bot.storage.db import make_engine, sessions, upgrade, utcnow
from bot.feedback.content import catalogue, content_id_for
from bot.feedback.models import (RATINGS, SUGGESTION_STATUSES, FeedbackRow, ShownRow, SuggestionRow, open_comment,
                                 seal_comment)
from bot.feedback.scrub import scrub
from bot.typed_text import clean_typed_text

MAX_COMMENT_CHARS = 500
MAX_SUGGESTION_CHARS = 2000


@dataclass
class Ratings:
    """What people said about one response."""
    easy: int = 0
    not_easy: int = 0
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Feedback:
    """One rating as the panel sees it, with its comment (scrubbed when kept) decrypted."""
    content_id: str | None
    rating: str
    comment: str | None
    given_on: dt.date


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class FeedbackStore:
    def __init__(self, engine: Engine, cipher: Cipher):
        self.engine, self.cipher = engine, cipher
        self._sessions = sessions(engine)

    @classmethod
    def open(cls, settings: Settings, *, url: str | None = None) -> "FeedbackStore":
        engine = make_engine(url or settings.database_url)
        cipher = load_cipher(settings.var_dir)
        upgrade(engine, cipher=cipher)
        return cls(engine, cipher)

    def rate(self, partner_id: str, shown_text: str, rating: str, *, today: dt.date | None = None) -> str:
        """Keeps a rating of the message that showed shown_text; the key for adding a comment."""
        if rating not in RATINGS:
            raise ValueError(f"the rating must be one of {', '.join(RATINGS)}")
        key = secrets.token_urlsafe(24)
        with self._sessions.begin() as session:
            session.add(FeedbackRow(partner_id=partner_id, content_id=content_id_for(shown_text), rating=rating,
                                    comment_key_hash=_hash(key), given_on=today or utcnow().date()))
        return key

    def rate_response(self, partner_id: str, content_id: str, rating: str, *, today: dt.date | None = None) -> None:
        """A panel member's rating of a response on the review page: counted with the ratings from chats, as
        the panel are readers too, with no key for a comment (their comments are suggestions)."""
        if rating not in RATINGS:
            raise ValueError(f"the rating must be one of {', '.join(RATINGS)}")
        if content_id not in {text.where for text in catalogue()}:
            raise ValueError("there is no such response")
        with self._sessions.begin() as session:
            session.add(FeedbackRow(partner_id=partner_id, content_id=content_id, rating=rating,
                                    given_on=today or utcnow().date()))

    def add_comment(self, key: str, comment: str) -> bool:
        """Adds a comment, without personal data, to the rating the key came with. False if the key is
        unknown or already used."""
        cleaned = clean_typed_text(comment)
        if not cleaned or len(cleaned) > MAX_COMMENT_CHARS:
            raise ValueError(f"a comment needs some text, and at most {MAX_COMMENT_CHARS} characters")
        with self._sessions.begin() as session:
            changed = session.execute(update(FeedbackRow).where(FeedbackRow.comment_key_hash == _hash(key))
                                      .values(comment=seal_comment(self.cipher, scrub(cleaned)),
                                              comment_key_hash=None))
        return changed.rowcount == 1

    def for_partner(self, partner_id: str) -> list[Feedback]:
        with self._sessions() as session:
            rows = list(session.query(FeedbackRow).filter(FeedbackRow.partner_id == partner_id)
                        .order_by(FeedbackRow.id))
        return [Feedback(row.content_id, row.rating, open_comment(self.cipher, row.comment) if row.comment else None,
                         row.given_on) for row in rows]

    def ratings(self, partner_id: str) -> dict[str | None, Ratings]:
        """Ratings and comments for each response (None: texts made up on the spot)."""
        found: dict[str | None, Ratings] = defaultdict(Ratings)
        for row in self.for_partner(partner_id):
            counted = found[row.content_id]
            if row.rating == "easy":
                counted.easy += 1
            else:
                counted.not_easy += 1
            if row.comment:
                counted.comments.append(row.comment)
        return dict(found)

    def count_shown(self, partner_id: str, texts: list[str], *, today: dt.date | None = None) -> None:
        """Counts each response among the texts shown in a chat (texts made up on the spot are not counted)."""
        found = Counter(filter(None, map(content_id_for, texts)))
        if not found:
            return
        insert = (postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert)(ShownRow)
        with self._sessions.begin() as session:
            for content_id, count in found.items():
                session.execute(insert.values(partner_id=partner_id, content_id=content_id,
                                              day=today or utcnow().date(), count=count)
                                .on_conflict_do_update(index_elements=["partner_id", "content_id", "day"],
                                                       set_={"count": ShownRow.count + count}))

    def times_shown(self, partner_id: str) -> dict[str, int]:
        with self._sessions() as session:
            return dict(session.execute(select(ShownRow.content_id, func.sum(ShownRow.count))
                                        .where(ShownRow.partner_id == partner_id).group_by(ShownRow.content_id)).all())

    # ---------------------------------------------------------------- the co-design panel

    def suggest(self, partner_id: str, content_id: str, author: str, comment: str, wording: str, *,
                now: dt.datetime | None = None) -> SuggestionRow:
        """A panel member's comment on a response, or new wording for it, or both."""
        comment, wording = clean_typed_text(comment or ""), clean_typed_text(wording or "")
        if not comment and not wording:
            raise ValueError("write a comment or new wording")
        if max(len(comment), len(wording)) > MAX_SUGGESTION_CHARS:
            raise ValueError(f"a comment or new wording is at most {MAX_SUGGESTION_CHARS} characters")
        if content_id not in {text.where for text in catalogue()}:
            raise ValueError("there is no such response")
        row = SuggestionRow(partner_id=partner_id, content_id=content_id, author=author, comment=comment or None,
                            wording=wording or None, status="open", created_at=now or utcnow())
        with self._sessions.begin() as session:
            session.add(row)
        return row

    def suggestions(self, partner_id: str, content_id: str | None = None) -> list[SuggestionRow]:
        query = select(SuggestionRow).where(SuggestionRow.partner_id == partner_id).order_by(SuggestionRow.id)
        if content_id is not None:
            query = query.where(SuggestionRow.content_id == content_id)
        with self._sessions() as session:
            return list(session.scalars(query))

    def export_suggestions(self, partner_id: str) -> str:
        """The panel's open suggestions as YAML, for a maintainer to decide on and apply to the domain."""
        texts = {text.where: text.text for text in catalogue()}
        items = [{"id": row.id, "where": row.content_id, "now": texts.get(row.content_id, ""),
                  "new_wording": row.wording, "comment": row.comment, "by": row.author, "decision": row.status}
                 for row in self.suggestions(partner_id) if row.status == "open"]
        return EXPORT_HEADER + yaml.safe_dump({"partner": partner_id, "suggestions": items}, allow_unicode=True,
                                              sort_keys=False, width=100)

    def import_decisions(self, partner_id: str, text: str) -> int:
        """Reads a file from export_suggestions back after review: each decision of accepted or declined is
        kept. The number of suggestions decided. Raises ValueError for a file that is not one of ours."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ValueError("the file is not YAML") from None
        if not isinstance(data, dict) or data.get("partner") != partner_id or \
                not isinstance(data.get("suggestions"), list):
            raise ValueError(f"the file is not a suggestions file for {partner_id}")
        decided = 0
        with self._sessions.begin() as session:
            for item in data["suggestions"]:
                if not isinstance(item, dict) or item.get("decision") not in SUGGESTION_STATUSES[1:]:
                    continue
                changed = session.execute(update(SuggestionRow).where(
                    SuggestionRow.id == item.get("id"), SuggestionRow.partner_id == partner_id,
                    SuggestionRow.status == "open").values(status=item["decision"]))
                decided += changed.rowcount
        return decided


EXPORT_HEADER = """\
# Suggestions from a co-design panel. For each one, set decision to accepted or declined.
# To accept new wording, change the response named by `where` (the file, the response and its variation),
# run `make test` (the Easy Read checker checks the new words), then import this file on the review page.
"""
