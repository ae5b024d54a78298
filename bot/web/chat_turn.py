"""One turn of the chat: a person's message in, what the widget shows back. No HTTP here: the gateway's
handler (app.py) checks the request and calls take_turn, and tests call it directly.

The rules, in order:
- Every message is checked for words of crisis, whatever Rasa makes of it, so crisis help never depends on
  the intent classifier alone, and comes first even in the middle of a form.
- A message the assistant did not understand (or said goodbye to) that still shows some risk
  (bot.safety.shows_some_risk) gets the gentle check "Are you safe right now?" in place of the brush-off.
- While a ticket is waiting or live, the message goes to the team (handoff_relay.py), not to Rasa.
- A handoff that ended while the person was away is resumed first, and what the assistant says then
  comes before the answer.
- When Rasa cannot answer, or answers with nothing, the person gets a plain message that says what to do
  next, never silence (degraded).
- Only so many messages are with Rasa at once, taken in turn by address when more are waiting
  (fair_queue.py); a message that waits longer than Rasa is given to answer gets the same plain message.
- Each response shown is counted for the content review (ShownCounts).
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import yaml

from bot.config import ROOT
from bot.feedback.store import FeedbackStore
from bot.handoff.tickets import TICKET_OPENED
from bot.knowledge.partners import Partner
from bot.safety import CHECK, CrisisMatch, brush_offs, detect_crisis, load_crisis_help, shows_some_risk
from bot.web.fair_queue import FairQueue
from bot.web.handoff_relay import CANCEL_PAYLOAD, OPEN_STATUSES, Relay
from bot.web.rasa_client import RasaClient

log = logging.getLogger(__name__)

MESSAGES = yaml.safe_load((ROOT / "data" / "knowledge" / "messages.yml").read_text())
WIDGET = yaml.safe_load((ROOT / "data" / "knowledge" / "widget.yml").read_text())
RECOVERY_BUTTONS = [
    {"title": "Start again", "payload": "/start_again"},
    {"title": "Talk to a person", "payload": "/talk_to_person"},
]
NO_HANDOFF = {"state": "none"}
# What a question may ask for that a browser can fill in from what it has saved: the names of the HTML
# autocomplete tokens the widget's box then takes (WCAG 1.3.5, identify input purpose).
EXPECTS = frozenset({"tel", "email", "postal-code"})


@dataclass(frozen=True)
class Reply:
    """What the widget shows: the messages, whether they stand in for Rasa's (degraded), and the handoff
    state (handoff_relay.handoff_state)."""

    messages: list[dict]
    degraded: bool
    handoff: dict[str, Any]
    expects: str | None = None  # what the last question asks for (EXPECTS), so the box can offer it

    def as_json(self) -> dict[str, Any]:
        shown = {"messages": self.messages, "degraded": self.degraded, "handoff": self.handoff}
        return {**shown, "expects": self.expects} if self.expects else shown


def message(name: str, **slots: str) -> str:
    """The Easy Read words of one of the gateway's own messages (messages.yml)."""
    return MESSAGES[name]["easy"].format(**slots)


def picture_for(text: str) -> str | None:
    """The name of the picture that goes beside a message (widget.yml), if any."""
    lowered = text.lower()
    for picture in WIDGET["pictures"]:
        if any(words.lower() in lowered for words in picture["shown_with"]):
            return picture["name"]
    return None


def _with_picture(shown: dict) -> dict:
    picture = picture_for(shown.get("text") or "")
    return {**shown, "picture": picture} if picture else shown


def _keep_shown_fields(rasa_message: dict) -> dict:
    """Only what the widget shows; the recipient id and anything else stay on the server."""
    shown = {key: rasa_message[key] for key in ("text", "buttons", "image") if key in rasa_message}
    if "buttons" in shown:
        shown["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in shown["buttons"]]
    return shown


def shown_messages(said: list[dict]) -> list[dict]:
    """Rasa's messages fit for the widget: those a person sees, with only what the widget shows."""
    return [_with_picture(_keep_shown_fields(m)) for m in said
            if isinstance(m, dict) and any(m.get(key) for key in ("text", "buttons", "image"))]


def expected_answer(said: list[dict]) -> str | None:
    """What the last question asks for, from the hint Rasa's response carries ({"custom": {"expects": ...}}),
    if it is one a browser can fill in for the person (EXPECTS)."""
    hints = [m["custom"].get("expects") for m in said if isinstance(m, dict) and isinstance(m.get("custom"), dict)]
    return next((hint for hint in reversed(hints) if hint in EXPECTS), None)


def something_went_wrong(partner: Partner) -> list[dict]:
    """What the person reads when the assistant cannot answer: nothing is lost, and who else can help."""
    return [_with_picture({
        "text": message("something_went_wrong", partner_name=partner.name, partner_phone=partner.phone),
        "buttons": RECOVERY_BUTTONS,
    })]


class ShownCounts:
    """How often each response is shown, for the content review. Kept here and written every few seconds
    by the gateway (app.py), so the person never waits for it and a busy gateway writes once, not once a
    message. A gateway killed outright loses those few seconds of counts, never a message."""

    def __init__(self, store: FeedbackStore):
        self.store = store
        self.pending: dict[str, list[str]] = defaultdict(list)  # partner id -> texts shown

    def add(self, partner: Partner, replies: list[dict]) -> None:
        self.pending[partner.id].extend(r["text"] for r in replies if r.get("text"))

    async def write(self) -> None:
        pending, self.pending = self.pending, defaultdict(list)
        for partner_id, texts in pending.items():
            try:
                await asyncio.to_thread(self.store.count_shown, partner_id, texts)
            except Exception as error:  # the database: the kind only
                log.warning("Could not count the responses shown: %s", type(error).__name__)


async def take_turn(session: str, text: str, partner: Partner, *, rasa: RasaClient, relay: Relay,
                    counts: ShownCounts, queue: FairQueue, address: str) -> Reply:
    """The answer to one message, already cleaned (bot/typed_text.py) and not empty, from the client at
    `address` (rate_limit.client_address), which takes its turn for Rasa in `queue`."""
    ticket_read = relay.current_ticket(session)  # in a thread, while the crisis check runs here
    match = detect_crisis(text)
    is_crisis = match is not None and match.category != CHECK
    try:
        ticket = await ticket_read
        if ticket is not None and ticket.status in OPEN_STATUSES:  # handed over: the message goes to the team
            replies = await relay.from_person(ticket, text, is_crisis)
            return _reply(replies, match if is_crisis else None, False, await relay.state_of(session))
        earlier = await relay.resume_if_ended(session, ticket)  # a handoff that ended while the person was away
        if text == CANCEL_PAYLOAD:  # "go back" pressed after the handoff had already ended
            text = "/start_again"
    except Exception as error:  # the database or Rasa's API: the kind only, never the message
        log.warning("Handoff relay failed: %s", type(error).__name__)
        return _reply(something_went_wrong(partner), match, True, NO_HANDOFF)
    metadata = {"partner": partner.id}
    # Words of crisis never wait in line behind a crowd: their help and the team's urgent ticket go at once.
    async with (nullcontext(True) if is_crisis else queue.place(address)) as placed:
        # Not placed: it waited as long as Rasa is given to answer, so it is treated as Rasa being slow.
        said = await rasa.say(session, text, metadata) if placed else []
        if is_crisis and said and not _says_crisis_help(said):
            # The classifier heard something else: run the crisis path too, so the team is told at once.
            said = await rasa.say(session, "/crisis", metadata)
        replies = shown_messages(said)
        degraded = not replies
        if match is None and not degraded and brush_offs([r.get("text") for r in replies]) \
                and shows_some_risk(text):
            match = CrisisMatch(CHECK, "")  # not understood, and it may be a crisis: ask, never brush it off
        if degraded:
            replies = something_went_wrong(partner)
        elif match is not None and match.category == CHECK and not _says_crisis_help(replies):
            await _tell_rasa_the_check_was_asked(rasa, session)
    # No ticket was open when the message came, so one is open now only if action_handoff says it opened it.
    opened = any(m.get("custom") == TICKET_OPENED for m in said)
    if opened:
        state = await relay.opened(session)
    else:
        state = await relay.state_of(session) if degraded else NO_HANDOFF
    counts.add(partner, earlier + replies)
    reply = _reply(earlier + replies, match, degraded, state)
    # The box offers what the question asks for, unless crisis help came first: then it asks nothing.
    return reply if match is not None else dataclasses.replace(reply, expects=expected_answer(said))


async def _tell_rasa_the_check_was_asked(rasa: RasaClient, session: str) -> None:
    """Puts the gateway's "Are you safe right now?" in Rasa's conversation, with its buttons, so that a
    typed "no" is read as "No, I am not safe" (rasa_addons/typed_buttons.py) rather than as words alone."""
    check = load_crisis_help().for_category(CHECK).reply()
    try:
        await rasa.add_events(session, [{"event": "bot", "text": check["text"], "data": {"buttons": check["buttons"]}}])
    except Exception as error:  # Rasa's API: the check is shown all the same; the kind only in the log
        log.warning("Could not note the check in the conversation: %s", type(error).__name__)


def _says_crisis_help(replies: list[dict]) -> bool:
    return any(load_crisis_help().is_help(r.get("text")) for r in replies)


def _reply(replies: list[dict], match: CrisisMatch | None, degraded: bool, handoff: dict) -> Reply:
    crisis = load_crisis_help()
    if match is not None and match.category == CHECK and _says_crisis_help(replies):
        match = None  # Rasa heard a crisis where the check was unsure: its help stands, and comes first
    if match is not None:
        # The help first. Rasa may have given help too (action_crisis_help): show it once. Words of risk
        # never get "I did not understand", "I cannot help with that" or goodbye.
        kept = [r for r in replies if not crisis.is_help(r.get("text")) and not brush_offs([r.get("text")])]
        replies = [crisis.for_category(match.category).reply()] + kept
    return Reply(replies, degraded, handoff)
