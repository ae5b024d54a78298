"""News that a partner's tickets changed, told from outside a gateway (the action server), so the inbox's
live pages and the widget's long polls on every gateway hear of it at once.

The news is the partner's id on one Redis channel (ticket_channel); the gateways listen there
(bot/web/ticket_changes.py). It only wakes readers, who then read the database: without REDIS_URL, or
with Redis away, nothing is sent and the readers find the change on their next timed read instead.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from bot.config import redis_key_prefix, redis_url_or_none

log = logging.getLogger(__name__)


def ticket_channel(prefix: str) -> str:
    """The Redis channel of ticket news for the deployment whose keys start with `prefix`."""
    return f"{prefix}:ticket-changes"


@lru_cache(maxsize=4)
def _client(url: str):
    import redis  # only needed at scale

    # Short timeouts: the person is waiting for the action's answer, and the news is only a wake-up.
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def tell_gateways(partner_id: str) -> None:
    """Publishes that the partner's tickets changed, if the gateways share a Redis. Never raises: the
    change is in the database already, so a lost notice is only late."""
    url = redis_url_or_none()
    if not url:
        return
    try:
        _client(url).publish(ticket_channel(redis_key_prefix()), partner_id)
    except Exception as error:
        log.warning("Could not publish a ticket change: %s", type(error).__name__)
