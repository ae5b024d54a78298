"""Which kind of person a conversation is handed to, and what they are told about it.

    route = choose_specialist("own_benefits_money", ["bsl"])
    route.specialist        # "benefits_adviser"
    route.access_needs      # ("bsl",)
    words = load_handoff_words()
    words.specialist(route.specialist).easy      # Easy Read: who they will talk to

    summarise(tracker_events)   # a few plain lines for the specialist's ticket
    transcript(tracker_events)  # [{"from": "person", "text": "...", "at": "2026-11-23T10:02:05+00:00"}, ...]

Events are plain dicts shaped like Rasa tracker events ({"event": "user"|"bot", "text", "timestamp"}),
so nothing here imports Rasa. Summaries and transcripts hold the person's own words (a pressed button as its title, marked as
pressed, never its payload): they go into the
handover to the specialist (with consent), never into a log.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from bot.handoff.office_hours import LONDON
from bot.config import ROOT
from bot.knowledge import Text, knowledge_path, read_yaml
from bot.understanding.access_needs import needs_in, voice_call_unsuitable

__all__ = [
    "ACCESS_NEEDS",
    "REASONS",
    "SPECIALISTS",
    "TOPICS",
    "as_said",
    "HandoffWords",
    "Route",
    "choose_specialist",
    "load_handoff_words",
    "needs_in",
    "struggling_at_work",
    "summarise",
    "transcript",
    "voice_call_unsuitable",
]

REASONS = (
    "asked",  # the person asked for a person
    "misunderstood_twice",  # the assistant did not understand twice in a row
    "own_benefits_money",  # a question about the person's own benefits money
    "in_work_struggling",  # in work and struggling: adjustments, conflict
    "needs_bsl_phone_or_face_to_face",  # needs BSL, a phone call or to meet in person
    "crisis",  # words of crisis: crisis help is said first, then this
    "outside_local_area",  # lives where the local programme does not reach
)
SPECIALISTS = ("benefits_adviser", "employment_specialist", "peer_supporter", "team_on_duty")

# What the person wants to talk about, when the reason alone does not say (e.g. they just asked for a person).
TOPICS = {
    "benefits": "benefits_adviser",
    "work": "employment_specialist",
    "lived_experience": "peer_supporter",
    "unsure": "peer_supporter",
}
# The reasons that decide the specialist whatever the topic.
_BY_REASON = {
    "own_benefits_money": "benefits_adviser",
    "in_work_struggling": "employment_specialist",
    "crisis": "team_on_duty",
}

# Access and communication needs (FACTS.md §4 and §5), in the order a specialist reads them. The tags
# match bot.referrals.validation (ACCESS_NEEDS there; phone and video are CONTACT_METHODS there), but for
# no_voice_call: said in the chat ("I am Deaf"), it means the team writes, never phones.
# The person's own words are read by bot.understanding.access_needs.
ACCESS_NEEDS = ("bsl", "no_voice_call", "interpreter", "phone", "video", "face_to_face", "easy_read",
                "large_print", "someone_with_me", "step_free")
_NEED_NAMES = {
    "british_sign_language": "bsl", "sign_language": "bsl", "language": "interpreter",
    "translator": "interpreter", "telephone": "phone", "call": "phone", "phone_call": "phone",
    "video_call": "video", "in_person": "face_to_face", "face2face": "face_to_face", "meet": "face_to_face",
    "large_text": "large_print", "supporter": "someone_with_me", "someone_with_you": "someone_with_me",
    "step_free_access": "step_free", "wheelchair_access": "step_free",
}


# Help asked for by someone in work (or about to lose their job) that means things are hard at work now.
_STRUGGLING_AT_WORK = {"adjustments_at_work", "staying_in_work", "mental_health"}


def struggling_at_work(work_status: str | None, help_wanted: str | None) -> bool:
    """In work and struggling: an employment specialist should be offered."""
    return work_status in ("in_work", "at_risk") and help_wanted in _STRUGGLING_AT_WORK


@dataclass(frozen=True)
class Route:
    """Who a conversation goes to, why, and what they need to know before they make contact."""

    specialist: str  # one of SPECIALISTS
    reason: str  # one of REASONS
    urgent: bool = False  # crisis: the team is told at once, ahead of everything else
    access_needs: tuple[str, ...] = ()  # in ACCESS_NEEDS order
    language: str | None = None  # the language for an interpreter, as the person gave it


def _key(text: str) -> str:
    return "_".join(str(text).strip().lower().replace("-", " ").split())


def _need(name: str) -> str:
    key = _NEED_NAMES.get(_key(name), _key(name))
    if key not in ACCESS_NEEDS:
        raise ValueError(f"unknown access need {name!r}; known: {', '.join(ACCESS_NEEDS)}")
    return key


def choose_specialist(reason: str, needs: Iterable[str] = (), *, topic: str | None = None,
                      language: str | None = None) -> Route:
    """The kind of specialist who fits, with the person's access needs noted on the route.

    reason:   one of REASONS.
    needs:    access needs such as "bsl", "interpreter", "phone", "face to face" (see ACCESS_NEEDS).
    topic:    one of TOPICS, when the reason alone does not decide (the person asked, or was not
              understood): "benefits", "work", "lived_experience" or "unsure". Unsure or not known
              goes to a peer supporter at the DDPO, who can talk it through and pass them on.
    language: the language for an interpreter ("Polish"); giving it adds the interpreter need.

    Raises ValueError for a reason, need or topic outside the fixed sets, so a wiring mistake shows up
    in tests rather than sending someone to the wrong person.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown handoff reason {reason!r}; known: {', '.join(REASONS)}")
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; known: {', '.join(TOPICS)}")
    if isinstance(needs, str):
        needs = [needs]  # one need given on its own, not a list of letters
    wanted = {_need(n) for n in needs or ()}
    language = language.strip() if language and language.strip() else None
    if language and _NEED_NAMES.get(_key(language), _key(language)) == "bsl":
        wanted.add("bsl")  # BSL is its own need, not a spoken language to interpret
        language = None
    elif language:
        wanted.add("interpreter")
    specialist = _BY_REASON.get(reason) or TOPICS.get(topic or "unsure")
    return Route(
        specialist=specialist,
        reason=reason,
        urgent=reason == "crisis",
        access_needs=tuple(n for n in ACCESS_NEEDS if n in wanted),
        language=language,
    )


# ---------------------------------------------------------------- conversation for the specialist


def _when(timestamp: Any) -> dt.datetime | None:
    """A Rasa timestamp (seconds since 1970, UTC) or a datetime, as UK time."""
    if isinstance(timestamp, dt.datetime):
        return timestamp.astimezone(LONDON) if timestamp.tzinfo else timestamp.replace(tzinfo=LONDON)
    if isinstance(timestamp, (int, float)) and not isinstance(timestamp, bool):
        try:
            return dt.datetime.fromtimestamp(timestamp, tz=LONDON)
        except (OverflowError, OSError, ValueError):  # not a time at all (NaN, or far outside the calendar)
            return None
    return None


# The widget's own buttons, which are not in any message from the assistant: payload -> key in widget.yml.
_WIDGET_BUTTONS = {"/start_again": "start_again", "/talk_to_person": "talk_to_person", "/cancel_handoff": "go_back"}
# What a button sends: "/intent" with entities as JSON after it.
_PAYLOAD = re.compile(r"/\w+(\{.*\})?", re.DOTALL)
# Sent by the widget when the chat opens, not by the person: not part of what they said.
_OPENING = "/greet"


@lru_cache(maxsize=1)
def _widget_titles() -> dict[str, str]:
    words = read_yaml(knowledge_path("widget.yml"))["words"]
    return {payload: str(words[key]["easy"]) for payload, key in _WIDGET_BUTTONS.items()}


@lru_cache(maxsize=1)
def _domain_titles() -> dict[str, str]:
    """payload -> title of every button in the assistant's responses (domain/*.yml) that has one title only:
    "/inform{"yes_no":"yes"}" is "Yes" in one question and "Yes, I agree. Send it" in another, so it has none."""
    titles: dict[str, set[str]] = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for variants in ((read_yaml(path) or {}).get("responses") or {}).values():
            for variant in variants or ():
                buttons = variant.get("buttons") if isinstance(variant, Mapping) else None
                for button in buttons or ():
                    # Responses write a payload's braces twice, as Rasa fills {slots} in them.
                    payload = str(button.get("payload", "")).replace("{{", "{").replace("}}", "}")
                    titles.setdefault(payload, set()).add(str(button.get("title", "")))
    return {payload: title for payload, (title, *others) in titles.items() if title and not others}


def _buttons(event: Mapping[str, Any]) -> dict[str, str]:
    data = event.get("data")
    buttons = data.get("buttons") if isinstance(data, Mapping) else None
    return {b["payload"]: str(b["title"]) for b in buttons or ()
            if isinstance(b, Mapping) and isinstance(b.get("payload"), str) and b.get("title")}


def _pressed(title: str | None) -> str:
    return f'Pressed the button "{title}"' if title else "Pressed a button"


def as_said(text: str, offered: Mapping[str, str] | None = None) -> str | None:
    """What the person did, for the team to read: their own words as typed, a pressed button as its title
    marked as pressed, or None for the /greet the widget sends itself. The title is the one the assistant
    showed with it ("offered" maps payload to title), else the widget's own, else the only one the responses
    give it; a button with none of these is "Pressed a button", never its payload."""
    if not _PAYLOAD.fullmatch(text):
        return text
    if text == _OPENING:
        return None
    return _pressed((offered or {}).get(text) or _widget_titles().get(text) or _domain_titles().get(text))


def _messages(events: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, dt.datetime | None, bool]]:
    """(who, text, when, pressed) for each message with words. A pressed button is its title, marked as
    pressed: the text the widget sends for it ("/greet", '/inform{...}') is never shown as the person's words.
    """
    said = []
    offered: dict[str, str] = {}  # every button the assistant showed so far; the newest title wins
    for event in events or ():
        kind = event.get("event") if isinstance(event, Mapping) else None
        if kind == "bot":
            offered.update(_buttons(event))
        text = event.get("text") if kind in ("user", "bot") else None
        if not isinstance(text, str) or not text.strip():  # buttons-only or custom bot events have no text
            continue
        text, pressed = text.strip(), False
        if kind == "user" and _PAYLOAD.fullmatch(text):
            text, pressed = as_said(text, offered), True
            if text is None:
                continue
        said.append(("person" if kind == "user" else "assistant", text, _when(event.get("timestamp")), pressed))
    return said


def transcript(events: Iterable[Mapping[str, Any]]) -> list[dict[str, str | None]]:
    """What the person and the assistant said, in order: [{"from", "text", "at"}].

    "from" is "person" or "assistant"; "at" is an ISO 8601 time in UK time with its offset, or None.
    Other events (slots, actions) are left out.
    """
    return [{"from": who, "text": text, "at": when.isoformat(timespec="seconds") if when else None}
            for who, text, when, _ in _messages(events)]


def _quote(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[:limit - 1].rstrip() + "…"}"'


def _day(when: dt.datetime) -> str:
    return f"{when.day} {when:%B %Y}"


def summarise(events: Iterable[Mapping[str, Any]]) -> str:
    """A short plain summary for the specialist: when, how much was said, and the person's first and
    last messages, so they can start without asking the person to repeat their story."""
    said = _messages(events)
    from_person = [text if pressed else _quote(text) for who, text, _, pressed in said if who == "person"]
    times = [when for _, _, when, _ in said if when]
    lines = []
    if times:
        start, end = min(times), max(times)
        span = (f"on {_day(start)}, {start:%H:%M} to {end:%H:%M}" if start.date() == end.date()
                else f"from {_day(start)} {start:%H:%M} to {_day(end)} {end:%H:%M}")
        lines.append(f"Chat {span} (UK time).")
    lines.append(f"The person sent {len(from_person)} message{'s' * (len(from_person) != 1)}; "
                 f"the assistant sent {len(said) - len(from_person)}.")
    if from_person:
        lines.append(f"First message: {from_person[0]}")
        if len(from_person) > 1:
            lines.append(f"Last message: {from_person[-1]}")
    else:
        lines.append("The person has not written anything yet.")
    return "\n".join(lines)


# ---------------------------------------------------------------- words the person reads

DEFAULT_PATH = knowledge_path("specialists.yml")


@dataclass(frozen=True)
class HandoffWords:
    specialists: Mapping[str, Text]
    access_needs: Mapping[str, Text]
    waiting: Text  # has a {position} placeholder: where the person is in the line
    nobody_free: Text  # nobody is free right now: we can call you back
    no_thanks: Text  # the choice not to book a call back
    callback_booked: Text  # has a {slot} placeholder for the time chosen
    written_only: Text  # nobody is free and a phone call does not suit: the team's email and hours
    no_callback_times: Text  # no open hours known: how else to reach the team

    def specialist(self, kind: str) -> Text:
        return self.specialists[kind]

    def access_need(self, need: str) -> Text:
        return self.access_needs[need]


def _texts(node: Any, names: Iterable[str], where: str) -> dict[str, Text]:
    if not isinstance(node, Mapping):
        raise ValueError(f"{where}: expected a mapping")
    return {name: Text.from_yaml(node.get(name), f"{where}.{name}") for name in names}


def _parse(data: Any, path: Path) -> HandoffWords:
    if not isinstance(data, Mapping):
        raise ValueError(f"{path.name}: expected a mapping")
    name = path.name
    return HandoffWords(
        specialists=_texts(data.get("specialists"), SPECIALISTS, f"{name}: specialists"),
        access_needs=_texts(data.get("access_needs"), ACCESS_NEEDS, f"{name}: access_needs"),
        waiting=Text.from_yaml(data.get("waiting"), f"{name}: waiting"),
        nobody_free=Text.from_yaml(data.get("nobody_free"), f"{name}: nobody_free"),
        no_thanks=Text.from_yaml(data.get("no_thanks"), f"{name}: no_thanks"),
        callback_booked=Text.from_yaml(data.get("callback_booked"), f"{name}: callback_booked"),
        no_callback_times=Text.from_yaml(data.get("no_callback_times"), f"{name}: no_callback_times"),
        written_only=Text.from_yaml(data.get("written_only"), f"{name}: written_only"),
    )


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> HandoffWords:
    return _parse(read_yaml(path), Path(path))


def load_handoff_words(path: str | Path | None = None) -> HandoffWords:
    """specialists.yml (cached until the file changes). Raises ValueError if any words are missing."""
    resolved = Path(path or DEFAULT_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
