"""A cap on chat messages in flight towards Rasa, shared fairly between the addresses they come from.

    queue = FairQueue(8, wait_seconds=30)
    async with queue.place("203.0.113.7") as placed:
        said = await rasa.say(...) if placed else []   # not placed: waited too long, so the plain message

The rules:
- At most `capacity` messages are with Rasa at once, so a crowd cannot pile more work on it than it can do.
- When the cap is reached, waiting messages are taken in turn by address group, one from each group in a
  round: a message waits behind at most one message from each group already waiting, however many each
  group has sent. A plain first-come queue would put it behind the whole crowd.
- An IPv6 address counts by its /64, the block one household or one machine is usually given, so a client
  cannot jump the rotation by using many addresses from its own block. An IPv4 address counts alone. The
  groups are the per-address rate limits' (rate_limit.address_group).
- A message waits at most `wait_seconds` (the time Rasa is given to answer), then gives up its place, so a
  person who waits is never left in silence.

In this process's memory: with several gateways, each keeps its own cap.
"""
from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from contextlib import asynccontextmanager
from typing import AsyncIterator

from bot.web.rate_limit import address_group


class FairQueue:
    """At most `capacity` places taken at once; waiting messages get places round-robin by address group."""

    def __init__(self, capacity: int, *, wait_seconds: float):
        if capacity < 1:
            raise ValueError("the capacity must be at least 1")
        self.capacity, self.wait_seconds = capacity, wait_seconds
        self.in_flight = 0
        # Address group -> its waiting messages, in the order their groups take turns. Each future is a
        # message's place, handed over (its result set) by the message that leaves.
        self._waiting: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()

    @property
    def waiting(self) -> int:
        return sum(len(places) for places in self._waiting.values())

    @asynccontextmanager
    async def place(self, address: str) -> AsyncIterator[bool]:
        """True once the message may go to Rasa; False when it waited wait_seconds for a place and gave up."""
        placed = await self._take(address_group(address))
        try:
            yield placed
        finally:
            if placed:
                self._hand_on()

    async def _take(self, group: str) -> bool:
        if self.in_flight < self.capacity:
            self.in_flight += 1
            return True
        place = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(group, deque()).append(place)
        handed = False
        try:
            await asyncio.wait((place,), timeout=self.wait_seconds)
            handed = place.done()
        finally:
            if not place.done():  # gave up, or the request was cancelled: leave the line
                self._leave(group, place)
                place.cancel()
            elif not handed:  # cancelled just as a place was handed over: pass it on to the next
                self._hand_on()
        return handed

    def _hand_on(self) -> None:
        """A message leaves Rasa: its place goes to the next group in the rotation, which then goes to the
        back of the line if it has more waiting."""
        if not self._waiting:
            self.in_flight -= 1
            return
        group, places = self._waiting.popitem(last=False)
        places.popleft().set_result(None)
        if places:
            self._waiting[group] = places

    def _leave(self, group: str, place: asyncio.Future[None]) -> None:
        places = self._waiting.get(group)
        if places is not None:
            places.remove(place)
            if not places:
                del self._waiting[group]
