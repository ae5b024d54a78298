"""The one place that makes the app database's engine, the encryption key and every store, once for each
process: the gateway (bot/web/app.py), the action server (actions/core.py) and the command lines each call
build(settings) and use what it gives. Nothing else opens the app database for them.

    services = build(load_settings())      # upgrades the schema first
    services.referrals.submit(...)
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.accounts.store import AccountStore
from bot.config import Settings
from bot.conversations import ConversationStore
from bot.feedback.store import FeedbackStore
from bot.handoff.tickets import TicketStore
from bot.privacy import PersonalData
from bot.referrals.store import ReferralStore
from bot.storage.crypto import Cipher, load_cipher
from bot.storage.db import make_engine, upgrade


@dataclass(frozen=True)
class Services:
    """Every store of the app database, sharing one engine (one connection pool) and one key."""

    settings: Settings
    engine: Engine
    cipher: Cipher
    referrals: ReferralStore
    tickets: TicketStore
    feedback: FeedbackStore
    accounts: AccountStore

    def personal_data(self) -> PersonalData:
        """A person's data across the app database and Rasa's tracker store, which this opens."""
        return PersonalData(self.referrals, self.tickets, ConversationStore.open(self.settings))


def build(settings: Settings, *, migrate: bool = True) -> Services:
    """Open the app database from the settings (DATABASE_URL or var/app.db), bring its schema up to date
    unless told not to, and make every store on it."""
    engine = make_engine(settings.database_url)
    cipher = load_cipher(settings.var_dir)
    if migrate:
        upgrade(engine, cipher=cipher)
    return Services(settings=settings, engine=engine, cipher=cipher, referrals=ReferralStore(engine, cipher),
                    tickets=TicketStore(engine, cipher), feedback=FeedbackStore(engine, cipher),
                    accounts=AccountStore(engine))
