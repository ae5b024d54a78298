"""A typed answer that picks one of the buttons just shown is read as that button's payload.

Rasa reads "Phone call" typed by a person as words, and the words can land on another intent, so a form
may take them for a wish to leave. Here, before the words are read, the buttons of the assistant's last
turn are looked at: when bot.understanding.choice says the text picks one of them for sure (its title, a
slip of it, "2", "yes" to a yes-or-no), the payload is read in its place. The person's own words stay as
the message's text in the conversation; only what Rasa understood from them changes. A payload that is
plain words (a council's name) becomes the text, as pressing it would send.
"""
from __future__ import annotations

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.understanding.choice import chosen_button

_rasa_parse = MessageProcessor.parse_message


def buttons_just_shown(tracker: DialogueStateTracker) -> list[dict]:
    """The buttons of the assistant's messages since the person last wrote, in the order shown."""
    shown: list[dict] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            shown = list(event.data.get("buttons") or []) + shown
    return [b for b in shown if isinstance(b, dict) and b.get("title") and b.get("payload")]


async def parse_message(self: MessageProcessor, message: UserMessage, tracker: DialogueStateTracker | None = None,
                        only_output_properties: bool = True) -> dict:
    text = message.text or ""
    buttons = buttons_just_shown(tracker) if tracker is not None and not text.startswith("/") else []
    index = chosen_button(text, [b["title"] for b in buttons]) if buttons else None
    if index is None:
        return await _rasa_parse(self, message, tracker, only_output_properties)
    pressed = UserMessage(buttons[index]["payload"], message.output_channel, message.sender_id,
                          input_channel=message.input_channel, message_id=message.message_id,
                          metadata=message.metadata)
    parse_data = await _rasa_parse(self, pressed, tracker, only_output_properties)
    if pressed.text.startswith("/"):
        parse_data["text"] = text  # a plain payload (a council's name) is words: they stay, as when pressed
    return parse_data


MessageProcessor.parse_message = parse_message
