"""Fixtures for the referral tests: a store on the shared `engine` (SQLite and the real PostgreSQL server,
tests/conftest.py), and helpers."""
from __future__ import annotations

import dataclasses

import pytest

from bot.delivery import Outbox
from bot.knowledge.providers import Delivery, load_providers
from bot.referrals.status import consent_given
from bot.referrals.store import ReferralStore
from bot.referrals.validation import Referral


@pytest.fixture
def directory():
    return load_providers()


@pytest.fixture
def store(engine, cipher, directory):
    return ReferralStore(engine, cipher, directory)


@pytest.fixture
def outbox(engine):
    return Outbox(engine)


@pytest.fixture
def make_referral(directory, now):
    """A valid referral to a provider, with consent given; keyword arguments change any field."""

    def make(provider_id: str = "westway_sample", **changes) -> Referral:
        provider = directory.provider(provider_id)
        council = provider.councils[0]
        fields = dict(provider_id=provider_id, programme_id="connect_to_work", name="Robin Quillfeather",
                      contact_methods=("phone", "text"), phone="07700 900461", council_id=council,
                      consent=consent_given(provider, now), help_wanted=("confidence", "cv"),
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
