"""The summary and transcript a specialist gets, built from tracker-like events (plain dicts)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from bot.handoff import as_said, summarise, transcript

DOMAIN = Path(__file__).resolve().parents[2] / "domain"

UTC = dt.timezone.utc


def _at(*args) -> float:
    """A Rasa timestamp: seconds since 1970."""
    return dt.datetime(*args, tzinfo=UTC).timestamp()


EVENTS = [
    {"event": "action", "name": "action_session_start", "timestamp": _at(2026, 11, 23, 10, 1, 0)},
    {"event": "user", "text": "hi", "timestamp": _at(2026, 11, 23, 10, 2, 5),
     "parse_data": {"intent": {"name": "greet"}}},
    {"event": "bot", "text": "Hello. I can tell you about support to find work.", "timestamp": _at(2026, 11, 23, 10, 2, 6)},
    {"event": "slot", "name": "detail_level", "value": "easy", "timestamp": _at(2026, 11, 23, 10, 2, 6)},
    {"event": "user", "text": "  Will working stop my ESA?  ", "timestamp": _at(2026, 11, 23, 10, 5, 0)},
    {"event": "bot", "text": None, "data": {"custom": {"handoff": True}}, "timestamp": _at(2026, 11, 23, 10, 5, 1)},
    {"event": "bot", "text": "A benefits adviser can look at your own money.", "timestamp": _at(2026, 11, 23, 10, 5, 2)},
    {"event": "user", "text": "yes please, a person", "timestamp": _at(2026, 11, 23, 10, 9, 30)},
]


def test_the_transcript_has_who_said_what_and_when_in_order():
    assert transcript(EVENTS) == [
        {"from": "person", "text": "hi", "at": "2026-11-23T10:02:05+00:00"},
        {"from": "assistant", "text": "Hello. I can tell you about support to find work.", "at": "2026-11-23T10:02:06+00:00"},
        {"from": "person", "text": "Will working stop my ESA?", "at": "2026-11-23T10:05:00+00:00"},
        {"from": "assistant", "text": "A benefits adviser can look at your own money.", "at": "2026-11-23T10:05:02+00:00"},
        {"from": "person", "text": "yes please, a person", "at": "2026-11-23T10:09:30+00:00"},
    ]


def test_transcript_times_are_uk_time_in_summer_too():
    events = [{"event": "user", "text": "hello", "timestamp": _at(2026, 6, 1, 9, 0, 0)}]
    assert transcript(events)[0]["at"] == "2026-06-01T10:00:00+01:00"


def test_a_missing_timestamp_is_none_not_an_error():
    assert transcript([{"event": "user", "text": "hello"}]) == [{"from": "person", "text": "hello", "at": None}]


def test_the_summary_says_when_how_much_and_the_first_and_last_messages():
    summary = summarise(EVENTS)
    assert summary.splitlines() == [
        "Chat on 23 November 2026, 10:02 to 10:09 (UK time).",
        "The person sent 3 messages; the assistant sent 2.",
        'First message: "hi"',
        'Last message: "yes please, a person"',
    ]


def test_a_long_message_is_shortened_in_the_summary():
    summary = summarise([{"event": "user", "text": "word " * 100, "timestamp": _at(2026, 11, 23, 10, 0)}])
    first = summary.splitlines()[-1]
    assert first.startswith('First message: "word word') and first.endswith('…"')
    assert len(first) < 230


def test_a_chat_over_two_days_gives_both_dates():
    events = [{"event": "user", "text": "a", "timestamp": _at(2026, 11, 23, 23, 50)},
              {"event": "user", "text": "b", "timestamp": _at(2026, 11, 24, 0, 10)}]
    assert summarise(events).splitlines()[0] == "Chat from 23 November 2026 23:50 to 24 November 2026 00:10 (UK time)."


def test_no_messages_says_so_plainly():
    assert summarise([]) == "The person sent 0 messages; the assistant sent 0.\nThe person has not written anything yet."
    assert transcript([]) == []


def test_one_message_has_no_separate_last_message():
    summary = summarise([{"event": "user", "text": "help", "timestamp": _at(2026, 11, 23, 9, 0)}])
    assert "The person sent 1 message;" in summary
    assert "Last message" not in summary


PRESSED = [
    {"event": "user", "text": "/greet", "timestamp": _at(2026, 11, 23, 10, 0, 0)},  # the widget opening
    {"event": "bot", "text": "Hello. What would you like to know?", "timestamp": _at(2026, 11, 23, 10, 0, 1),
     "data": {"buttons": [{"title": "Help to find work", "payload": "/ask_help_to_work"},
                          {"title": "Talk to a person", "payload": "/talk_to_person"}]}},
    {"event": "user", "text": "/ask_help_to_work", "timestamp": _at(2026, 11, 23, 10, 0, 5)},
    {"event": "bot", "text": "When can we call you?", "timestamp": _at(2026, 11, 23, 10, 0, 6),
     "data": {"buttons": [{"title": "tomorrow at 9am", "payload": '/inform{"callback_time":"2026-11-24T09:00:00+00:00"}'}]}},
    {"event": "user", "text": '/inform{"callback_time":"2026-11-24T09:00:00+00:00"}', "timestamp": _at(2026, 11, 23, 10, 1)},
    {"event": "user", "text": "/talk_to_person", "timestamp": _at(2026, 11, 23, 10, 2)},  # the widget's own button
    {"event": "user", "text": "/cancel_handoff", "timestamp": _at(2026, 11, 23, 10, 3)},  # the widget's own button
    {"event": "user", "text": "/some_old_button", "timestamp": _at(2026, 11, 23, 10, 4)},  # no title known
]


def test_a_pressed_button_shows_as_its_title_marked_as_pressed():
    said = [m["text"] for m in transcript(PRESSED) if m["from"] == "person"]
    assert said == ['Pressed the button "Help to find work"', 'Pressed the button "tomorrow at 9am"',
                    'Pressed the button "Talk to a person"', 'Pressed the button "Go back to the assistant"',
                    "Pressed a button"]


def test_no_payload_text_ever_shows_in_a_summary_or_transcript():
    summary = summarise(PRESSED)
    assert "/" not in summary and "{" not in summary
    assert not any(m["text"].startswith("/") or "{" in m["text"] for m in transcript(PRESSED))
    assert summary.splitlines()[1:] == [
        "The person sent 5 messages; the assistant sent 2.",
        'First message: Pressed the button "Help to find work"',
        "Last message: Pressed a button",
    ]


def test_typed_words_that_start_with_a_slash_are_kept():
    events = [{"event": "user", "text": "/ I work 16 hours", "timestamp": _at(2026, 11, 23, 10, 0)}]
    assert transcript(events)[0]["text"] == "/ I work 16 hours"


def test_a_button_from_an_earlier_message_shows_as_its_title_from_the_responses():
    """A button still on screen from an earlier message, or one whose message the events no longer hold,
    gets its title from the assistant's responses (domain/*.yml)."""
    events = [{"event": "user", "text": "/ask_work_and_benefits", "timestamp": _at(2026, 11, 23, 10, 0)},
              {"event": "user", "text": '/inform{"access_need":"bsl"}', "timestamp": _at(2026, 11, 23, 10, 1)}]
    assert [m["text"] for m in transcript(events)] == ['Pressed the button "Work and my benefits"',
                                                       'Pressed the button "BSL interpreter"']
    # A payload with more than one title in the responses ("Yes", "Yes, that is OK") is not guessed.
    assert as_said('/inform{"yes_no":"yes"}') == "Pressed a button"


def _domain_payloads() -> set[str]:
    """Every button payload in the responses, as Rasa sends it (braces written twice there, once when sent)."""
    return {str(button["payload"]).replace("{{", "{").replace("}}", "}")
            for path in DOMAIN.glob("*.yml")
            for variants in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).values()
            for variant in variants for button in variant.get("buttons") or ()}


def test_no_button_the_assistant_or_the_widget_has_ever_sends_shows_its_payload():
    payloads = _domain_payloads() | {"/start_again", "/talk_to_person", "/cancel_handoff", "/greet", "/unknown"}
    events = [{"event": "user", "text": payload, "timestamp": _at(2026, 11, 23, 10, 0)} for payload in payloads]
    said = [m["text"] for m in transcript(events)] + summarise(events).splitlines()
    assert not any(payload in line for line in said for payload in payloads)
    assert all(line.startswith("Pressed ") for line in said[:-4])
