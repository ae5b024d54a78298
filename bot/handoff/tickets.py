"""The ticket store: chats handed to a person at the partner, and call-back requests.

    store = TicketStore.open(settings)                         # upgrades the schema first
    ticket = store.open_ticket(conversation_id, "demo", route, summary, transcript, contact)
    store.queue_position(ticket.id)                            # 1: next to be answered
    store.claim(specialist, ticket.id); store.reply(specialist, ticket.id, "Hello, I am Sam.")

Three callers: the handoff action (open_ticket, request_callback), the gateway's relay to the person's
chat (open_ticket_for, add_message, messages_after, cancel...) and the specialist inbox (queue, claim,
reply...). The specialists' accounts and sign-in are in bot/accounts. Each method is one short transaction and takes `now` so tests can move the clock.
Methods are synchronous: async callers run them with asyncio.to_thread.

Personal data (summary, transcript, contact details, access needs, messages, notes) is encrypted with the
app's key before it reaches the database. It never goes in a log or an audit event. A specialist sees
only their own partner's tickets: another partner's ticket looks exactly like one that does not exist.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.accounts.models import SpecialistRow
from bot.accounts.store import Specialist
from bot.config import Settings
from bot.handoff.models import SENDERS, MessageRow, NoteRow, TicketRow, phone_hash
from bot.handoff.routing import ACCESS_NEEDS, REASONS, SPECIALISTS, Route, load_handoff_words
from bot.storage.crypto import Cipher, load_cipher
from bot.storage.db import make_engine, quick_reads, read_again_if_dropped, sessions, upgrade, utcnow
from bot.storage.models import AuditEvent, OutboxRow
from bot.storage.reference import new_reference
from bot.typed_text import clean_typed_text

MAX_TEXT_CHARS = 4000  # one message or note
OPEN = ("waiting", "live")  # a chat still with the partner's team
IN_QUEUE = ("waiting", "live", "callback_requested")
# What action_handoff and action_request_callback send the gateway with their words when they open a
# ticket, so the gateway reads the handoff state and tells its live inbox pages only then, not after
# every message.
TICKET_OPENED = {"handoff": "ticket_opened"}
ERASED = {"summary": "", "transcript": [], "contact": {}, "access_needs": [], "language": None}


@dataclass(frozen=True)
class Ticket:
    """Where a ticket has got to. No personal data: safe to pass around and to show in a list."""

    id: str
    partner_id: str
    conversation_id: str
    kind: str  # "live" or "callback"
    status: str  # one of bot.handoff.models.STATUSES
    specialist_kind: str
    reason: str
    urgent: bool
    created_at: dt.datetime
    claimed_by: int | None
    callback_at: dt.datetime | None
    resumed_at: dt.datetime | None


@dataclass(frozen=True)
class Message:
    id: int
    sender: str  # "person", "specialist" or "assistant"
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class Note:
    id: int
    specialist_id: int
    author: str  # the specialist's display name
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class TicketDetail:
    """A ticket with everything the specialist reads."""

    ticket: Ticket
    summary: str
    transcript: list[dict]  # [{"from": "person" | "assistant", "text", "at"}], as bot.handoff.transcript
    contact: dict
    access_needs: tuple[str, ...]
    language: str | None
    messages: list[Message]
    notes: list[Note]
    claimed_by_name: str | None = None


CALLBACK_JOIN_WINDOW = dt.timedelta(days=1)  # a repeat within this joins the open call-back request
# Open call-back requests one phone number may have, made within CALLBACK_JOIN_WINDOW, from any chats.
CALLBACKS_PER_PHONE = 3


def _callback_key(conversation_id: str, at: dt.datetime) -> str:
    return hashlib.sha256(f"{conversation_id}|{at.astimezone(dt.timezone.utc).isoformat()}".encode()).hexdigest()


# ---------------------------------------------------------------- rows to values


def _ticket(row: TicketRow) -> Ticket:
    return Ticket(row.id, row.partner_id, row.conversation_id, row.kind, row.status, row.specialist_kind,
                  row.reason, row.urgent, row.created_at, row.claimed_by, row.callback_at, row.resumed_at)


def _check_route(route: Route) -> None:
    if route.specialist not in SPECIALISTS or route.reason not in REASONS:
        raise ValueError(f"not a route: {route.specialist!r} for {route.reason!r}")
    if not set(route.access_needs) <= set(ACCESS_NEEDS):
        raise ValueError("unknown access needs on the route")


def _check_conversation(conversation_id: str) -> None:
    if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= 64:
        raise ValueError("a conversation id is 1 to 64 characters")


def _clean_text(text: str) -> str:
    cleaned = clean_typed_text(text) if isinstance(text, str) else ""
    if not cleaned:
        raise ValueError("a message or note needs some text")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise ValueError(f"a message or note is at most {MAX_TEXT_CHARS} characters")
    return cleaned


def _audit(session: Session, now: dt.datetime, event: str, ticket_id: str | None, partner_id: str | None,
           actor: str, detail: str | None = None) -> None:
    # The same table as the referrals' audit trail: what happened, when and by whom, never what was said.
    session.add(AuditEvent(at=now, event=event, ticket_id=ticket_id, provider_id=partner_id, actor=actor,
                           detail=detail))


def _by(specialist: Specialist) -> str:
    return f"specialist:{specialist.id}"


class TicketStore:
    def __init__(self, engine: Engine, cipher: Cipher):
        self.engine = engine
        self.cipher = cipher
        self._sessions = sessions(engine)

    @cached_property
    def _quick_reads(self) -> sessionmaker[Session]:
        return quick_reads(self.engine)  # made on first use: most stores never read on the hot path

    @classmethod
    def open(cls, settings: Settings, *, url: str | None = None, migrate: bool = True) -> "TicketStore":
        """The app database and key, as ReferralStore.open: DATABASE_URL or var/app.db."""
        engine = make_engine(url or settings.database_url)
        cipher = load_cipher(settings.var_dir)
        if migrate:
            upgrade(engine, cipher=cipher)
        return cls(engine, cipher)

    # ---------------------------------------------------------------- the handoff action

    def open_ticket(self, conversation_id: str, partner_id: str, route: Route, summary: str,
                    transcript: list[dict], contact: dict, *, now: dt.datetime | None = None) -> Ticket:
        """A chat waiting for a specialist. If this conversation already has a waiting or live ticket,
        that one is given back: asking twice never makes two."""
        _check_conversation(conversation_id)
        _check_route(route)
        now = now or utcnow()
        personal = self._personal(route, summary, transcript, contact)
        for _ in range(5):  # a new id clashing with an old one is very rare; take another
            existing = self.open_ticket_for(conversation_id)
            if existing:
                return existing
            row = TicketRow(id=new_reference(), partner_id=partner_id, conversation_id=conversation_id,
                            open_conversation=conversation_id, kind="live", status="waiting",
                            specialist_kind=route.specialist, reason=route.reason, urgent=route.urgent,
                            personal=personal, created_at=now, updated_at=now)
            try:
                with self._sessions.begin() as session:
                    session.add(row)
                    session.flush()  # the ticket first: the audit event names it
                    _audit(session, now, "ticket_opened", row.id, partner_id, "person", route.specialist)
            except IntegrityError:
                continue  # the same chat won a race with this one (then it is found above), or the id was taken
            return _ticket(row)
        raise RuntimeError("could not open a ticket")

    def request_callback(self, conversation_id: str, partner_id: str, route: Route, summary: str,
                         transcript: list[dict], phone: str, at: dt.datetime, *,
                         now: dt.datetime | None = None) -> Ticket:
        """A call-back at `at`, with its email to the partner's team saved in the outbox in the same
        transaction. The same conversation asking again within CALLBACK_JOIN_WINDOW, while its request is
        still open, gets that request, at the time first asked for: no second ticket or email, so one chat
        cannot flood the team with requests.

        One phone number has at most CALLBACKS_PER_PHONE open requests made within CALLBACK_JOIN_WINDOW,
        from however many chats, so nobody can have a number phoned over and over. A request past that gets
        one already open for the number (its partner's if it has one, else the one to be called last), so
        the person is told of the call already on its way and is never turned away. Requests at the very
        same moment may each find the number under its limit: it bounds a flood, it is not exact."""
        _check_conversation(conversation_id)
        _check_route(route)
        if at.tzinfo is None:
            raise ValueError("the call-back time must carry a time zone")
        if not isinstance(phone, str) or not phone.strip():
            raise ValueError("a call-back needs a phone number")
        now = now or utcnow()
        key, by_phone = _callback_key(conversation_id, at), phone_hash(self.cipher, phone)
        personal = self._personal(route, summary, transcript, {"phone": phone.strip()})
        for _ in range(5):
            existing = (self._callback_by_key(key) or self._open_callback_of(conversation_id, now)
                        or self._callback_past_phone_limit(by_phone, partner_id, now))
            if existing:
                return existing
            row = TicketRow(id=new_reference(), partner_id=partner_id, conversation_id=conversation_id,
                            callback_key=key, phone_hash=by_phone, kind="callback", status="callback_requested",
                            specialist_kind=route.specialist, reason=route.reason, urgent=route.urgent,
                            callback_at=at, personal=personal, created_at=now, updated_at=now)
            try:
                with self._sessions.begin() as session:
                    session.add(row)
                    session.flush()
                    session.add(OutboxRow(ticket_id=row.id, channel="email", attempts=0, next_attempt_at=now,
                                          created_at=now))
                    _audit(session, now, "callback_requested", row.id, partner_id, "person", route.specialist)
            except IntegrityError:
                continue
            return _ticket(row)
        raise RuntimeError("could not save the call-back request")

    def _open_callback_of(self, conversation_id: str, now: dt.datetime) -> Ticket | None:
        with self._sessions() as session:
            row = session.scalar(select(TicketRow).where(
                TicketRow.conversation_id == conversation_id, TicketRow.kind == "callback",
                TicketRow.status == "callback_requested", TicketRow.created_at > now - CALLBACK_JOIN_WINDOW)
                .order_by(TicketRow.created_at.desc()).limit(1))
        return _ticket(row) if row else None

    def _callback_past_phone_limit(self, by_phone: str, partner_id: str, now: dt.datetime) -> Ticket | None:
        """None while the number is under its limit, else the open request a new one joins."""
        recent_open = (TicketRow.phone_hash == by_phone, TicketRow.kind == "callback",
                       TicketRow.status == "callback_requested", TicketRow.created_at > now - CALLBACK_JOIN_WINDOW)
        with self._sessions() as session:
            if session.scalar(select(func.count()).select_from(TicketRow).where(*recent_open)) < CALLBACKS_PER_PHONE:
                return None
            row = session.scalar(select(TicketRow).where(*recent_open).order_by(
                (TicketRow.partner_id == partner_id).desc(), TicketRow.callback_at.desc(),
                TicketRow.created_at.desc()).limit(1))
        return _ticket(row) if row else None

    def _callback_by_key(self, key: str) -> Ticket | None:
        with self._sessions() as session:
            row = session.scalar(select(TicketRow).where(TicketRow.callback_key == key))
        return _ticket(row) if row else None

    def _personal(self, route: Route, summary: str, transcript: list[dict], contact: dict) -> bytes:
        return self.cipher.encrypt({"summary": summary or "", "transcript": list(transcript or []),
                                    "contact": dict(contact or {}), "access_needs": list(route.access_needs),
                                    "language": route.language})

    # ---------------------------------------------------------------- the gateway's relay

    def open_ticket_for(self, conversation_id: str) -> Ticket | None:
        """The conversation's waiting or live ticket, if it has one."""
        with self._sessions() as session:
            row = session.scalar(select(TicketRow).where(TicketRow.open_conversation == conversation_id))
        return _ticket(row) if row else None

    def current_ticket_for(self, conversation_id: str) -> Ticket | None:
        """The conversation's waiting or live ticket if it has one, else its newest, whatever its status:
        the gateway's one read before each message, so it is a quick read."""
        query = (select(TicketRow).where(TicketRow.conversation_id == conversation_id)
                 .order_by(TicketRow.open_conversation.is_(None), TicketRow.created_at.desc()).limit(1))

        def read() -> TicketRow | None:
            with self._quick_reads() as session:
                return session.scalar(query)

        row = read_again_if_dropped(read)
        return _ticket(row) if row else None

    def queue_position(self, ticket_id: str) -> int | None:
        """1 for the next to be answered among the partner's waiting tickets (urgent first, then the
        oldest); None if the ticket is not waiting, or stopped waiting (claimed, cancelled) between the two
        reads here."""
        with self._sessions() as session:
            row = session.get(TicketRow, ticket_id)
            if row is None or row.status != "waiting":
                return None
            order = list(session.scalars(self._waiting(row.partner_id).with_only_columns(TicketRow.id)))
        return order.index(ticket_id) + 1 if ticket_id in order else None

    @staticmethod
    def _waiting(partner_id: str):
        return (select(TicketRow).where(TicketRow.partner_id == partner_id, TicketRow.status == "waiting")
                .order_by(TicketRow.urgent.desc(), TicketRow.created_at, TicketRow.id))

    def add_message(self, ticket_id: str, sender: str, text: str, *, now: dt.datetime | None = None) -> int:
        """Keep one message of the live chat; its id, for messages_after. Raises LookupError for no ticket."""
        if sender not in SENDERS:
            raise ValueError(f"sender must be one of {', '.join(SENDERS)}")
        text = _clean_text(text)
        now = now or utcnow()
        with self._sessions.begin() as session:
            row = session.get(TicketRow, ticket_id)
            if row is None:
                raise LookupError(f"no ticket {ticket_id}")
            return self._add_message(session, row, sender, text, now)

    def _add_message(self, session: Session, row: TicketRow, sender: str, text: str, now: dt.datetime) -> int:
        message = MessageRow(ticket_id=row.id, sender=sender, body=self.cipher.encrypt({"text": text}), at=now)
        session.add(message)
        row.updated_at = now
        session.flush()
        return message.id

    def messages_after(self, ticket_id: str, after_id: int,
                       senders: tuple[str, ...] = ("specialist", "assistant")) -> list[Message]:
        """Messages newer than after_id from these senders, oldest first (the relay polls with its last id)."""
        with self._sessions() as session:
            rows = session.scalars(select(MessageRow).where(
                MessageRow.ticket_id == ticket_id, MessageRow.id > after_id, MessageRow.sender.in_(senders))
                .order_by(MessageRow.id)).all()
        return [self._message(row) for row in rows]

    def _message(self, row: MessageRow) -> Message:
        return Message(row.id, row.sender, self.cipher.decrypt(row.body)["text"], row.at)

    def cancel(self, ticket_id: str, *, now: dt.datetime | None = None) -> Ticket | None:
        """The person went back to the assistant: a waiting or live ticket is cancelled."""
        return self._change(ticket_id, [TicketRow.status.in_(OPEN)], "ticket_cancelled", "person", now,
                            status="cancelled", open_conversation=None, closed=True)

    def mark_unanswered(self, ticket_id: str, *, now: dt.datetime | None = None) -> Ticket | None:
        """Nobody claimed the ticket in time: the person is offered a call-back instead."""
        return self._change(ticket_id, [TicketRow.status == "waiting"], "ticket_unanswered", "system", now,
                            status="unanswered", open_conversation=None, closed=True)

    def mark_resumed(self, ticket_id: str, *, now: dt.datetime | None = None) -> bool:
        """The chat goes back to the assistant. True for the one caller that does it, so that of two
        gateways hearing from the same person only one resumes the conversation."""
        now = now or utcnow()
        with self._sessions.begin() as session:
            changed = session.execute(update(TicketRow).where(TicketRow.id == ticket_id, TicketRow.resumed_at.is_(None))
                                      .values(resumed_at=now, updated_at=now))
            return changed.rowcount == 1

    def undo_resumed(self, ticket_id: str) -> None:
        """The assistant could not be resumed (Rasa was unreachable): the next message tries again."""
        with self._sessions.begin() as session:
            session.execute(update(TicketRow).where(TicketRow.id == ticket_id).values(resumed_at=None))

    def make_urgent(self, ticket_id: str, *, now: dt.datetime | None = None) -> None:
        """Words of crisis while waiting or live: the ticket goes to the front of the queue."""
        self._change(ticket_id, [TicketRow.status.in_(OPEN), TicketRow.urgent.is_(False)], "ticket_urgent",
                     "system", now, urgent=True)

    # ---------------------------------------------------------------- the inbox

    def queue(self, specialist: Specialist, *, now: dt.datetime | None = None) -> list[Ticket]:
        """The specialist's partner's waiting, live and call-back tickets: urgent first, then the oldest.
        (now is not needed today; it is taken like every other method's.)"""
        with self._sessions() as session:
            rows = session.scalars(select(TicketRow).where(
                TicketRow.partner_id == specialist.partner_id, TicketRow.status.in_(IN_QUEUE))
                .order_by(TicketRow.urgent.desc(), TicketRow.created_at, TicketRow.id)).all()
        return [_ticket(row) for row in rows]

    def latest_from_person(self, specialist: Specialist, ticket_ids: list[str]) -> dict[str, tuple[int, dt.datetime]]:
        """The newest message from the person in each of these tickets of the specialist's partner:
        {ticket id: (message id, when)}; a ticket with none, or of another partner, is left out."""
        if not ticket_ids:
            return {}
        newest = (select(func.max(MessageRow.id)).join(TicketRow, TicketRow.id == MessageRow.ticket_id)
                  .where(MessageRow.ticket_id.in_(ticket_ids), MessageRow.sender == "person",
                         TicketRow.partner_id == specialist.partner_id)
                  .group_by(MessageRow.ticket_id))
        with self._sessions() as session:
            rows = session.execute(select(MessageRow.ticket_id, MessageRow.id, MessageRow.at)
                                   .where(MessageRow.id.in_(newest))).all()
        return {ticket_id: (message_id, at) for ticket_id, message_id, at in rows}

    def ticket_for(self, specialist: Specialist, ticket_id: str) -> TicketDetail | None:
        """Everything about one ticket, for a specialist of its partner; None for any other."""
        with self._sessions() as session:
            row = session.scalar(select(TicketRow).where(TicketRow.id == ticket_id,
                                                         TicketRow.partner_id == specialist.partner_id))
            return self._detail(session, row) if row else None

    def detail(self, ticket_id: str) -> TicketDetail | None:
        """Everything about one ticket, with no partner check: for the outbox worker, not the inbox."""
        with self._sessions() as session:
            row = session.get(TicketRow, ticket_id)
            return self._detail(session, row) if row else None

    def _detail(self, session: Session, row: TicketRow) -> TicketDetail:
        personal = self.cipher.decrypt(row.personal)
        names = dict(session.execute(select(SpecialistRow.id, SpecialistRow.display_name)
                                     .where(SpecialistRow.partner_id == row.partner_id)).all())
        messages = session.scalars(select(MessageRow).where(MessageRow.ticket_id == row.id)
                                   .order_by(MessageRow.id)).all()
        notes = session.scalars(select(NoteRow).where(NoteRow.ticket_id == row.id).order_by(NoteRow.id)).all()
        return TicketDetail(
            ticket=_ticket(row), summary=personal["summary"], transcript=personal["transcript"],
            contact=personal["contact"], access_needs=tuple(personal["access_needs"]),
            language=personal["language"], messages=[self._message(m) for m in messages],
            notes=[Note(n.id, n.specialist_id, names.get(n.specialist_id, "?"),
                        self.cipher.decrypt(n.body)["text"], n.at) for n in notes],
            claimed_by_name=names.get(row.claimed_by) if row.claimed_by else None)

    def claim(self, specialist: Specialist, ticket_id: str, *, now: dt.datetime | None = None) -> Ticket | None:
        """Take a waiting chat: it goes live with this specialist. None if it is not waiting (someone else
        was quicker) or belongs to another partner."""
        now = now or utcnow()
        return self._change(ticket_id, [TicketRow.partner_id == specialist.partner_id,
                                        TicketRow.status == "waiting"], "ticket_claimed", _by(specialist), now,
                            status="live", claimed_by=specialist.id, claimed_at=now)

    def reply(self, specialist: Specialist, ticket_id: str, text: str, *,
              now: dt.datetime | None = None) -> int | None:
        """Send the person a message: only the specialist who claimed the chat, only while it is live."""
        text = _clean_text(text)
        now = now or utcnow()
        with self._sessions.begin() as session:
            row = session.scalar(select(TicketRow).where(
                TicketRow.id == ticket_id, TicketRow.partner_id == specialist.partner_id,
                TicketRow.status == "live", TicketRow.claimed_by == specialist.id))
            return self._add_message(session, row, "specialist", text, now) if row else None

    def transfer(self, specialist: Specialist, ticket_id: str, to_kind: str, *,
                 now: dt.datetime | None = None) -> Ticket | None:
        """Pass a chat to another kind of specialist: it waits again (keeping its place by age), unclaimed.
        A waiting chat, or a live one by the specialist who has it. The person is told who is next."""
        if to_kind not in SPECIALISTS:
            raise ValueError(f"unknown kind of specialist {to_kind!r}")
        now = now or utcnow()
        mine = or_(TicketRow.status == "waiting",
                   (TicketRow.status == "live") & (TicketRow.claimed_by == specialist.id))
        ticket = self._change(ticket_id, [TicketRow.partner_id == specialist.partner_id, mine],
                              "ticket_transferred", _by(specialist), now, to_kind,
                              status="waiting", specialist_kind=to_kind, claimed_by=None, claimed_at=None)
        if ticket:
            self.add_message(ticket_id, "assistant", load_handoff_words().specialist(to_kind).easy, now=now)
        return ticket

    def close(self, specialist: Specialist, ticket_id: str, *, now: dt.datetime | None = None) -> Ticket | None:
        """End a live chat (by the specialist who has it), or mark a call-back as done (by anyone in the team)."""
        done = or_(TicketRow.status == "callback_requested",
                   (TicketRow.status == "live") & (TicketRow.claimed_by == specialist.id))
        return self._change(ticket_id, [TicketRow.partner_id == specialist.partner_id, done], "ticket_closed",
                            _by(specialist), now, status="closed", open_conversation=None, closed=True)

    def add_note(self, specialist: Specialist, ticket_id: str, text: str, *, now: dt.datetime | None = None) -> bool:
        """A note for the team, never shown to the person."""
        text = _clean_text(text)
        now = now or utcnow()
        with self._sessions.begin() as session:
            row = session.scalar(select(TicketRow).where(TicketRow.id == ticket_id,
                                                         TicketRow.partner_id == specialist.partner_id))
            if row is None:
                return False
            session.add(NoteRow(ticket_id=row.id, specialist_id=specialist.id,
                                body=self.cipher.encrypt({"text": text}), at=now))
            row.updated_at = now
            _audit(session, now, "note_added", row.id, row.partner_id, _by(specialist))
        return True

    # ---------------------------------------------------------------- the person's data rights

    def export_conversation(self, conversation_id: str) -> list[dict[str, Any]]:
        """Every ticket from one chat with everything in it, the specialists' notes too."""
        with self._sessions() as session:
            rows = session.scalars(select(TicketRow).where(TicketRow.conversation_id == conversation_id)
                                   .order_by(TicketRow.created_at)).all()
            details = [self._detail(session, row) for row in rows]
        return [{"ticket": d.ticket.id, "kind": d.ticket.kind, "status": d.ticket.status,
                 "created_at": d.ticket.created_at.isoformat(), "summary": d.summary, "transcript": d.transcript,
                 "contact": d.contact, "access_needs": list(d.access_needs), "language": d.language,
                 "messages": [{"from": m.sender, "text": m.text, "at": m.at.isoformat()} for m in d.messages],
                 "notes": [{"by": n.author, "text": n.text, "at": n.at.isoformat()} for n in d.notes]}
                for d in details]

    def erase_conversation(self, conversation_id: str, *, now: dt.datetime | None = None,
                           actor: str = "cli") -> list[str]:
        """Deletes the personal data of every ticket from one chat; their ids. An open one is closed and
        a call-back not yet sent is cancelled. What stays: partner, kind of specialist, reason, dates."""
        with self._sessions.begin() as session:
            rows = session.scalars(select(TicketRow).where(TicketRow.conversation_id == conversation_id,
                                                           TicketRow.erased_at.is_(None))).all()
            for row in rows:
                self._erase_row(session, row, now or utcnow(), actor, "erased")
        return [row.id for row in rows]

    def apply_retention(self, days: int, *, now: dt.datetime | None = None) -> list[str]:
        """Erases tickets finished more than `days` ago; their ids. A ticket still in the queue is kept."""
        if days < 1:
            raise ValueError("the retention period must be at least 1 day")
        now = now or utcnow()
        with self._sessions.begin() as session:
            rows = session.scalars(select(TicketRow).where(
                TicketRow.status.not_in(IN_QUEUE), TicketRow.erased_at.is_(None),
                TicketRow.updated_at < now - dt.timedelta(days=days))).all()
            for row in rows:
                self._erase_row(session, row, now, "retention", "retention_erased")
        return [row.id for row in rows]

    def _erase_row(self, session: Session, row: TicketRow, now: dt.datetime, actor: str, event: str) -> None:
        row.personal = self.cipher.encrypt(ERASED)
        row.phone_hash = None
        session.execute(delete(MessageRow).where(MessageRow.ticket_id == row.id))
        session.execute(delete(NoteRow).where(NoteRow.ticket_id == row.id))
        session.execute(delete(OutboxRow).where(OutboxRow.ticket_id == row.id, OutboxRow.delivered_at.is_(None)))
        if row.status in IN_QUEUE:
            row.status, row.closed_at = "closed", now
        row.open_conversation = None
        row.erased_at = row.updated_at = now
        _audit(session, now, event, row.id, row.partner_id, actor)

    # ---------------------------------------------------------------- shared

    def _change(self, ticket_id: str, conditions: list, event: str, actor: str, now: dt.datetime | None,
                detail: str | None = None, *, closed: bool = False, **values: Any) -> Ticket | None:
        """Move a ticket on only if it is where the conditions say: one UPDATE ... WHERE, so of two
        specialists claiming at once exactly one wins, on SQLite and PostgreSQL alike."""
        now = now or utcnow()
        if closed:
            values["closed_at"] = now
        with self._sessions.begin() as session:
            changed = session.execute(update(TicketRow).where(TicketRow.id == ticket_id, *conditions)
                                      .values(updated_at=now, **values))
            if changed.rowcount != 1:
                return None
            row = session.get(TicketRow, ticket_id)
            _audit(session, now, event, row.id, row.partner_id, actor, detail)
            return _ticket(row)

    def audit_events(self, ticket_id: str | None = None) -> list[AuditEvent]:
        query = select(AuditEvent).where(AuditEvent.referral_reference.is_(None)).order_by(AuditEvent.id)
        if ticket_id is not None:
            query = query.where(AuditEvent.ticket_id == ticket_id)
        with self._sessions() as session:
            return list(session.scalars(query))
