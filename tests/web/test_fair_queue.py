"""Fairness under load (bot/web/fair_queue.py): a cap on messages with Rasa at once, and waiting messages taken
in turn by address. Tested by the order messages reach a stand-in for Rasa that answers only when told, never
by timing; the effect on how long a reply takes is measured in bench/."""
from __future__ import annotations

import asyncio

import pytest

from bot.feedback.store import FeedbackStore
from bot.handoff.tickets import TicketStore
from bot.knowledge.partners import load_partners
from bot.safety import EMERGENCY, load_crisis_help
from bot.storage.db import make_engine, upgrade
from bot.web.chat_turn import ShownCounts, shown_messages, something_went_wrong, take_turn
from bot.web.fair_queue import FairQueue
from bot.web.handoff_relay import Relay
from bot.web.rate_limit import address_group
from bot.web.ticket_changes import TicketChanges

PARTNER = load_partners()["demo"]
PERSON = "2001:db8:aaaa:1::5"
FLOODERS = [f"203.0.113.{n}" for n in range(1, 11)]


class SlowRasa:
    """Holds every message until the test lets it answer (answer_one, oldest first), and notes the order in
    which messages reached it."""

    def __init__(self):
        self.reached: list[str] = []
        self._held: list[asyncio.Event] = []

    async def say(self, session: str, message: str, metadata: dict) -> list[dict]:
        self.reached.append(message)
        answered = asyncio.Event()
        self._held.append(answered)
        await answered.wait()
        return [{"text": f"You said {message}."}]

    def answer_one(self) -> None:
        self._held.pop(0).set()

    async def add_events(self, session: str, events: list[dict]) -> None:
        pass

    async def execute(self, session: str, action: str) -> list[dict]:
        return []


@pytest.fixture
def stores(tmp_path, cipher):
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade(engine)
    yield TicketStore(engine, cipher), ShownCounts(FeedbackStore(engine, cipher))
    engine.dispose()


async def until(condition, tries: int = 1000) -> None:
    """Waits for the turns' database reads (in threads) to get them as far as the queue; not a measure of time."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the turns never got that far")


async def sent_on_before(rasa: SlowRasa, text: str) -> int:
    """Lets Rasa answer one message at a time until `text` reaches it: how many messages were sent on to Rasa
    before it, not counting those already with Rasa when it came."""
    with_rasa = len(rasa._held)
    while text not in rasa.reached:
        rasa.answer_one()
        reached = len(rasa.reached)
        await until(lambda reached=reached: len(rasa.reached) > reached)
    return rasa.reached.index(text) - with_rasa


async def answer_all(rasa: SlowRasa, tasks: list[asyncio.Task]) -> None:
    for _ in range(1000):
        if all(task.done() for task in tasks):
            return
        if rasa._held:
            rasa.answer_one()
        await asyncio.sleep(0.01)
    raise AssertionError("some turns never ended")


def turns(rasa: SlowRasa, queue: FairQueue, stores):
    tickets, counts = stores
    relay = Relay(tickets, TicketChanges(), rasa, shown_messages)

    def send(address: str, text: str) -> asyncio.Task:
        session = "session-" + address.replace(".", "-").replace(":", "-")
        return asyncio.create_task(take_turn(session, text, PARTNER, rasa=rasa, relay=relay, counts=counts,
                                             queue=queue, address=address))
    return send


def test_addresses_take_turns_by_ipv4_address_and_by_ipv6_64():
    assert address_group("203.0.113.7") == "203.0.113.7"
    assert address_group("203.0.113.7") != address_group("203.0.113.8")
    assert address_group("::ffff:203.0.113.7") == "203.0.113.7"
    assert address_group("2001:db8:aaaa:1::5") == address_group("2001:db8:aaaa:1:ffff:1:2:3") == "2001:db8:aaaa:1::/64"
    assert address_group("2001:db8:aaaa:1::5") != address_group("2001:db8:aaaa:2::5")


async def test_ten_addresses_flooding_cannot_keep_another_persons_message_back(stores):
    rasa, queue = SlowRasa(), FairQueue(2, wait_seconds=3600)
    send = turns(rasa, queue, stores)
    # Ten addresses send five messages each, within their own limits: 2 reach Rasa, 48 wait.
    flood = [send(address, f"flood {n}") for n in range(5) for address in FLOODERS]
    await until(lambda: len(rasa.reached) == 2 and queue.waiting == 48)
    person = send(PERSON, "hello from a person")
    await until(lambda: queue.waiting == 49)

    # At most one message from each address already waiting goes first; a first-come queue would send 48.
    assert await sent_on_before(rasa, "hello from a person") <= len(FLOODERS)

    await answer_all(rasa, [person, *flood])
    replies = [task.result() for task in [person, *flood]]
    assert not any(reply.degraded for reply in replies)
    assert replies[0].messages == [{"text": "You said hello from a person."}]
    assert queue.in_flight == 0 and queue.waiting == 0


async def test_many_addresses_in_one_ipv6_64_take_one_turn_between_them(stores):
    rasa, queue = SlowRasa(), FairQueue(1, wait_seconds=3600)
    send = turns(rasa, queue, stores)
    flood = [send(f"2001:db8:bbbb:7::{n:x}", f"flood {n}") for n in range(1, 21)]
    await until(lambda: len(rasa.reached) == 1 and queue.waiting == 19)
    person = send("198.51.100.4", "hello from a person")
    await until(lambda: queue.waiting == 20)
    # Twenty addresses from one /64 are one address: one of theirs may go first, not nineteen.
    assert await sent_on_before(rasa, "hello from a person") <= 1
    await answer_all(rasa, [person, *flood])


async def test_words_of_crisis_do_not_wait_in_line(stores):
    rasa, queue = SlowRasa(), FairQueue(1, wait_seconds=3600)
    send = turns(rasa, queue, stores)
    flood = [send(address, f"flood {n}") for n in range(3) for address in FLOODERS]
    await until(lambda: len(rasa.reached) == 1 and queue.waiting == 29)
    person = send(PERSON, "I have taken an overdose")
    await until(lambda: "I have taken an overdose" in rasa.reached)
    assert rasa.reached == ["flood 0", "I have taken an overdose"] and queue.waiting == 29
    await answer_all(rasa, [person, *flood])
    assert person.result().messages[0]["text"] == load_crisis_help().for_category(EMERGENCY).reply()["text"]


async def test_a_message_that_waits_longer_than_rasa_is_given_gets_the_plain_message(stores):
    rasa, queue = SlowRasa(), FairQueue(1, wait_seconds=0.05)
    send = turns(rasa, queue, stores)
    first = send(FLOODERS[0], "first")
    await until(lambda: rasa.reached == ["first"])
    reply = await send(PERSON, "second")
    assert reply.degraded and reply.messages == something_went_wrong(PARTNER), "never silence"
    assert rasa.reached == ["first"] and queue.waiting == 0, "it gave up its place"
    rasa.answer_one()
    assert not (await first).degraded
    assert queue.in_flight == 0


async def test_a_message_that_leaves_the_line_gives_up_its_place_to_the_next():
    queue = FairQueue(1, wait_seconds=3600)
    async with queue.place("203.0.113.1"):
        cancelled = asyncio.create_task(queue.place("203.0.113.2").__aenter__())
        later = asyncio.create_task(queue.place("203.0.113.3").__aenter__())
        await until(lambda: queue.waiting == 2)
        cancelled.cancel()
        await asyncio.gather(cancelled, return_exceptions=True)
        assert queue.waiting == 1
    assert await later is True
    assert queue.in_flight == 1 and queue.waiting == 0
