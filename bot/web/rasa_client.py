"""The gateway's one client of Rasa's HTTP API, on 127.0.0.1.

    rasa = RasaClient(http, settings.rasa_url, settings.rasa_token)
    said = await rasa.say(session, "hello", {"partner": "demo"})    # [] when Rasa cannot answer
    await rasa.add_events(session, [{"event": "resume"}])           # raises when Rasa cannot take them
    await rasa.execute(session, "utter_handoff_ended")

The REST channel (say) answers the person and is open like the chat itself; the conversation API
(add_events, execute) changes a conversation, so it carries Rasa's token.
"""
from __future__ import annotations

import logging
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

ANSWER_SECONDS = 30  # how long Rasa is given to answer a message; a message waits no longer for its turn
TIMEOUT = aiohttp.ClientTimeout(total=ANSWER_SECONDS)
HEALTH_TIMEOUT = aiohttp.ClientTimeout(total=3)


class RasaClient:
    """`http` is the gateway's HTTP session, made and closed with the app."""

    def __init__(self, http: aiohttp.ClientSession, url: str, token: str):
        self.http, self.url, self.token = http, url, token

    async def say(self, session: str, message: str, metadata: dict[str, Any]) -> list[dict]:
        """Rasa's messages as it sent them; none when Rasa cannot answer (it is down, slow, or an action failed)."""
        payload = {"sender": session, "message": message, "metadata": metadata}
        try:
            async with self.http.post(f"{self.url}/webhooks/rest/webhook", json=payload, timeout=TIMEOUT) as response:
                response.raise_for_status()
                said = await response.json()
                return said if isinstance(said, list) else []
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            # The type of error only: message text is personal data and never goes in a log.
            log.warning("Rasa did not answer: %s", type(error).__name__)
            return []

    async def add_events(self, session: str, events: list[dict[str, Any]]) -> None:
        """Adds events to the person's conversation: a message the gateway showed itself, a resume."""
        await self._conversation_api(f"/conversations/{session}/tracker/events", events)

    async def execute(self, session: str, action: str) -> list[dict]:
        """Runs one action in the conversation; the messages it sent. Rasa stops after the action."""
        done = await self._conversation_api(f"/conversations/{session}/execute", {"name": action})
        return done.get("messages", [])

    async def healthy(self) -> bool:
        try:
            async with self.http.get(f"{self.url}/webhooks/rest/", timeout=HEALTH_TIMEOUT) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    async def _conversation_api(self, path: str, body: Any) -> dict:
        async with self.http.post(f"{self.url}{path}", params={"token": self.token}, json=body,
                                  timeout=TIMEOUT) as response:
            response.raise_for_status()
            return await response.json()
