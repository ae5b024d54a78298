"""The account store: specialists and co-design panel members at each partner, signing in and out.

    accounts = AccountStore.open(settings)            # or build(settings).accounts (bot/services.py)
    accounts.add_specialist("demo", "sam", password, "Sam Okafor")
    token, csrf = accounts.sign_in("sam", password)   # None for a wrong password or a disabled account
    specialist, csrf = accounts.specialist_for_session(token)

Passwords are kept only as scrypt hashes, session tokens only as their sha256 (passwords.py). Each method is
one short transaction and takes `now` so tests can move the clock; async callers run them with
asyncio.to_thread. What happens is in the audit trail, with who did it, never a password.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.accounts.models import ROLES, SessionRow, SpecialistRow
from bot.accounts.passwords import NO_SUCH_USER, hash_password, token_hash, verify_password
from bot.config import Settings
from bot.storage.db import make_engine, sessions, upgrade, utcnow
from bot.storage.models import AuditEvent

SESSION_LIFETIME = dt.timedelta(hours=8)  # a working day: sign in again the next morning
MIN_PASSWORD_CHARS = 12
USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,63}")
ADDED = {"specialist": "specialist_added", "panel": "panel_member_added", "maintainer": "maintainer_added"}


@dataclass(frozen=True)
class Specialist:
    """An account: a specialist, who answers chats; a panel member, who reviews what the assistant says; or a
    maintainer, who reviews it too and alone decides on the panel's suggestions. Only a specialist sees a chat."""

    id: int
    partner_id: str
    username: str
    display_name: str
    role: str = "specialist"  # or "panel" or "maintainer": reviews content, never sees a chat (models.ROLES)


def _specialist(row: SpecialistRow) -> Specialist:
    return Specialist(row.id, row.partner_id, row.username, row.display_name, row.role)


def _audit(session: Session, now: dt.datetime, event: str, partner_id: str | None, actor: str,
           detail: str | None = None) -> None:
    # The shared audit trail: what happened, when and by whom; provider_id holds the partner's id.
    session.add(AuditEvent(at=now, event=event, ticket_id=None, provider_id=partner_id, actor=actor, detail=detail))


class AccountStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessions(engine)

    @classmethod
    def open(cls, settings: Settings, *, migrate: bool = True) -> "AccountStore":
        """The app database, as TicketStore.open: DATABASE_URL or var/app.db."""
        engine = make_engine(settings.database_url)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def add_specialist(self, partner_id: str, username: str, password: str, display_name: str, *,
                       role: str = "specialist", now: dt.datetime | None = None) -> Specialist:
        """An account at a partner: a specialist, a co-design panel member (role "panel") or a maintainer
        (role "maintainer"). Raises ValueError for a short password, a taken username or an unknown role."""
        if role not in ROLES:
            raise ValueError(f"the role is one of {', '.join(ROLES)}")
        username = username.strip().lower()
        if not USERNAME.fullmatch(username):
            raise ValueError("a username is 2 to 64 letters, digits and . _ @ -, starting with a letter or digit")
        if len(password) < MIN_PASSWORD_CHARS:
            raise ValueError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
        display_name = " ".join(display_name.split())
        if not 0 < len(display_name) <= 80:
            raise ValueError("a display name is 1 to 80 characters")
        now = now or utcnow()
        row = SpecialistRow(partner_id=partner_id, username=username, display_name=display_name,
                            password_hash=hash_password(password), created_at=now, role=role)
        try:
            with self._sessions.begin() as session:
                session.add(row)
                session.flush()
                _audit(session, now, ADDED[role], partner_id, "admin", f"specialist:{row.id}")
        except IntegrityError:
            raise ValueError(f"the username {username} is taken") from None
        return _specialist(row)

    def disable_specialist(self, username: str, *, now: dt.datetime | None = None) -> bool:
        """Stop an account working, at once: its sessions end too. The account stays for the audit trail."""
        now = now or utcnow()
        with self._sessions.begin() as session:
            row = session.scalar(select(SpecialistRow).where(SpecialistRow.username == username.strip().lower(),
                                                             SpecialistRow.disabled_at.is_(None)))
            if row is None:
                return False
            row.disabled_at = now
            session.execute(delete(SessionRow).where(SessionRow.specialist_id == row.id))
            _audit(session, now, "specialist_disabled", row.partner_id, "admin", f"specialist:{row.id}")
        return True

    def sign_in(self, username: str, password: str, *, now: dt.datetime | None = None) -> tuple[str, str] | None:
        """(session token, CSRF token) for the right password of an active account, else None."""
        now = now or utcnow()
        name = username.strip().lower() if isinstance(username, str) else ""
        with self._sessions() as session:
            row = session.scalar(select(SpecialistRow).where(SpecialistRow.username == name)) if name else None
        right = verify_password(password if isinstance(password, str) else "",
                                row.password_hash if row else NO_SUCH_USER)  # slow: outside any transaction
        with self._sessions.begin() as session:
            if row is None or not right or row.disabled_at is not None:
                # Not the username typed: it may be a password typed in the wrong box.
                _audit(session, now, "sign_in_failed", row.partner_id if row else None,
                       f"specialist:{row.id}" if row else "unknown")
                return None
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            session.execute(delete(SessionRow).where(SessionRow.expires_at <= now))  # tidy up old ones
            session.add(SessionRow(token_hash=token_hash(token), specialist_id=row.id, csrf_token=csrf,
                                   created_at=now, last_seen_at=now, expires_at=now + SESSION_LIFETIME))
            _audit(session, now, "signed_in", row.partner_id, f"specialist:{row.id}")
        return token, csrf

    def specialist_for_session(self, token: str, *, now: dt.datetime | None = None) -> tuple[Specialist, str] | None:
        """(specialist, CSRF token) for a session cookie's token; None once it has expired or was ended."""
        if not token:
            return None
        now = now or utcnow()
        with self._sessions.begin() as session:
            found = session.execute(select(SessionRow, SpecialistRow).join(
                SpecialistRow, SpecialistRow.id == SessionRow.specialist_id).where(
                SessionRow.token_hash == token_hash(token))).first()
            if found is None:
                return None
            signed_in, row = found
            if signed_in.expires_at <= now or row.disabled_at is not None:
                session.delete(signed_in)
                return None
            signed_in.last_seen_at = now
            return _specialist(row), signed_in.csrf_token

    def sign_out(self, token: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token or "")))

    def anyone_on_duty(self, partner_id: str, *, now: dt.datetime | None = None,
                       within: dt.timedelta = dt.timedelta(minutes=15)) -> bool:
        """A specialist of the partner is signed in and has used the inbox lately."""
        now = now or utcnow()
        with self._sessions() as session:
            return bool(session.scalar(select(exists().where(
                SessionRow.specialist_id == SpecialistRow.id, SpecialistRow.partner_id == partner_id,
                SpecialistRow.role == "specialist", SpecialistRow.disabled_at.is_(None), SessionRow.expires_at > now,
                SessionRow.last_seen_at >= now - within))))

    def display_names(self, partner_id: str) -> dict[int, str]:
        """Specialist id: display name, for the partner's team (to say who has a live chat)."""
        with self._sessions() as session:
            rows = session.execute(select(SpecialistRow.id, SpecialistRow.display_name)
                                   .where(SpecialistRow.partner_id == partner_id)).all()
        return {id_: name for id_, name in rows}
