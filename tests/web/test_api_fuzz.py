"""The gateway's APIs fuzzed from their OpenAPI descriptions (schemathesis) against the real stack: no server
errors, every answer as described, and calls that break the description refused."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from bot.config import ROOT
from bot.referrals.store import ReferralStore

pytestmark = pytest.mark.stack

BOUNDED = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def described(name: str):
    schema = schemathesis.openapi.from_path(ROOT / "docs" / name)
    schema.config.generation.update(allow_extra_parameters=False)  # query parameters nobody asked for are ignored
    return schema


chat_api = described("openapi-chat.yaml")


provider_api = described("openapi-provider.yaml")
# Cases are made before the stack starts, so they carry this stand-in; each call swaps in the real key.
# Schemathesis also tries calls without the header, or with it broken: those keep what it made.
STAND_IN = "Bearer the-key-made-when-the-stack-starts"


@provider_api.auth()
class ProviderKey:
    def get(self, case, context):
        return STAND_IN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": data}


@pytest.fixture(scope="module")
def provider_key(stack) -> str:
    return ReferralStore.open(stack.settings).create_provider_key("westway_sample")


@chat_api.parametrize()
@BOUNDED
def test_the_chat_api_holds_to_its_description(case, stack):
    response = case.call_and_validate(base_url=stack.settings.gateway_url, timeout=60)
    if case.path == "/api/chat" and response.status_code == 200:
        # Rasa is up, so whatever was typed gets an answer from the assistant, never "something went wrong".
        assert not response.json()["degraded"], case.body


@provider_api.parametrize()
@BOUNDED
def test_the_provider_api_holds_to_its_description(case, stack, provider_key):
    if (case.headers or {}).get("Authorization") == STAND_IN:
        case.headers["Authorization"] = f"Bearer {provider_key}"
    case.call_and_validate(base_url=stack.settings.gateway_url, timeout=60)
