"""How fast one chat session, or one address, may call the gateway, so a flood from one client cannot slow
everyone else down.

Each limit is a token bucket: `burst` calls at once, then `per_minute` calls a minute. A refused call gets
HTTP 429 with Retry-After and a plain message; the widget keeps the person's message and sends it again
after the wait, so nothing is lost.

    CHAT_PER_SESSION_PER_MINUTE   messages from one chat session (default 20, burst 10)
    REQUESTS_PER_ADDRESS_PER_MINUTE   calls to /api/ and /inbox/sign-in from one address (default 120, burst 40)
    SIGN_IN_ATTEMPTS_PER_HOUR     inbox sign-in attempts from one address (default 20, burst 5)

The buckets are in this process's memory: with several gateways, each counts its own share. The address is
the connection's, so behind a proxy the proxy must pass the real one (aiohttp reads X-Forwarded-For only
when told to trust it).
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from aiohttp import web

from bot.config import gateway_rates


@dataclass(frozen=True)
class Limit:
    per_minute: float
    burst: int


class RateLimiter:
    """Token buckets keyed by any string. Holds at most max_keys buckets, forgetting the least recently used."""

    def __init__(self, limit: Limit, *, max_keys: int = 50_000, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)

    def wait_for(self, key: str) -> float:
        """Takes a token for key: 0 when the call may go ahead, else the seconds until it may."""
        now = self.clock()
        rate = self.limit.per_minute / 60
        tokens, when = self._buckets.pop(key, (float(self.limit.burst), now))
        tokens = min(float(self.limit.burst), tokens + (now - when) * rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait


def _limit(value: float, burst: int, *, per_hour: bool = False) -> Limit:
    per_minute = value / 60 if per_hour else value
    return Limit(per_minute, max(1, min(burst, math.ceil(value))))


@dataclass
class GatewayLimits:
    per_session: RateLimiter
    per_address: RateLimiter
    sign_in: RateLimiter

    @classmethod
    def from_environment(cls) -> "GatewayLimits":
        rates = gateway_rates()
        return cls(
            per_session=RateLimiter(_limit(rates.chat_per_session_per_minute, 10)),
            per_address=RateLimiter(_limit(rates.requests_per_address_per_minute, 40)),
            sign_in=RateLimiter(_limit(rates.sign_in_attempts_per_hour, 5, per_hour=True)),
        )


limits_key = web.AppKey("rate_limits", GatewayLimits)
