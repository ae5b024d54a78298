"""Shared fixtures. `stack` starts the real Rasa server, action server and gateway once per test run;
`engine` is the app database on SQLite and on the real PostgreSQL server; `postgres_database` makes whole
databases there; `redis_url` is the real Redis server; `smtp_server` a real mail server.

PostgreSQL is at 127.0.0.1:5432 (user postgres, database test) unless TEST_DATABASE_URL says otherwise.
When it cannot be reached its tests are skipped, or fail when REQUIRE_SERVICES=1 (as in CI). Each test
gets a schema of its own, dropped afterwards.

Tests take what they need from fixtures rather than importing from a `tests` package: a package of that
name installed by a dependency (textstat) would shadow ours.
"""
from __future__ import annotations

import datetime as dt
import email
import json
import os
import socket
import urllib.parse
import urllib.request
import uuid

import pytest
import yaml
from aiosmtpd.controller import Controller
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.config import ROOT, Settings
from bot.storage.db import make_engine, upgrade
from bot.handoff.office_hours import LONDON, WEEKDAYS
from bot.storage.crypto import Cipher, load_cipher
from bot.conversations import conversation_id
from bot.delivery import SmtpSettings
from bot.stack import Stack
from bot.training import train_if_needed

# Tests talk far faster than a person does: these limits keep out of their way in every gateway the tests
# start. tests/web/test_rate_limits.py sets the real ones.
os.environ.setdefault("CHAT_PER_SESSION_PER_MINUTE", "6000")
os.environ.setdefault("REQUESTS_PER_ADDRESS_PER_MINUTE", "60000")
os.environ.setdefault("SIGN_IN_ATTEMPTS_PER_HOUR", "6000")

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)  # a Monday


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(var_dir) -> Settings:
    return Settings(root=ROOT, var_dir=var_dir, rasa_port=_free_port(), action_port=_free_port(),
                    gateway_host="127.0.0.1", gateway_port=_free_port(), default_partner="demo")


@pytest.fixture(scope="session")
def free_port():
    return _free_port


@pytest.fixture
def isolated_settings(tmp_path) -> Settings:
    """Settings with a var/ folder of the test's own and free ports."""
    return _settings(tmp_path)


WEBHOOK_SECRET_FOR_TESTS = "secret-for-tests"
HANDOFF_CLAIM_SECONDS = 20  # how long the running stack lets a ticket wait before offering a call back


def _partners_for_tests(folder) -> str:
    """partners.yml with three more partners: one open at every hour, one closed all of today (UK time), and
    one never open, for the crisis evaluation, so its many crisis messages open no tickets for a team."""
    entries = yaml.safe_load((ROOT / "data" / "knowledge" / "partners.yml").read_text())["partners"]
    demo = next(e for e in entries if e["id"] == "demo")
    tomorrow = WEEKDAYS[(dt.datetime.now(LONDON).weekday() + 1) % 7]
    entries += [
        {**demo, "id": "always-open", "office_hours": {day: {"open": "00:00", "close": "23:59"} for day in WEEKDAYS}},
        {**demo, "id": "closed-today", "contact": {**demo["contact"], "email": "closed-today@example.org"},
         "office_hours": {tomorrow: {"open": "09:00", "close": "17:00"}}},
        {**demo, "id": "crisis-evaluation", "contact": {**demo["contact"], "email": "evaluation@example.org"},
         "office_hours": {}},
    ]
    path = folder / "partners.yml"
    path.write_text(yaml.safe_dump({"partners": entries}))
    return str(path)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    # Test-only settings the gateway reads: a secret for the sample provider that takes webhooks, a
    # quick outbox, so a referral reaches a test's webhook receiver within seconds, an SMTP port for a
    # test's mail server, partners whose office hours tests can rely on, a short wait for a person, and a
    # slow timed read for the inbox's live pages.
    os.environ.setdefault("NORTHBANK_SAMPLE_WEBHOOK_SECRET", WEBHOOK_SECRET_FOR_TESTS)
    os.environ.setdefault("OUTBOX_INTERVAL_SECONDS", "1")
    os.environ.setdefault("SMTP_PORT", str(_free_port()))
    os.environ.setdefault("HANDOFF_CLAIM_SECONDS", str(HANDOFF_CLAIM_SECONDS))
    os.environ.setdefault("HANDOFF_POLL_SECONDS", "10")
    os.environ.setdefault("INBOX_RECHECK_SECONDS", "60")
    os.environ["PARTNERS_FILE"] = _partners_for_tests(tmp_path_factory.mktemp("partners"))
    settings = _settings(tmp_path_factory.mktemp("var"))
    running = Stack(settings, train_if_needed(settings))
    try:
        running.start_all(report=lambda _: None)
        yield running
    finally:
        running.stop_all()
    # Rasa stops a conversation that loops (an action that keeps failing, a form that keeps asking):
    # no test may have led a person into that.
    rasa_log = (running.log_dir / "rasa.log").read_text(errors="replace")
    assert "Circuit breaker tripped" not in rasa_log, f"a conversation looped: see {running.log_dir / 'rasa.log'}"


class ChatClient:
    """Talks to the running gateway over HTTP, as the widget does."""

    def __init__(self, gateway_url: str, partner: str = "demo", cipher: Cipher | None = None):
        self.gateway_url = gateway_url
        self.url = f"{gateway_url}/api/chat"
        self.session = f"test-{uuid.uuid4()}"  # what the browser holds
        self.partner = partner
        self.cipher = cipher

    @property
    def conversation(self) -> str:
        """The id Rasa and the stores know this chat by: the gateway's keyed hash of the session."""
        return conversation_id(self.cipher, self.session)

    def say(self, message: str) -> dict:
        body = json.dumps({"session": self.session, "message": message, "partner": self.partner}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def texts(self, message: str) -> str:
        """Everything the assistant said in reply, as one string."""
        return "\n".join(m.get("text", "") for m in self.say(message)["messages"])

    def updates(self, after: int = 0, seen: str = "") -> dict:
        """The widget's long poll while a person from the team is on the way or in the chat."""
        query = urllib.parse.urlencode({"session": self.session, "after": after, "seen": seen})
        with urllib.request.urlopen(f"{self.gateway_url}/api/chat/updates?{query}", timeout=60) as response:
            return json.loads(response.read())


@pytest.fixture
def new_chat(stack):
    """Makes a new person chatting through the running gateway, on the page of the partner named."""
    cipher = load_cipher(stack.settings.var_dir)
    return lambda partner="demo": ChatClient(stack.settings.gateway_url, partner, cipher)


# ---------------------------------------------------------------- the app database


def _postgres_or_skip() -> None:
    try:
        import psycopg  # noqa: F401

        engine = make_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # any reason it cannot be used: no driver, no server, no database
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        _unavailable(f"PostgreSQL at {PG_URL} cannot be used ({type(error).__name__}: {first_line})")


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(reason + "; REQUIRE_SERVICES=1 makes this a failure")
    pytest.skip(reason + "; set REQUIRE_SERVICES=1 to fail instead")


@pytest.fixture(scope="module")
def postgres_database():
    """Makes a new, empty PostgreSQL database and gives its URL; dropped afterwards."""
    _postgres_or_skip()
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    made = []

    def make() -> str:
        database = f"{name}_{len(made)}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        made.append(database)
        return PG_URL.rsplit("/", 1)[0] + f"/{database}"

    yield make
    with admin.connect() as connection:
        for database in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def redis_url():
    """The real Redis server: TEST_REDIS_URL, else 127.0.0.1:6379 (database 3, kept for tests)."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=3) as connection:
            connection.sendall(b"PING\r\n")
            assert connection.recv(16).startswith(b"+PONG")
    except (OSError, AssertionError) as error:
        _unavailable(f"Redis at {url} cannot be used ({type(error).__name__})")
    return url


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
    # The schema in the address, not in connect_args, so an engine made from engine.url finds it too.
    engine = make_engine(f"{PG_URL}?options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def cipher():
    """A key of the test's own."""
    return Cipher([Fernet.generate_key().decode()])


@pytest.fixture
def now():
    return NOW


# Rasa's SQL tracker store table, as Rasa makes it (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent).
RASA_EVENTS_TABLE = """CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


@pytest.fixture
def tracker(tmp_path, cipher):
    """A tracker store laid out as Rasa's, and a way to add events to it as the encrypted tracker store
    (rasa_addons/) writes them: tracker.add(chat, event_dict, encrypted=True)."""
    from bot.conversations import ConversationStore

    store = ConversationStore(make_engine(f"sqlite:///{tmp_path / 'rasa-tracker.db'}"), cipher)
    with store.engine.begin() as connection:
        connection.execute(text(RASA_EVENTS_TABLE))

    def add(chat: str, event: dict, *, encrypted: bool = True) -> None:
        data = cipher.encrypt(event).decode() if encrypted else json.dumps(event)
        with store.engine.begin() as connection:
            connection.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                                    "VALUES (:s, :k, :t, :d)"),
                               {"s": chat, "k": event["event"], "t": event["timestamp"], "d": data})

    store.add = add
    return store


# ---------------------------------------------------------------- email


class Mailbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture
def start_smtp(free_port):
    """Starts a real SMTP server on 127.0.0.1, on the port given or a free one: (its mailbox, the settings
    to send to it). Stopped after the test."""
    controllers = []

    def start(port: int | None = None):
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port or free_port())
        controller.start()
        controllers.append(controller)
        return mailbox, SmtpSettings(host="127.0.0.1", port=controller.port, sender="referrals@example.org")

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(start_smtp):
    return start_smtp()
