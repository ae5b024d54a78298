"""Handing a conversation to a person at the partner DDPO: who fits, what they are told, and when.

    from bot.handoff import choose_specialist, summarise, transcript, is_open, callback_slots

- routing: `choose_specialist(reason, needs)` picks a benefits adviser, employment specialist, peer
  supporter, or (crisis) the team on duty, and notes access needs; `summarise` and `transcript` turn
  tracker-like events into what the specialist reads; `load_handoff_words` gives the Easy Read words.
- office_hours: `is_open`, `next_opening` and `callback_slots` for a partner's hours in UK time.
- tickets (import it from bot.handoff.tickets: it needs the database): `TicketStore` keeps handed-over
  chats and call-back requests; the inbox is bot/web/inbox.py (docs/handoff.md). The specialists'
  accounts are shared, in bot/accounts.

Nothing here imports Rasa.
"""
from bot.handoff.office_hours import callback_slots, describe_slot, is_open, next_opening, parse_hours, slot_said
from bot.handoff.routing import (
    ACCESS_NEEDS,
    REASONS,
    SPECIALISTS,
    TOPICS,
    HandoffWords,
    as_said,
    Route,
    choose_specialist,
    load_handoff_words,
    needs_in,
    struggling_at_work,
    summarise,
    transcript,
    voice_call_unsuitable,
)

__all__ = [
    "ACCESS_NEEDS",
    "REASONS",
    "SPECIALISTS",
    "TOPICS",
    "HandoffWords",
    "Route",
    "as_said",
    "callback_slots",
    "choose_specialist",
    "describe_slot",
    "slot_said",
    "is_open",
    "load_handoff_words",
    "needs_in",
    "voice_call_unsuitable",
    "next_opening",
    "parse_hours",
    "struggling_at_work",
    "summarise",
    "transcript",
]
