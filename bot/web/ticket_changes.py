"""Tells the widget's long polls and the inbox's live pages that a partner's tickets changed (a new ticket,
a message from the person, a reply, a claim, a ticket ended or jumped the line), so the news reaches the
person and the team at once, whichever gateway each of them is on. The action server tells of the tickets
it opens through the same Redis channel (bot/handoff/news.py).

With REDIS_URL set, the news goes to every gateway through Redis publish/subscribe. Without it (one
gateway, the embedded default), it stays in this process. Either way the news only wakes a long poll
or a live page, which then reads the database: a lost notice delays an update by at most RECHECK_SECONDS
(for the inbox, INBOX_RECHECK_SECONDS), never loses it.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

from aiohttp import web

from bot.config import redis_key_prefix, redis_url_or_none
from bot.handoff.news import ticket_channel

log = logging.getLogger(__name__)

RECHECK_SECONDS = 5.0  # how often a long poll reads the database with no news


class TicketChanges:
    """In this process only: for one gateway."""

    def __init__(self) -> None:
        self._waiting: dict[str, set[asyncio.Event]] = defaultdict(set)

    async def changed(self, partner_id: str) -> None:
        self._wake(partner_id)

    def _wake(self, partner_id: str) -> None:
        for event in self._waiting.get(partner_id, ()):
            event.set()

    async def wait(self, partner_id: str, timeout: float) -> bool:
        """Until the partner's tickets change or `timeout` seconds pass: True if they changed."""
        event = asyncio.Event()
        self._waiting[partner_id].add(event)
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
            return True
        except TimeoutError:
            return False
        finally:
            self._waiting[partner_id].discard(event)
            if not self._waiting[partner_id]:
                del self._waiting[partner_id]

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass


class RedisTicketChanges(TicketChanges):
    """Shared by every gateway on the same Redis: each publishes what it changed and hears all the others."""

    def __init__(self, url: str, prefix: str) -> None:
        super().__init__()
        import redis.asyncio  # only needed at scale

        self.redis = redis.asyncio.from_url(url)
        self.channel = ticket_channel(prefix)
        self._listener: asyncio.Task | None = None

    async def start(self) -> None:
        pubsub = self.redis.pubsub()
        await pubsub.subscribe(self.channel)
        self._listener = asyncio.create_task(self._listen(pubsub))

    async def _listen(self, pubsub) -> None:
        while True:
            try:
                async for message in pubsub.listen():
                    if message["type"] == "message":
                        self._wake(message["data"].decode())
            except asyncio.CancelledError:
                await pubsub.aclose()
                raise
            except Exception as error:  # Redis went away: long polls fall back to reading the database
                log.warning("Lost the ticket news from Redis: %s", type(error).__name__)
                await asyncio.sleep(1)
                with contextlib.suppress(Exception):
                    await pubsub.subscribe(self.channel)

    async def changed(self, partner_id: str) -> None:
        try:
            await self.redis.publish(self.channel, partner_id)
        except Exception as error:  # the change is in the database already; only the news is late
            log.warning("Could not publish a ticket change: %s", type(error).__name__)
            self._wake(partner_id)

    async def close(self) -> None:
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self.redis.aclose()


def from_environment() -> TicketChanges:
    url = redis_url_or_none()
    if not url:
        return TicketChanges()
    return RedisTicketChanges(url, redis_key_prefix())


ticket_changes_key = web.AppKey("ticket_changes", TicketChanges)


async def ticket_changes(app: web.Application):
    """cleanup_ctx: the gateway's TicketChanges while it runs."""
    changes = from_environment()
    await changes.start()
    app[ticket_changes_key] = changes
    yield
    await changes.close()
