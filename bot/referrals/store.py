"""The referral store: submit, follow up, and the person's data rights. A submitted referral's outbox row is
sent by bot/delivery.py.

    store = ReferralStore.open(settings)           # upgrades the schema first
    done = store.submit(referral, idempotency_key)  # Submitted(reference, created, text, ...)
    store.status_for("K7PA-4QXM")                   # Easy Read Text

Each method is one short transaction and takes `now` so tests can move the clock. Methods are
synchronous: async callers (the gateway) run them with asyncio.to_thread.

Personal data is encrypted before it reaches the database and decrypted only to deliver it, to show it
to the provider it was meant for, or to export it for the person. It never goes in a log or an audit
event.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.knowledge import Text
from bot.knowledge.providers import Directory, Problem, Provider, load_providers
from bot.referrals.models import CLOSED_REASONS, STATUSES, ConsentRecord, ProviderApiKey, ReferralRow
from bot.referrals.status import add_working_days, status_text, submitted_text
from bot.referrals.validation import Referral, validate
from bot.storage.crypto import Cipher, load_cipher
from bot.storage.db import make_engine, sessions, upgrade, utcnow
from bot.storage.models import AuditEvent, OutboxRow
from bot.storage.reference import new_reference, parse_reference

PAYLOAD_SCHEMA = "self-referral/1"


class InvalidReferral(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(f"{p.field}: {p.code}" for p in problems))
        self.problems = problems


class StatusChangeRefused(ValueError):
    """A provider asked for a status or closed reason we do not know."""


class StatusCannotGoBack(StatusChangeRefused):
    """A provider tried to move a referral backwards (e.g. from closed to contacted)."""


@dataclass(frozen=True)
class Submitted:
    reference: str
    created: bool  # False when the same submission came again (same idempotency key)
    provider: Provider
    contact_due_at: dt.datetime
    text: Text  # what to tell the person: thank you, reference, who and by when


@dataclass(frozen=True)
class Overdue:
    reference: str
    provider_id: str
    status: str
    contact_due_at: dt.datetime
    delivered: bool  # False: it has not even reached the provider yet
    last_error: str | None


def _idempotency_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _key_hash(salt: str, secret: str) -> str:
    # The secret is 32 random bytes, so a salted sha256 is enough; a slow password hash adds nothing here.
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode()).hexdigest()


class ReferralStore:
    def __init__(self, engine: Engine, cipher: Cipher, directory: Directory | None = None):
        self.engine = engine
        self.cipher = cipher
        self.directory = directory or load_providers()
        self._sessions = sessions(engine)

    @classmethod
    def open(cls, settings: Settings, *, url: str | None = None, migrate: bool = True) -> "ReferralStore":
        engine = make_engine(url or settings.database_url)
        cipher = load_cipher(settings.var_dir)
        if migrate:
            upgrade(engine, cipher=cipher)
        return cls(engine, cipher)

    # ---------------------------------------------------------------- the person

    def submit(self, referral: Referral, idempotency_key: str, *, conversation_id: str | None = None,
               now: dt.datetime | None = None) -> Submitted:
        """Save a referral with its consent and its delivery in one transaction.

        The same idempotency_key (e.g. the conversation id and the form's start time) always gives the
        same referral, so a double click or a retried request never makes two. Raises InvalidReferral.
        """
        if not idempotency_key:
            raise ValueError("an idempotency key is needed")
        now = now or utcnow()
        key_hash = _idempotency_hash(idempotency_key)
        existing = self._by_idempotency(key_hash)
        if existing:
            return existing
        cleaned, problems = validate(referral, self.directory)
        if problems:
            raise InvalidReferral(problems)
        provider = self.directory.provider(cleaned.provider_id)
        assert provider is not None and cleaned.consent is not None  # validate() checked both
        due = add_working_days(now, provider.first_contact_days)
        token = self.cipher.encrypt(cleaned.personal())
        for _ in range(5):  # a new reference clashing with an old one is very rare; take another
            reference = new_reference()
            try:
                with self._sessions.begin() as session:
                    session.add(ReferralRow(
                        reference=reference, idempotency_hash=key_hash, provider_id=provider.id,
                        programme_id=cleaned.programme_id, council_id=cleaned.council_id, status="new",
                        personal=token, conversation_id=conversation_id, created_at=now, updated_at=now,
                        contact_due_at=due))
                    session.flush()  # the referral first: the rows below point to it
                    session.add(ConsentRecord(
                        referral_reference=reference, wording_version=cleaned.consent.version,
                        wording_sha256=cleaned.consent.sha256, wording=cleaned.consent.wording,
                        given_at=cleaned.consent.given_at))
                    if provider.delivery.kind != "pull":
                        session.add(OutboxRow(referral_reference=reference, channel=provider.delivery.kind,
                                              attempts=0, next_attempt_at=now, created_at=now))
                    _audit(session, now, "referral_created", reference, provider.id, "person")
            except IntegrityError:
                existing = self._by_idempotency(key_hash)
                if existing:  # the same submission won a race with this one
                    return existing
                continue
            return Submitted(reference, True, provider, due, submitted_text(provider, reference, due))
        raise RuntimeError("could not find an unused reference")

    def _by_idempotency(self, key_hash: str) -> Submitted | None:
        with self._sessions() as session:
            row = session.scalar(select(ReferralRow).where(ReferralRow.idempotency_hash == key_hash))
        if row is None:
            return None
        provider = self.directory.provider(row.provider_id)
        return Submitted(row.reference, False, provider, row.contact_due_at,
                         submitted_text(provider, row.reference, row.contact_due_at))

    def status_for(self, reference: str, *, now: dt.datetime | None = None) -> Text:
        """Where a referral has got to, in Easy Read words for the person."""
        now = now or utcnow()
        ref = parse_reference(reference)
        with self._sessions() as session:
            row = session.get(ReferralRow, ref) if ref else None
            if row is None:
                return status_text("not_found", None)
            waiting = session.scalar(select(exists().where(
                OutboxRow.referral_reference == ref, OutboxRow.delivered_at.is_(None))))
        provider = self.directory.provider(row.provider_id)
        if row.erased_at is not None:
            key = "erased"
        elif row.status in ("new", "acknowledged") and now > row.contact_due_at:
            key = "late"
        elif row.status == "new":
            key = "waiting_to_send" if waiting else "sent"
        else:
            key = row.status
        return status_text(key, provider, row.contact_due_at, row.closed_reason)

    # ---------------------------------------------------------------- following up

    def overdue_referrals(self, *, now: dt.datetime | None = None) -> list[Overdue]:
        """Referrals the provider has not contacted by the time it promised: for a person to chase."""
        now = now or utcnow()
        with self._sessions() as session:
            rows = session.scalars(select(ReferralRow).where(
                ReferralRow.status.in_(("new", "acknowledged")), ReferralRow.contact_due_at < now,
                ReferralRow.erased_at.is_(None)).order_by(ReferralRow.contact_due_at)).all()
            found = []
            for row in rows:
                pending = session.scalar(select(OutboxRow).where(
                    OutboxRow.referral_reference == row.reference, OutboxRow.delivered_at.is_(None)))
                found.append(Overdue(row.reference, row.provider_id, row.status, row.contact_due_at,
                                     pending is None, pending.last_error if pending else None))
        return found

    def stuck_deliveries(self, *, now: dt.datetime | None = None,
                         older_than: dt.timedelta = dt.timedelta(hours=1)) -> list[Overdue]:
        """Referrals still not delivered a while after they were made: the provider's system needs a look."""
        now = now or utcnow()
        with self._sessions() as session:
            rows = session.execute(select(ReferralRow, OutboxRow).join(
                OutboxRow, OutboxRow.referral_reference == ReferralRow.reference).where(
                OutboxRow.delivered_at.is_(None), OutboxRow.created_at < now - older_than)).all()
        return [Overdue(r.reference, r.provider_id, r.status, r.contact_due_at, False, o.last_error)
                for r, o in rows]

    def payload(self, reference: str) -> dict[str, Any] | None:
        """The referral as the provider receives it (webhook body, email attachment, provider API)."""
        with self._sessions() as session:
            row = session.get(ReferralRow, reference)
            return self._payload(session, row) if row else None

    def _payload(self, session: Session, row: ReferralRow) -> dict[str, Any]:
        consent = session.scalar(select(ConsentRecord).where(ConsentRecord.referral_reference == row.reference))
        return {
            "schema": PAYLOAD_SCHEMA,
            "reference": row.reference,
            "provider_id": row.provider_id,
            "programme_id": row.programme_id,
            "council_id": row.council_id,
            "status": row.status,
            "closed_reason": row.closed_reason,
            "created_at": row.created_at.isoformat(),
            "contact_due_at": row.contact_due_at.isoformat(),
            "acknowledged_at": row.acknowledged_at.isoformat() if row.acknowledged_at else None,
            "erased": row.erased_at is not None,
            "consent": {
                "wording_version": consent.wording_version,
                "wording": consent.wording,
                "wording_sha256": consent.wording_sha256,
                "given_at": consent.given_at.isoformat(),
            } if consent else None,
            "person": self.cipher.decrypt(row.personal) if row.personal is not None else None,
        }

    # ---------------------------------------------------------------- the provider API

    def create_provider_key(self, provider_id: str, *, now: dt.datetime | None = None) -> str:
        """A new API key for a provider. Only its hash is kept: show the key once, it cannot be shown again."""
        if self.directory.provider(provider_id) is None:
            raise LookupError(f"no provider with id {provider_id!r} in providers.yml")
        now = now or utcnow()
        key_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_hex(16)
        with self._sessions.begin() as session:
            session.add(ProviderApiKey(key_id=key_id, provider_id=provider_id, salt=salt,
                                       key_hash=_key_hash(salt, secret), created_at=now))
            _audit(session, now, "api_key_created", None, provider_id, "cli", key_id)
        return f"{key_id}.{secret}"

    def revoke_provider_key(self, key_id: str, *, now: dt.datetime | None = None) -> bool:
        now = now or utcnow()
        with self._sessions.begin() as session:
            done = session.execute(update(ProviderApiKey).where(
                ProviderApiKey.key_id == key_id, ProviderApiKey.revoked_at.is_(None)).values(revoked_at=now))
            if done.rowcount:
                _audit(session, now, "api_key_revoked", None, None, "cli", key_id)
            return bool(done.rowcount)

    def provider_for_key(self, key: str) -> str | None:
        """The provider id an API key belongs to, or None."""
        key_id, _, secret = (key or "").partition(".")
        if not key_id or not secret or len(key) > 200:
            return None
        with self._sessions() as session:
            row = session.get(ProviderApiKey, key_id)
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.key_hash, _key_hash(row.salt, secret)):
            return None
        return row.provider_id if self.directory.provider(row.provider_id) else None

    def list_for_provider(self, provider_id: str, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """This provider's referrals, oldest first; status "new" gives the ones it has not acknowledged."""
        if status is not None and status not in STATUSES:
            raise StatusChangeRefused(f"unknown status {status!r}")
        query = select(ReferralRow).where(ReferralRow.provider_id == provider_id)
        if status is not None:
            query = query.where(ReferralRow.status == status)
        with self._sessions() as session:
            rows = session.scalars(query.order_by(ReferralRow.created_at).limit(limit)).all()
            return [self._payload(session, row) for row in rows]

    def get_for_provider(self, provider_id: str, reference: str) -> dict[str, Any] | None:
        with self._sessions() as session:
            row = self._provider_row(session, provider_id, reference)
            return self._payload(session, row) if row else None

    def set_status(self, provider_id: str, reference: str, status: str, closed_reason: str | None = None,
                   *, now: dt.datetime | None = None) -> dict[str, Any] | None:
        """Move a referral forward (acknowledged, contacted, started, closed). Saying the same status
        again changes nothing. None if this provider has no such referral."""
        if status not in STATUSES[1:]:
            raise StatusChangeRefused(f"status must be one of {', '.join(STATUSES[1:])}")
        if closed_reason is not None and (status != "closed" or closed_reason not in CLOSED_REASONS):
            raise StatusChangeRefused(f"a closed reason goes with status closed: one of {', '.join(CLOSED_REASONS)}")
        now = now or utcnow()
        with self._sessions.begin() as session:
            row = self._provider_row(session, provider_id, reference, lock=True)
            if row is None:
                return None
            if STATUSES.index(status) < STATUSES.index(row.status):
                raise StatusCannotGoBack(f"the referral is already {row.status}; it cannot go back to {status}")
            if status != row.status:
                row.status = status
                row.closed_reason = closed_reason
                row.acknowledged_at = row.acknowledged_at or now
                row.updated_at = now
                _audit(session, now, "status_changed", row.reference, provider_id, f"provider:{provider_id}", status)
            return {"reference": row.reference, "status": row.status, "closed_reason": row.closed_reason}

    def acknowledge(self, provider_id: str, reference: str, *, now: dt.datetime | None = None) -> dict[str, Any] | None:
        """"We have it." Safe to repeat: on a referral already further on it changes nothing."""
        try:
            return self.set_status(provider_id, reference, "acknowledged", now=now)
        except StatusCannotGoBack:
            with self._sessions() as session:
                row = self._provider_row(session, provider_id, reference)
                return {"reference": row.reference, "status": row.status, "closed_reason": row.closed_reason}

    def _provider_row(self, session: Session, provider_id: str, reference: str, lock: bool = False) -> ReferralRow | None:
        # Another provider's referral looks exactly like one that does not exist.
        ref = parse_reference(reference)
        if ref is None:
            return None
        query = select(ReferralRow).where(ReferralRow.reference == ref, ReferralRow.provider_id == provider_id)
        return session.scalar(query.with_for_update() if lock else query)

    # ---------------------------------------------------------------- data rights

    def export(self, reference: str, *, now: dt.datetime | None = None) -> dict[str, Any] | None:
        """Everything held about one referral, for the person who made it."""
        now = now or utcnow()
        ref = parse_reference(reference)
        with self._sessions.begin() as session:
            row = session.get(ReferralRow, ref) if ref else None
            if row is None:
                return None
            data = self._payload(session, row)
            data["deliveries"] = [
                {"channel": o.channel, "attempts": o.attempts, "delivered_at": o.delivered_at.isoformat()
                 if o.delivered_at else None, "last_error": o.last_error}
                for o in session.scalars(select(OutboxRow).where(OutboxRow.referral_reference == ref))]
            data["history"] = [
                {"at": e.at.isoformat(), "event": e.event, "by": e.actor, "detail": e.detail}
                for e in session.scalars(select(AuditEvent).where(AuditEvent.referral_reference == ref)
                                         .order_by(AuditEvent.id))]
            _audit(session, now, "exported", ref, row.provider_id, "cli")
        return data

    def erase(self, reference: str, *, now: dt.datetime | None = None, actor: str = "cli") -> bool:
        """Delete the person's answers for one referral. What stays holds no personal data: the reference,
        provider, status, dates, consent wording and audit trail. A delivery not yet made is cancelled."""
        now = now or utcnow()
        ref = parse_reference(reference)
        with self._sessions.begin() as session:
            row = session.get(ReferralRow, ref) if ref else None
            if row is None:
                return False
            self._erase_row(session, row, now, actor, "erased")
        return True

    def conversation_of(self, reference: str) -> str | None:
        """The chat a referral came from, until its answers are erased."""
        ref = parse_reference(reference)
        with self._sessions() as session:
            row = session.get(ReferralRow, ref) if ref else None
            return row.conversation_id if row else None

    def _erase_row(self, session: Session, row: ReferralRow, now: dt.datetime, actor: str, event: str) -> None:
        row.personal = None
        row.conversation_id = None
        row.erased_at = row.erased_at or now
        row.updated_at = now
        session.execute(delete(OutboxRow).where(OutboxRow.referral_reference == row.reference,
                                                OutboxRow.delivered_at.is_(None)))
        _audit(session, now, event, row.reference, row.provider_id, actor)

    def apply_retention(self, days: int, *, now: dt.datetime | None = None) -> list[str]:
        """Erase the answers of referrals older than `days` that reached their provider.

        Reached means delivered by webhook or email, or acknowledged through the provider API. A referral
        still waiting to reach its provider is kept, so the retention job can never lose one.
        """
        if days < 1:
            raise ValueError("the retention period must be at least 1 day")
        now = now or utcnow()
        undelivered = exists().where(OutboxRow.referral_reference == ReferralRow.reference,
                                     OutboxRow.delivered_at.is_(None))
        delivered = exists().where(OutboxRow.referral_reference == ReferralRow.reference,
                                   OutboxRow.delivered_at.is_not(None))
        with self._sessions.begin() as session:
            rows = session.scalars(select(ReferralRow).where(
                ReferralRow.created_at < now - dt.timedelta(days=days), ReferralRow.personal.is_not(None),
                ~undelivered, (ReferralRow.status != "new") | delivered)).all()
            for row in rows:
                self._erase_row(session, row, now, "retention", "retention_erased")
        return [row.reference for row in rows]

    def audit_events(self, reference: str | None = None) -> list[AuditEvent]:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if reference is not None:
            query = query.where(AuditEvent.referral_reference == reference)
        with self._sessions() as session:
            return list(session.scalars(query))


def _audit(session: Session, now: dt.datetime, event: str, reference: str | None, provider_id: str | None,
           actor: str, detail: str | None = None) -> None:
    session.add(AuditEvent(at=now, event=event, referral_reference=reference, provider_id=provider_id,
                           actor=actor, detail=detail))
