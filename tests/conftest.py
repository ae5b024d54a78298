"""Shared fixtures. `stack` starts the real Rasa server, action server and gateway once per test run.

Tests take what they need from fixtures rather than importing from a `tests` package: a package of that
name installed by a dependency (textstat) would shadow ours.
"""
from __future__ import annotations

import json
import os
import socket
import urllib.request
import uuid

import pytest

from bot.config import ROOT, Settings
from bot.stack import Stack
from bot.training import train_if_needed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(var_dir) -> Settings:
    return Settings(root=ROOT, var_dir=var_dir, rasa_port=_free_port(), action_port=_free_port(),
                    gateway_host="127.0.0.1", gateway_port=_free_port(), default_partner="demo")


@pytest.fixture
def free_port():
    return _free_port


@pytest.fixture
def isolated_settings(tmp_path) -> Settings:
    """Settings with a var/ folder of the test's own and free ports."""
    return _settings(tmp_path)


WEBHOOK_SECRET_FOR_TESTS = "secret-for-tests"


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    # Test-only settings the gateway reads: a secret for the sample provider that takes webhooks, and a
    # quick outbox, so a referral reaches a test's webhook receiver within seconds.
    os.environ.setdefault("NORTHBANK_SAMPLE_WEBHOOK_SECRET", WEBHOOK_SECRET_FOR_TESTS)
    os.environ.setdefault("OUTBOX_INTERVAL_SECONDS", "1")
    settings = _settings(tmp_path_factory.mktemp("var"))
    running = Stack(settings, train_if_needed(settings))
    try:
        running.start_all(report=lambda _: None)
        yield running
    finally:
        running.stop_all()


class ChatClient:
    """Talks to the running gateway over HTTP, as the widget does."""

    def __init__(self, gateway_url: str, partner: str = "demo"):
        self.url = f"{gateway_url}/api/chat"
        self.session = f"test-{uuid.uuid4()}"
        self.partner = partner

    def say(self, message: str) -> dict:
        body = json.dumps({"session": self.session, "message": message, "partner": self.partner}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def texts(self, message: str) -> str:
        """Everything the assistant said in reply, as one string."""
        return "\n".join(m.get("text", "") for m in self.say(message)["messages"])


@pytest.fixture
def new_chat(stack):
    """Makes a new person chatting through the running gateway."""
    return lambda: ChatClient(stack.settings.gateway_url)
