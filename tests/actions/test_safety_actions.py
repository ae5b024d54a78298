"""action_crisis_help gives the help for the kind of crisis the person's own words show."""
from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import ActionCrisisHelp, last_typed_text
from bot.safety import load_crisis_help


def tracker(*said: tuple[str, str]) -> Tracker:
    """A chat of (who, text) turns, the person's last turn as the latest message."""
    events = [{"event": who, "text": text} for who, text in said]
    last = next(text for who, text in reversed(said) if who == "user")
    return Tracker(sender_id="person-1", slots={"detail_level": "easy"},
                   latest_message={"text": last, "intent": {"name": "crisis", "confidence": 1.0}, "entities": []},
                   events=events, paused=False, followup_action=None, active_loop={},
                   latest_action_name="action_listen")


def test_the_last_typed_words_skip_pressed_buttons_and_what_the_assistant_said():
    chat = tracker(("user", "I took 30 paracetamol"), ("bot", "Are you safe right now?"), ("user", "/crisis"))
    assert last_typed_text(chat) == "I took 30 paracetamol"


@pytest.mark.parametrize("said, help", [
    ("I took 30 paracetamol", "emergency"),
    ("hes outside with a knife", "danger_from_others"),
    ("I have made my choice", "suicide"),  # unclear words, but the person asked for help: the general help
    ("/crisis", "suicide"),
])
async def test_the_help_fits_the_words(said, help):
    dispatcher = CollectingDispatcher()
    await ActionCrisisHelp().run(dispatcher, tracker(("user", said)), {})
    assert dispatcher.messages[0]["answer"] == load_crisis_help().for_category(help).message.easy
