"""Plain words for the specialists (the inbox and call-back emails) for the fixed codes of a handover.

specialists.yml says these things to the person ("I will tell them you need..."); a specialist reads a
short label instead. A test checks every code has one.
"""
from __future__ import annotations

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


def needs_in_words(needs: tuple[str, ...] | list[str], language: str | None = None) -> list[str]:
    """Access needs as labels; the language goes with the interpreter."""
    words = []
    for need in needs:
        label = NEED_LABELS.get(need, need)
        if need == "interpreter" and language:
            label = f"{label}: {language}"
        words.append(label)
    return words
