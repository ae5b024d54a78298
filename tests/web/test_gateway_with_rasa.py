"""The gateway against a really running Rasa server and action server (no mocks)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.stack


def test_health_reports_rasa_reachable(stack):
    with urllib.request.urlopen(f"{stack.settings.gateway_url}/healthz") as response:
        assert json.loads(response.read()) == {"gateway": "ok", "rasa": "ok"}


def test_demo_page_is_served(stack):
    with urllib.request.urlopen(f"{stack.settings.gateway_url}/") as response:
        page = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert '<script src="/widget.js" data-partner="demo" defer></script>' in page
    assert "frame-ancestors 'none'" in policy


def test_a_person_can_chat_through_the_menu(new_chat):
    person = new_chat()
    welcome = person.say("/greet")["messages"]
    assert "I am a computer, not a person" in welcome[0]["text"]
    assert [b["title"] for b in welcome[0]["buttons"]] == [
        "Find out about help to work", "Work and my benefits", "Get support near me", "Talk to a person"]

    asked = person.texts("/ask_help_to_work")
    assert "Where do you live?" in asked and "Connect to Work" not in asked  # asked before naming programmes
    assert "Connect to Work" in person.texts("England")
    assert "Which benefit do you get?" in person.texts("/ask_work_and_benefits")
    answer = person.texts("I get universal credit")
    assert "before Universal Credit goes down" in answer
    assert "This is a guide, not advice." in answer

    assert "Phone 020 7946 0000" in person.texts("/ask_support_near_me")
    assert "We will start again" in person.texts("start again")
    assert "Goodbye" in person.texts("bye")


def test_tell_me_more_gives_the_fuller_answer_and_easy_read_returns(new_chat):
    person = new_chat()
    short = person.texts("/ask_help_to_work")
    more = person.texts("tell me more")
    assert len(more) > len(short) and "voluntary" in more
    assert person.texts("easy read please") == short


def test_two_misunderstandings_in_a_row_offer_a_person(new_chat):
    person = new_chat()
    first = person.say("purple is nice")["messages"][0]
    # The likeliest topics, or, when none is likely, a request to say it another way.
    assert "Did you mean one of these?" in first["text"] or "say it in a different way" in first["text"]
    assert first["buttons"][-1] == {"title": "Talk to a person", "payload": "/talk_to_person"}
    # The second is named outright: which intent a trained model gives to other nonsense differs by machine.
    offer = person.say("/nlu_fallback")["messages"][0]
    assert "Would you like to talk to a person?" in offer["text"]
    assert {"title": "Talk to a person", "payload": "/talk_to_person"} in offer["buttons"]


def test_word_meaning_comes_from_the_glossary(new_chat):
    assert "Employment and Support Allowance" in new_chat().texts("what does ESA mean")


def test_conversation_survives_a_rasa_restart_and_the_api_needs_the_token(stack, new_chat):
    person = new_chat()
    person.say("/ask_help_to_work")
    stack.stop("rasa")
    stack.start("rasa")
    stack.wait_healthy("rasa")

    tracker_url = f"{stack.settings.rasa_url}/conversations/{person.conversation}/tracker"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(tracker_url)
    assert refused.value.code == 401
    with urllib.request.urlopen(f"{tracker_url}?token={stack.settings.rasa_token}") as response:
        events = json.loads(response.read())["events"]
    assert any(e.get("event") == "user" and e.get("text") == "/ask_help_to_work" for e in events)
    # The conversation goes on where it was: "tell me more" expands the answer given before the restart.
    assert "voluntary" in person.texts("tell me more")


def test_killing_the_action_server_gives_a_plain_message_then_recovers(stack, new_chat):
    person = new_chat()
    person.say("/greet")
    stack.kill("actions")
    try:
        reply = person.say("I want to talk to a person")
        assert reply["degraded"] is True
        message = reply["messages"][0]
        assert "Sorry, something went wrong on our side." in message["text"]
        assert "020 7946 0000" in message["text"]
        assert [b["title"] for b in message["buttons"]] == ["Start again", "Talk to a person"]
    finally:
        stack.start("actions")
        stack.wait_healthy("actions")
    back = person.say("what help is there in my area")
    assert back["degraded"] is False
    assert "Phone 020 7946 0000" in "\n".join(m["text"] for m in back["messages"])


def test_crisis_help_comes_first_and_once_inside_a_form(new_chat):
    from bot.safety import load_crisis_help

    crisis = load_crisis_help().for_category("suicide").message
    person = new_chat()
    assert "Which benefit do you get?" in person.texts("/ask_work_and_benefits")
    messages = person.say("I don't want to be here anymore")["messages"]
    texts = [m["text"] for m in messages]
    assert texts[0] == crisis.easy
    assert texts.count(crisis.easy) == 1


def test_words_of_unclear_risk_in_a_form_get_the_check_then_the_question_again_and_never_a_sorry(new_chat):
    from bot.safety import load_crisis_help

    crisis = load_crisis_help()
    person = new_chat()
    assert "Which benefit do you get?" in person.texts("/ask_work_and_benefits")
    messages = person.say("i have made my choice")["messages"]
    assert messages[0]["text"] == crisis.for_category("check").message.easy
    said = "\n".join(m["text"] for m in messages)
    assert "Sorry" not in said and "Which benefit do you get?" in said
    # "I need help now", pressed or typed, gives the help at once.
    assert person.say("/crisis")["messages"][0]["text"] == crisis.for_category("suicide").message.easy


@pytest.mark.parametrize("answer", ["no", "not really", "No, I am not safe"])
def test_no_typed_to_are_you_safe_gets_the_help(new_chat, answer):
    from bot.safety import load_crisis_help

    person = new_chat()
    assert "Are you safe right now?" in person.texts("i have made my choice")
    # Crisis help first: "not safe" in the words may also bring the help for danger from others.
    assert load_crisis_help().is_help(person.say(answer)["messages"][0]["text"])


@pytest.mark.parametrize("answer", ["yes", "Yes, I am safe", "yeah I'm fine, I am safe"])
def test_yes_typed_to_are_you_safe_gets_a_kind_reply_and_the_menu(new_chat, answer):
    from bot.safety import load_crisis_help

    person = new_chat()
    assert "Are you safe right now?" in person.texts("i have made my choice")
    messages = person.say(answer)["messages"]
    assert not load_crisis_help().is_help(messages[0]["text"])
    assert "I am glad you are safe." in messages[0]["text"]
    assert "Work and my benefits" in [b["title"] for m in messages for b in m.get("buttons") or []]


def test_yes_typed_to_are_you_safe_in_a_form_asks_the_question_again(new_chat):
    person = new_chat()
    person.texts("/ask_work_and_benefits")
    assert "Are you safe right now?" in person.texts("i have made my choice")
    said = person.texts("yes I'm safe")
    assert "I am glad you are safe." in said and "Let us carry on." in said
    assert "Which benefit do you get?" in said and "Sorry" not in said


def test_an_overdose_typed_in_a_form_gets_the_emergency_help_first(new_chat):
    from bot.safety import load_crisis_help

    person = new_chat()
    assert "Which benefit do you get?" in person.texts("/ask_work_and_benefits")
    texts = [m["text"] for m in person.say("I took 30 paracetamol")["messages"]]
    assert texts[0] == load_crisis_help().for_category("emergency").message.easy
    assert not any("Sorry, I did not" in text for text in texts)
