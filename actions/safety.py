"""Crisis help, when the classifier hears words of crisis or the person presses "No, I am not safe". The
gateway's own check (bot/safety) catches what the classifier misses; both give the help that fits what the
person typed, and the gateway shows it once."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core import say_answer, typed_texts
from bot.safety import CHECK, SUICIDE, detect_crisis, load_crisis_help


def last_typed_text(tracker: Tracker) -> str:
    """The person's latest words, skipping button payloads ("/crisis") they pressed since."""
    typed = typed_texts(tracker)
    return typed[-1] if typed else ""


class ActionCrisisHelp(Action):
    def name(self) -> str:
        return "action_crisis_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        match = detect_crisis(last_typed_text(tracker))
        # The classifier (or the person) says crisis: never just a check, and the general help when the
        # words do not say which kind.
        category = match.category if match and match.category != CHECK else SUICIDE
        crisis_help = load_crisis_help().for_category(category)
        return say_answer(dispatcher, tracker, crisis_help.message.easy, crisis_help.message.more)
