"""Crisis help, when the classifier hears words of crisis. The gateway's own check (bot/safety) catches
what the classifier misses; the two say the same words, and the gateway shows them once."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core import say_answer
from bot.safety import load_crisis_help


class ActionCrisisHelp(Action):
    def name(self) -> str:
        return "action_crisis_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        message = load_crisis_help().message
        return say_answer(dispatcher, tracker, message.easy, message.more)
