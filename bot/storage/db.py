"""The app database: one schema owned by bot/, made and upgraded by the Alembic migrations in migrations/.

DATABASE_URL chooses the database (e.g. postgresql+psycopg://user@host/db); the default is a SQLite
file, var/app.db. Every process that uses the database calls upgrade() on start. That is safe when
several start at once: a lock lets one process migrate while the others wait.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, TypeVar

from sqlalchemy import DateTime, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from bot.config import ROOT

if TYPE_CHECKING:
    from bot.storage.crypto import Cipher

MIGRATIONS_DIR = ROOT / "migrations"
T = TypeVar("T")
_PG_MIGRATION_LOCK = 727_001  # any fixed number; pg_advisory_xact_lock serialises migrations


class Base(DeclarativeBase):
    pass


class UTCDateTime(TypeDecorator):
    """A point in time, always given back as timezone-aware UTC.

    SQLite keeps no time zone, so values are stored in UTC and read back as UTC; PostgreSQL keeps them
    as timestamptz. Naive datetimes are refused, so local time never slips in by mistake.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored in the database must be timezone-aware")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def make_engine(url: str, **options) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]  # psycopg 3, not the old psycopg2
    # A server may restart under a pooled connection; a SQLite file cannot, so its connections are not pinged.
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"), **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        database = engine.url.database
        if database and database != ":memory:" and not Path(database).exists():
            Path(database).touch(mode=0o600)  # SQLite gives its journal files the same mode
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    # WAL and a busy timeout let the gateway and the action server write the same file;
    # SQLite checks foreign keys only when asked.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def retry_when_disconnected(work: Callable[[], T], *, attempts: int = 5, wait: float = 1.0) -> T:
    """Runs work again while the database cannot be reached (a restart, a fail-over), waiting a little
    longer each time: about 10 seconds in all. Only for work that is one transaction and safe to repeat."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except (OperationalError, InterfaceError):
            if attempt == attempts:
                raise
            time.sleep(wait * attempt)
    raise AssertionError("unreachable")


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def quick_reads(engine: Engine) -> sessionmaker[Session]:
    """Sessions for one-query reads on a hot path, such as the gateway's before each message: autocommit and
    no ping, so a read is one round trip to the server rather than four (ping, BEGIN, the query, ROLLBACK).
    Read through read_again_if_dropped, since without the ping a connection dropped by a restart fails once."""
    if engine.dialect.name == "sqlite":
        return sessions(engine)  # a file: no round trips, and never pinged
    return sessions(create_engine(engine.url, pool_pre_ping=False, isolation_level="AUTOCOMMIT"))


def read_again_if_dropped(read: Callable[[], T]) -> T:
    """Runs a read, and once more at once if its pooled connection had been dropped: the pool has then let
    go of every connection it held, so the second try connects afresh."""
    try:
        return read()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        return read()


def alembic_config():
    from alembic.config import Config

    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, *, cipher: Cipher | None = None) -> None:
    """Bring the schema up to the newest migration. A migration that encrypts data kept before in clear uses
    `cipher`, or when none is given the key the settings name (bot/config.py), read only if there is such data.

    It also loads every feature's tables (migrations/env.py imports their models), so the foreign keys of
    the shared outbox and audit tables resolve in a process that uses one feature only. Every store's
    open() calls it; code that makes a store from an engine alone must have called it on that database."""
    from alembic import command

    config = alembic_config()
    with _migration_lock(engine):
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = connection
            config.attributes["cipher"] = cipher
            command.upgrade(config, "head")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    # PostgreSQL is locked inside the migration's transaction; a SQLite file by a lock file beside it.
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(Path(database).with_suffix(".migrate.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
