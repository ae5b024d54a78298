"""Plain words for the specialists (the inbox and call-back emails) for the fixed codes of a handover.

specialists.yml says these things to the person ("I will tell them you need..."); a specialist reads a
short label instead. A test checks every code has one.
"""
from __future__ import annotations

from typing import Any, Mapping

SPECIALIST_LABELS = {
    "benefits_adviser": "Benefits adviser",
    "employment_specialist": "Employment specialist",
    "peer_supporter": "Peer supporter",
    "team_on_duty": "Team on duty",
}
REASON_LABELS = {
    "asked": "Asked to talk to a person",
    "misunderstood_twice": "The assistant did not understand them twice",
    "own_benefits_money": "A question about their own benefits money",
    "in_work_struggling": "In work and struggling",
    "needs_bsl_phone_or_face_to_face": "Needs BSL, a phone call or to meet in person",
    "crisis": "Crisis words: crisis help was shown first",
    "outside_local_area": "Lives outside the local programme's area",
}
NEED_LABELS = {
    "bsl": "BSL interpreter",
    "no_voice_call": "Write to them: a voice phone call does not work for them",
    "interpreter": "Interpreter for their language",
    "phone": "Prefers to talk on the phone",
    "video": "Prefers a video call",
    "face_to_face": "Prefers to meet face to face",
    "easy_read": "Easy Read letters and forms",
    "large_print": "Large print letters and forms",
    "someone_with_me": "Wants someone they trust with them",
    "step_free": "Step-free access",
}
STATUS_LABELS = {
    "waiting": "Waiting for a specialist",
    "live": "Live chat",
    "closed": "Closed",
    "cancelled": "Cancelled: the person went back to the assistant",
    "unanswered": "Not answered in time",
    "callback_requested": "Call-back requested",
}
SENDER_LABELS = {"person": "Person", "specialist": "Specialist", "assistant": "Assistant"}
# How the person is to be reached: the ticket's contact "way", or a call-back's phone number.
WAY_LABELS = {"chat": "In this chat: they are waiting here for a reply.",
              "phone": "A phone call at the time they chose."}
CONTACT_LABELS = {"phone": "Phone number", "email": "Email"}


def needs_in_words(needs: tuple[str, ...] | list[str], language: str | None = None) -> list[str]:
    """Access needs as labels; the language goes with the interpreter."""
    words = []
    for need in needs:
        label = NEED_LABELS.get(need, need)
        if need == "interpreter" and language:
            label = f"{label}: {language}"
        words.append(label)
    return words


def contact_in_words(contact: Mapping[str, Any], needs: tuple[str, ...] | list[str] = ()) -> list[tuple[str, str]]:
    """How the person wants to be contacted, as (label, words) pairs: the way first (a call-back's is a phone
    call), then their details. Someone for whom a voice call does not work is never to be phoned, and the
    team reads that with the way."""
    way = contact.get("way") or ("phone" if contact.get("phone") else None)
    how = [WAY_LABELS.get(str(way), str(way))] if way else []
    if "no_voice_call" in needs:
        how.append("Do not phone them: write to them.")
    pairs = [("How they want to be contacted", " ".join(how))] if how else []
    return pairs + [(CONTACT_LABELS.get(str(key), str(key).replace("_", " ").capitalize()), str(value))
                    for key, value in contact.items() if value and key != "way"]
