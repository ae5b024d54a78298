"""How fast one chat session, or one address, may call the gateway, so a flood from one client cannot slow
everyone else down.

Each limit is a token bucket: `burst` calls at once, then `per_minute` calls a minute. A refused call gets
HTTP 429 with Retry-After and a plain message; the widget keeps the person's message and sends it again
after the wait, so nothing is lost.

    CHAT_PER_SESSION_PER_MINUTE   messages from one chat session (default 20, burst 10)
    REQUESTS_PER_ADDRESS_PER_MINUTE   calls to /api/ and /inbox/sign-in from one address (default 120, burst 40)
    SIGN_IN_ATTEMPTS_PER_HOUR     inbox sign-in attempts from one address (default 20, burst 5)
    SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR   sign-in attempts to one account from browsers that have not
                                  signed in to it before (default 10, burst 10), so guessing from many
                                  addresses is slow too; a browser that has signed in to the account before
                                  (KnownBrowsers) is not held up by it, so guessing cannot lock its owner out

An "address" in these limits is an address group (address_group): an IPv6 address counts by its /64, so one
host with a block of addresses cannot have a bucket for each. The fair queue takes turns by the same groups.

The buckets are in this process's memory: with several gateways, each counts its own share. The address is
the connection's, or behind a reverse proxy listed in TRUSTED_PROXIES, the one that proxy puts in
X-Forwarded-For (client_address).
"""
from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from aiohttp import web

from bot.config import gateway_rates, trusted_proxies


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


class KnownBrowsers:
    """Browsers that have signed in to an account: each holds a random token in a cookie, and only the token's
    SHA-256 with the account's name is kept here, for the most recent max_keys sign-ins. In memory: after a
    restart every browser is new again, and meets the account's limit until it signs in."""

    def __init__(self, max_keys: int = 10_000):
        self.max_keys = max_keys
        self._known: OrderedDict[str, None] = OrderedDict()

    @staticmethod
    def _key(username: str, token: str) -> str:
        return hashlib.sha256(f"{username.lower()}\0{token}".encode()).hexdigest()

    def remember(self, username: str) -> str:
        """A new token for a browser that has just signed in to username."""
        token = secrets.token_urlsafe(32)
        self._known[self._key(username, token)] = None
        while len(self._known) > self.max_keys:
            self._known.popitem(last=False)
        return token

    def knows(self, username: str, token: str | None) -> bool:
        return bool(token) and self._key(username, token) in self._known


@dataclass
class GatewayLimits:
    per_session: RateLimiter
    per_address: RateLimiter
    sign_in: RateLimiter
    per_account: RateLimiter
    known_browsers: KnownBrowsers
    proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()  # TRUSTED_PROXIES

    @classmethod
    def from_environment(cls) -> "GatewayLimits":
        rates = gateway_rates()
        return cls(
            per_session=RateLimiter(_limit(rates.chat_per_session_per_minute, 10)),
            per_address=RateLimiter(_limit(rates.requests_per_address_per_minute, 40)),
            sign_in=RateLimiter(_limit(rates.sign_in_attempts_per_hour, 5, per_hour=True)),
            per_account=RateLimiter(_limit(rates.sign_in_attempts_per_account_per_hour, 10, per_hour=True)),
            known_browsers=KnownBrowsers(),
            proxies=trusted_proxies(),
        )


def address_of(request: web.Request) -> str:
    """The client's address (client_address), behind a trusted proxy too."""
    return client_address(request.remote, request.headers.get("X-Forwarded-For"), request.app[limits_key].proxies)


def address_group_of(request: web.Request) -> str:
    """The key of every per-address limit: the group of the client's address (address_group)."""
    return address_group(address_of(request))


def address_group(address: str) -> str:
    """The group an address counts in, for the per-address limits and the fair queue's turns: an IPv6
    address's /64, the block one household or one machine is usually given, so a client cannot get more by
    using many addresses from its own block; an IPv4 address itself (also when written as IPv4-mapped IPv6).
    Anything that is not an address is its own group."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


limits_key = web.AppKey("rate_limits", GatewayLimits)


def client_address(remote: str | None, forwarded_for: str | None,
                   proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> str:
    """The address a request comes from, for rate limits and logs. The connection's own address, unless that is
    a trusted proxy (TRUSTED_PROXIES): then X-Forwarded-For is read from the right, past each trusted proxy, to
    the first address no trusted proxy vouches for. Anyone may write X-Forwarded-For, so the addresses to its
    left, which the client itself wrote, are never believed."""
    address = remote or ""
    if not forwarded_for or not _is_in(address, proxies):
        return address
    for hop in reversed(forwarded_for.split(",")):
        hop = hop.strip()
        if not _is_in(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:  # not an address: the proxy's own is all that is known
                return address
        address = hop
    return address


def _is_in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
