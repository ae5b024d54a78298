"""A bounded load client on 127.0.0.1: conversations that send a script of messages to a chat endpoint
and time each reply. Every run stops by itself, after a set number of messages or a set time."""
from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import aiohttp

REPLY_TIMEOUT = aiohttp.ClientTimeout(total=30)


@dataclass(frozen=True)
class Target:
    """A chat endpoint and how to ask it something."""
    name: str
    url: str
    body: Callable[[str, str], dict]  # (session, message) -> the JSON body
    ok: Callable[[object], bool]  # is this reply an answer, not an error dressed as one


def gateway(url: str, partner: str) -> Target:
    return Target("gateway", f"{url}/api/chat",
                  lambda session, message: {"session": session, "message": message, "partner": partner},
                  lambda reply: isinstance(reply, dict) and bool(reply.get("messages")) and not reply.get("degraded"))


def rasa_rest(name: str, url: str, partner: str | None = None) -> Target:
    """Rasa's REST channel, asked as the gateway asks it (with the partner in the metadata, if any)."""
    metadata = {"metadata": {"partner": partner}} if partner else {}
    return Target(name, f"{url}/webhooks/rest/webhook",
                  lambda session, message: {"sender": session, "message": message, **metadata},
                  lambda reply: isinstance(reply, list) and bool(reply))


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)  # seconds, one for each answered message
    failures: Counter[str] = field(default_factory=Counter)  # what went wrong -> how many messages
    seconds: float = 0.0  # wall time of the whole run

    @property
    def errors(self) -> int:
        return sum(self.failures.values())

    def describe_errors(self) -> str:
        """"0", or "25 (ServerDisconnectedError)": how many failed, and how."""
        kinds = ", ".join(f"{kind} {n}" if len(self.failures) > 1 else kind for kind, n in self.failures.items())
        return f"{self.errors} ({kinds})" if kinds else "0"

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile, in seconds."""
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else math.nan

    @classmethod
    def pooled(cls, runs: list[Timings]) -> Timings:
        """Several runs as one: every reply of each, their errors and their time added up."""
        return cls([x for t in runs for x in t.latencies], sum((t.failures for t in runs), Counter()),
                   sum(t.seconds for t in runs))

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def _send(http: aiohttp.ClientSession, target: Target, session: str, message: str, timings: Timings) -> None:
    started = time.perf_counter()
    try:
        async with http.post(target.url, json=target.body(session, message)) as response:
            reply = await response.json(content_type=None)
            failure = (None if response.status == 200 and target.ok(reply)
                       else f"HTTP {response.status}" if response.status != 200 else "no answer")
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        failure = type(error).__name__
    if failure:
        timings.failures[failure] += 1
    else:
        timings.latencies.append(time.perf_counter() - started)


def _session() -> str:
    return f"bench-{uuid.uuid4()}"


def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=REPLY_TIMEOUT, connector=aiohttp.TCPConnector(limit=0))


async def paced(target: Target, script: list[str], conversations: int, pause: float = 2.0) -> Timings:
    """`conversations` people at once, each saying the script once and reading for `pause` seconds after
    every reply. Their starts are spread over one pause, as people do not all arrive in the same instant."""
    timings = Timings()

    async def person(index: int) -> None:
        await asyncio.sleep(pause * index / conversations)
        session = _session()
        for message in script:
            await _send(http, target, session, message, timings)
            await asyncio.sleep(pause)

    started = time.perf_counter()
    async with _client() as http:
        await asyncio.gather(*(person(i) for i in range(conversations)))
    timings.seconds = time.perf_counter() - started
    return timings


async def closed_loop(target: Target, script: list[str], concurrency: int, seconds: float) -> Timings:
    """`concurrency` clients, each sending its next message as soon as the last is answered, starting a new
    conversation at the end of the script, until `seconds` have passed."""
    timings = Timings()
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            session = _session()
            for message in script:
                if time.perf_counter() >= deadline:
                    return
                await _send(http, target, session, message, timings)

    started = time.perf_counter()
    async with _client() as http:
        await asyncio.gather(*(client() for _ in range(concurrency)))
    timings.seconds = time.perf_counter() - started
    return timings


async def conversations_completed(target: Target, script: list[str], concurrency: int, seconds: float,
                                  finished: Callable[[object], bool]) -> tuple[int, float]:
    """Whole conversations (such as a referral, from "I want to sign up" to "send") run back to back by
    `concurrency` clients until `seconds` have passed: how many ended with a reply `finished` accepts, and
    the wall time they took."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            session, reply = _session(), None
            try:
                for message in script:
                    async with http.post(target.url, json=target.body(session, message)) as response:
                        reply = await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                continue
            done += finished(reply)

    started = time.perf_counter()
    async with _client() as http:
        await asyncio.gather(*(client() for _ in range(concurrency)))
    return done, time.perf_counter() - started
