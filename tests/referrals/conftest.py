"""Fixtures for the referral tests: a store on SQLite and on the real PostgreSQL server, and helpers.

PostgreSQL is at 127.0.0.1:5432 (user postgres, database test) unless TEST_DATABASE_URL says otherwise.
When it cannot be reached its tests are skipped, or fail when REQUIRE_SERVICES=1 (as in CI). Each test
gets a schema of its own, dropped afterwards.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.db import make_engine, upgrade
from bot.knowledge.providers import Delivery, load_providers
from bot.referrals.crypto import Cipher
from bot.referrals.status import consent_given
from bot.referrals.store import ReferralStore
from bot.referrals.validation import Referral

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)  # a Monday


def _postgres_or_skip() -> None:
    try:
        import psycopg  # noqa: F401

        engine = make_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # any reason it cannot be used: no driver, no server, no database
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        reason = f"PostgreSQL at {PG_URL} cannot be used ({type(error).__name__}: {first_line})"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(reason + "; REQUIRE_SERVICES=1 makes this a failure")
        pytest.skip(reason + "; set REQUIRE_SERVICES=1 to fail instead")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An engine on an up-to-date schema: a SQLite file, or a schema of its own on PostgreSQL."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    _postgres_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def directory():
    return load_providers()


@pytest.fixture
def store(engine, directory):
    return ReferralStore(engine, Cipher([Fernet.generate_key().decode()]), directory)


@pytest.fixture
def make_referral(directory):
    """A valid referral to a provider, with consent given; keyword arguments change any field."""

    def make(provider_id: str = "westway_sample", **changes) -> Referral:
        provider = directory.provider(provider_id)
        council = provider.councils[0]
        fields = dict(provider_id=provider_id, programme_id="connect_to_work", name="Robin Quillfeather",
                      contact_methods=("phone", "text"), phone="07700 900461", council_id=council,
                      consent=consent_given(provider, NOW), help_wanted=("confidence", "cv"),
                      work_situation="out_of_work", health_in_own_words="Long covid; some days are hard.")
        fields.update(changes)
        return Referral(**fields)

    return make


@pytest.fixture
def with_webhook(directory):
    """The directory with a provider's webhook pointed at a URL (a receiver the test runs)."""

    def point(url: str, provider_id: str = "northbank_sample", secret_env: str = "TEST_WEBHOOK_SECRET"):
        provider = directory.provider(provider_id)
        return directory.with_provider(dataclasses.replace(
            provider, delivery=Delivery("webhook", url=url, secret_env=secret_env)))

    return point


@pytest.fixture
def now():
    return NOW
