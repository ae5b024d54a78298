"""A person's data rights and retention across every store that holds their words: the referral (app
database), the chat it came from (Rasa's tracker store) and the handover tickets from that chat.
`python -m bot.referrals.cli export|erase|retention` uses it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.conversations import ConversationStore
from bot.handoff.tickets import TicketStore
from bot.referrals.store import ReferralStore


@dataclass(frozen=True)
class Retained:
    """What one retention run erased."""
    referrals: list[str]
    tickets: list[str]
    chats: int


@dataclass
class PersonalData:
    referrals: ReferralStore
    tickets: TicketStore
    conversations: ConversationStore

    def export(self, reference: str) -> dict[str, Any] | None:
        """Everything held for one referral: its answers, the chat it came from and that chat's tickets."""
        conversation = self.referrals.conversation_of(reference)
        data = self.referrals.export(reference)
        if data is not None:
            data["chat"] = self.conversations.export(conversation) if conversation else []
            data["handovers"] = self.tickets.export_conversation(conversation) if conversation else []
        return data

    def erase(self, reference: str) -> bool:
        """Erases a referral's answers, the chat it came from and that chat's tickets. False if there is
        no such referral."""
        conversation = self.referrals.conversation_of(reference)
        if not self.referrals.erase(reference):
            return False
        if conversation:
            self.tickets.erase_conversation(conversation)
            self.conversations.erase(conversation)
        return True

    def apply_retention(self, days: int, *, now: dt.datetime | None = None) -> Retained:
        """Referrals that reached their provider, finished tickets and idle chats, all older than `days`."""
        return Retained(self.referrals.apply_retention(days, now=now), self.tickets.apply_retention(days, now=now),
                        self.conversations.erase_idle(days, now=now))
