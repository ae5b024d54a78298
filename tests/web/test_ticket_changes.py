"""News of ticket changes between gateways: in one process, and through the real Redis server between two
gateways' hubs, as at scale. A change wakes only the long polls of the partner whose tickets changed."""
import asyncio
import uuid

import pytest

from bot.web.ticket_changes import RedisTicketChanges, TicketChanges


async def wait_then_change(waiting: TicketChanges, changing: TicketChanges, waiting_for: str, changed: str) -> bool:
    waiter = asyncio.create_task(waiting.wait(waiting_for, timeout=2))
    await asyncio.sleep(0.2)  # the waiter is listening
    await changing.changed(changed)
    return await waiter


async def test_in_one_process_a_change_wakes_that_partners_waiters_only():
    changes = TicketChanges()
    assert await wait_then_change(changes, changes, "demo", "demo") is True
    assert await wait_then_change(changes, changes, "demo", "another") is False


@pytest.fixture
async def two_gateways(redis_url):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    hubs = [RedisTicketChanges(redis_url, prefix) for _ in range(2)]
    for hub in hubs:
        await hub.start()
    yield hubs
    for hub in hubs:
        await hub.close()


async def test_through_redis_a_change_on_one_gateway_wakes_a_long_poll_on_another(two_gateways):
    first, second = two_gateways
    assert await wait_then_change(second, first, "demo", "demo") is True
    assert await wait_then_change(second, first, "demo", "another") is False
    assert await wait_then_change(first, second, "demo", "demo") is True
