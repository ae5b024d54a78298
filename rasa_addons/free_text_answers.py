"""Words typed at a question that asks for the person's own words are the answer, whatever they sound like.

"Tell the service about your health in your own words" may get "my knees ache on frosty mornings", which
the intent classifier can take for something it cannot help with, or "I get anxious, can you help with
that?", which sounds like a question. Either way it is the answer, so here the message is read as an
answer (inform) and the form takes it. Only the wishes to leave the question still count as themselves.
"""
from __future__ import annotations

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY

OWN_WORDS_SLOTS = {"referral_health"}  # the questions answered in the person's own words
STILL_THEMSELVES = {"crisis", "i_am_safe", "start_again", "talk_to_person", "ask_word_meaning"}  # rules in data/rules/
ANSWER = "inform"

_parse = MessageProcessor.parse_message


async def parse_message(self: MessageProcessor, message: UserMessage, tracker: DialogueStateTracker | None = None,
                        only_output_properties: bool = True) -> dict:
    parse_data = await _parse(self, message, tracker, only_output_properties)
    asked = tracker.get_slot("requested_slot") if tracker is not None and tracker.active_loop_name else None
    intent = (parse_data.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if asked in OWN_WORDS_SLOTS and not (message.text or "").startswith("/") and intent not in STILL_THEMSELVES:
        parse_data[INTENT] = {**parse_data[INTENT], INTENT_NAME_KEY: ANSWER}
    return parse_data


MessageProcessor.parse_message = parse_message
