"""The live relay between a person in the chat widget and a specialist in the inbox.

action_handoff opens a ticket and pauses the assistant. While the ticket is waiting or live, the gateway
keeps the person's messages in the ticket instead of sending them to Rasa, and the widget asks
GET /api/chat/updates for the specialist's replies and its place in the line (a long poll: the answer
comes when something changes, or after HANDOFF_POLL_SECONDS). Every gateway reads the same database, and
hears of each change through ticket_changes.py, so the person and the specialist may be on different
gateways.

When the ticket ends (the specialist closed it, the person went back, or nobody claimed it within
HANDOFF_CLAIM_SECONDS), the gateway that next hears from the person resumes the conversation through
Rasa's token-protected HTTP API and runs what the person should hear next: that the chat has ended, or
the offer of a call back.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

from bot.config import handoff_claim_timeout, handoff_poll_seconds
from bot.storage.db import utcnow
from bot.handoff import as_said
from bot.handoff.tickets import Ticket, TicketStore
from bot.web.rasa_client import RasaClient
from bot.web.ticket_changes import RECHECK_SECONDS, TicketChanges

log = logging.getLogger(__name__)

CANCEL_PAYLOAD = "/cancel_handoff"  # the widget's "Go back to the assistant" button
OPEN_STATUSES = ("waiting", "live")
# What the assistant runs when a ticket ends, by how it ended.
RESUME_WITH = {"closed": "utter_handoff_ended", "cancelled": "utter_handoff_cancelled", "unanswered": "callback_form"}


def handoff_state(store: TicketStore, ticket: Ticket | None) -> dict[str, Any]:
    """What the widget shows about the handoff: waiting (with its place in the line), live, or none."""
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return {"state": "none"}
    if ticket.status == "live":
        return {"state": "live"}
    position = store.queue_position(ticket.id)  # None if it was claimed since it was read: the next poll says
    return {"state": "waiting", "position": position} if position else {"state": "waiting"}


class Relay:
    """The gateway's side of a handoff. shown() keeps the Rasa messages a person sees, fit for the widget;
    `changes` wakes long polls when tickets change."""

    def __init__(self, store: TicketStore, changes: TicketChanges, rasa: RasaClient, shown):
        self.store, self.changes, self.rasa, self.shown = store, changes, rasa, shown

    async def _run(self, method, *args, **kwargs):
        return await asyncio.to_thread(getattr(self.store, method), *args, **kwargs)

    def current_ticket(self, session: str) -> asyncio.Future[Ticket | None]:
        """The read, started in a thread at once (asyncio.to_thread would wait to be awaited): await it."""
        return asyncio.get_running_loop().run_in_executor(None, self.store.current_ticket_for, session)

    async def state(self, ticket: Ticket | None) -> dict[str, Any]:
        return await asyncio.to_thread(handoff_state, self.store, ticket)

    async def state_of(self, session: str) -> dict[str, Any]:
        """The handoff state of the conversation's open ticket, if any, read in one go."""
        return await asyncio.to_thread(lambda: handoff_state(self.store, self.store.open_ticket_for(session)))

    async def from_person(self, ticket: Ticket, message: str, crisis: bool) -> list[dict]:
        """A message typed while the ticket is open goes to the specialist; "go back" ends the handoff."""
        if message == CANCEL_PAYLOAD:
            await self._run("cancel", ticket.id)
            await self.changes.changed(ticket.partner_id)  # the people behind move up the line
            session = ticket.conversation_id
            return await self.resume_if_ended(session, await self.current_ticket(session))
        said = as_said(message)  # a button pressed in the widget reaches the team as its title, not its payload
        if said is None:
            return []
        await self._run("add_message", ticket.id, "person", said)
        if crisis:
            await self._run("make_urgent", ticket.id)  # the team sees it first in the queue
        await self.changes.changed(ticket.partner_id)  # the team's live inbox shows the message at once
        return []

    async def opened(self, session: str) -> dict[str, Any]:
        """After action_handoff or action_request_callback said it opened a ticket: the handoff state, and
        news of the ticket for this gateway's live inbox pages (the action server tells the others through
        Redis, when there is one)."""
        ticket = await self.current_ticket(session)
        if ticket is not None:
            await self.changes.changed(ticket.partner_id)
        return await self.state(ticket)

    async def resume_if_ended(self, session: str, ticket: Ticket | None) -> list[dict]:
        """If the person's current ticket has ended and the assistant is still paused, resume it and return
        what the assistant says. Only one gateway wins mark_resumed, so this runs once per ticket."""
        if ticket is None or ticket.status not in RESUME_WITH or ticket.resumed_at is not None:
            return []
        if not await self._run("mark_resumed", ticket.id):
            return []
        try:
            return await self._resume_in_rasa(session, RESUME_WITH[ticket.status])
        except Exception:
            await self._run("undo_resumed", ticket.id)
            raise

    async def _resume_in_rasa(self, session: str, action: str) -> list[dict]:
        await self.rasa.add_events(session, [{"event": "resume"}])
        said = await self.rasa.execute(session, action)
        # Rasa stops after the executed action; the next message must find the assistant listening.
        await self.rasa.add_events(session, [{"event": "action", "name": "action_listen"}])
        return self.shown(said)

    async def updates(self, session: str, after: int, seen: str) -> dict[str, Any]:
        """Waits until there is something new for the person: a message from the specialist, a new place in
        the line, or the end of the handoff (with what the assistant says next)."""
        deadline = asyncio.get_running_loop().time() + handoff_poll_seconds()
        while True:
            ticket = await self.current_ticket(session)
            if ticket is None:
                return {"messages": [], "after": after, "handoff": {"state": "none"}}
            if ticket.status == "waiting" and utcnow() - ticket.created_at > handoff_claim_timeout():
                ticket = await self._run("mark_unanswered", ticket.id) or ticket
                await self.changes.changed(ticket.partner_id)
            new = await self._run("messages_after", ticket.id, after)
            messages = [{"text": m.text, "from": "team" if m.sender == "specialist" else "bot"} for m in new]
            after = max([after] + [m.id for m in new])
            messages += await self.resume_if_ended(session, ticket)
            state = await self.state(ticket)
            described = ":".join(str(v) for v in state.values())
            left = deadline - asyncio.get_running_loop().time()
            if messages or described != seen or left <= 0:
                return {"messages": messages, "after": after, "handoff": state}
            await self.changes.wait(ticket.partner_id, min(left, RECHECK_SECONDS))


relay_key = web.AppKey("handoff_relay", Relay)
