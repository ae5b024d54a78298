"""The benchmark's load client (bench/load.py) against a small server on 127.0.0.1: it counts answers and
errors rightly, and every run stops by itself. Speed itself is measured only in bench/, never here."""
from __future__ import annotations

import time
from collections import Counter

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bench.load import Timings, closed_loop, conversations_completed, paced, rasa_rest


@pytest.fixture
async def server():
    said: list[tuple[str, str]] = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        said.append((body["sender"], body["message"]))
        if body["message"] == "break":
            return web.json_response({"error": "broken"}, status=500)
        return web.json_response([{"recipient_id": body["sender"], "text": f"you said {body['message']}"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    async with TestServer(app, host="127.0.0.1") as running:
        yield rasa_rest("test", str(running.make_url("")).rstrip("/")), said


async def test_paced_conversations_each_say_the_whole_script_in_a_session_of_their_own(server):
    target, said = server
    timings = await paced(target, ["hello", "break", "bye"], conversations=3, pause=0)
    assert len(timings.latencies) == 6 and timings.errors == 3 and timings.describe_errors() == "3 (HTTP 500)"
    sessions = {session for session, _ in said}
    assert len(sessions) == 3
    for session in sessions:
        assert [m for s, m in said if s == session] == ["hello", "break", "bye"]


async def test_a_closed_loop_stops_by_itself_when_its_time_is_up(server):
    target, _ = server
    started = time.monotonic()
    timings = await closed_loop(target, ["hello", "bye"], concurrency=4, seconds=0.5)
    assert time.monotonic() - started < 5
    assert timings.errors == 0 and timings.latencies and timings.per_second > 0


async def test_only_conversations_that_end_as_wanted_are_counted(server):
    target, _ = server
    done, _ = await conversations_completed(target, ["hello", "send"], 2, 0.3, lambda reply: "send" in str(reply))
    assert done > 0
    none, _ = await conversations_completed(target, ["hello", "break"], 2, 0.3, lambda reply: "send" in str(reply))
    assert none == 0


def test_percentiles_are_nearest_rank():
    timings = Timings(latencies=[i / 100 for i in range(1, 101)])
    assert timings.percentile(50) == 0.50 and timings.percentile(95) == 0.95 and timings.percentile(100) == 1.0


def test_pooled_runs_keep_every_reply_and_add_up_errors_and_time():
    pooled = Timings.pooled([Timings([0.1, 0.3], Counter({"HTTP 500": 1}), 2.0),
                             Timings([0.2], Counter({"HTTP 500": 1, "no answer": 2}), 1.5)])
    assert sorted(pooled.latencies) == [0.1, 0.2, 0.3] and pooled.seconds == 3.5
    assert pooled.describe_errors() == "4 (HTTP 500 2, no answer 2)"
    assert pooled.percentile(50) == 0.2
