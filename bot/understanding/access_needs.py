"""The ways to talk a person asks for, or rules out, in their own words, read from any message of the chat:
"I need BSL", "can someone ring me", "meet in person", "I am Deaf", "I can't use the phone".

    needs_in("I am Deaf and want to chat with a real person")   # ["no_voice_call"]
    needs_in("I use BSL")                                        # ["bsl"]

The one reader of these for the whole assistant: the handover puts what it finds on the ticket, and
decides from it whether the team may offer a phone call.
"""
from __future__ import annotations

import re
from typing import Iterable

__all__ = ["WAYS_TO_TALK", "needs_in", "voice_call_unsuitable"]

# In the order a specialist reads them (bot.handoff.routing.ACCESS_NEEDS keeps the same order).
WAYS_TO_TALK = ("bsl", "no_voice_call", "phone", "face_to_face")

_SAID = {
    "bsl": re.compile(r"\bbsl\b|\bsign(ing)?\b(?!\s+(up|in|on|off)\b)|sign language", re.I),
    # Deaf, hard of hearing, no speech or no phone: a voice call does not work, so the team writes.
    "no_voice_call": re.compile(
        r"\bdeaf\b|hard of hearing|hearing (loss|impair)|\bcan'?t hear\b|\bcannot hear\b"
        r"|\b(can'?t|cannot|can not|unable to|don'?t|do not) (use|talk on|speak on|do|manage) (the |a )?(tele)?phone"
        r"|\bno phone\b|\b(don'?t|do not) have a phone\b|\btext only\b|\bnon.?verbal\b|\b(can'?t|cannot) (speak|talk)\b"
        r"|speech (impairment|difficult)", re.I),
    "phone": re.compile(r"\b(tele)?(phone|fone)\b|\bring\b|\bcall\b", re.I),
    "face_to_face": re.compile(r"face.?(to|2).?face|in person|\bmeet\b|\bsee (someone|somebody)\b|\bcome in\b", re.I),
}
# Signing rules a voice call out as surely as saying so.
_NO_VOICE_CALL = {"bsl", "no_voice_call"}


def needs_in(text: str) -> list[str]:
    """The ways to talk the text asks for or rules out, in WAYS_TO_TALK order. A phone call ruled out is
    never also read as wanted: "I can't use the phone" is "no_voice_call", not "phone"."""
    found = [need for need in WAYS_TO_TALK if _SAID[need].search(text or "")]
    return [need for need in found if not (need == "phone" and "no_voice_call" in found)]


def voice_call_unsuitable(texts: Iterable[str]) -> bool:
    """Whether anything the person wrote rules out a voice call (Deaf, signing, no phone): the team must
    write instead."""
    return any(_NO_VOICE_CALL & set(needs_in(text)) for text in texts)
