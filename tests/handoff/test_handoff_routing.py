"""Who a conversation is handed to, with what needs; the words the person reads about it."""
from __future__ import annotations

import pytest

from bot.handoff import ACCESS_NEEDS, REASONS, SPECIALISTS, Route, choose_specialist, load_handoff_words, needs_in
from bot.handoff.routing import DEFAULT_PATH


@pytest.mark.parametrize("reason, topic, specialist", [
    ("asked", None, "peer_supporter"),  # not sure what they need: someone with lived experience first
    ("asked", "unsure", "peer_supporter"),
    ("asked", "lived_experience", "peer_supporter"),
    ("asked", "benefits", "benefits_adviser"),
    ("asked", "work", "employment_specialist"),
    ("misunderstood_twice", None, "peer_supporter"),
    ("misunderstood_twice", "work", "employment_specialist"),
    ("own_benefits_money", None, "benefits_adviser"),
    ("own_benefits_money", "work", "benefits_adviser"),  # the reason decides, whatever the topic
    ("in_work_struggling", None, "employment_specialist"),
    ("in_work_struggling", "benefits", "employment_specialist"),
    ("needs_bsl_phone_or_face_to_face", None, "peer_supporter"),
    ("needs_bsl_phone_or_face_to_face", "benefits", "benefits_adviser"),
    ("crisis", None, "team_on_duty"),
    ("outside_local_area", None, "peer_supporter"),
])
def test_each_reason_goes_to_the_right_kind_of_person(reason, topic, specialist):
    route = choose_specialist(reason, [], topic=topic)
    assert route.specialist == specialist
    assert route.reason == reason


def test_every_reason_is_covered_above():
    assert set(REASONS) == {"asked", "misunderstood_twice", "own_benefits_money", "in_work_struggling",
                            "needs_bsl_phone_or_face_to_face", "crisis", "outside_local_area"}


@pytest.mark.parametrize("reason", REASONS)
def test_only_a_crisis_is_urgent(reason):
    assert choose_specialist(reason).urgent == (reason == "crisis")


def test_access_needs_are_carried_in_a_fixed_order_once_each():
    route = choose_specialist("needs_bsl_phone_or_face_to_face",
                              ["Face to face", "BSL", "phone", "british sign language", "in-person"])
    assert route.access_needs == ("bsl", "phone", "face_to_face")


@pytest.mark.parametrize("reason", REASONS)
def test_access_needs_are_carried_whatever_the_reason(reason):
    assert choose_specialist(reason, ["phone"]).access_needs == ("phone",)


def test_one_need_on_its_own_is_not_read_letter_by_letter():
    assert choose_specialist("asked", "phone").access_needs == ("phone",)


def test_a_language_adds_an_interpreter():
    route = choose_specialist("own_benefits_money", [], language="Polish")
    assert route.access_needs == ("interpreter",)
    assert route.language == "Polish"


def test_bsl_as_a_language_is_the_bsl_need_not_an_interpreter():
    route = choose_specialist("asked", [], language="British Sign Language")
    assert route.access_needs == ("bsl",)
    assert route.language is None


def test_a_crisis_route_keeps_the_access_needs_too():
    route = choose_specialist("crisis", ["bsl"])
    assert route == Route("team_on_duty", "crisis", urgent=True, access_needs=("bsl",))


@pytest.mark.parametrize("call", [
    lambda: choose_specialist("bored"),
    lambda: choose_specialist("asked", ["carrier pigeon"]),
    lambda: choose_specialist("asked", topic="gardening"),
])
def test_anything_outside_the_fixed_sets_is_refused(call):
    with pytest.raises(ValueError):
        call()


# ---------------------------------------------------------------- words


def test_there_are_easy_read_words_for_every_specialist_and_need():
    words = load_handoff_words()
    for kind in SPECIALISTS:
        assert words.specialist(kind).easy and words.specialist(kind).more
    for need in ACCESS_NEEDS:
        assert words.access_need(need).easy
    assert "call you back" in words.nobody_free.easy
    assert "{slot}" in words.callback_booked.easy and "{slot}" in words.callback_booked.more
    assert words.no_callback_times.easy


def test_a_words_file_missing_a_specialist_is_refused(tmp_path):
    broken = tmp_path / "specialists.yml"
    broken.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace("  peer_supporter:", "  peer_helper:"),
                      encoding="utf-8")
    with pytest.raises(ValueError, match="peer_supporter"):
        load_handoff_words(broken)


@pytest.mark.parametrize("said, needs", [
    ("I need BSL", ["bsl"]),
    ("is there someone who can sign", ["bsl"]),
    ("can I sign up", []),
    ("please ring me instead", ["phone"]),
    ("need a fone call pls", ["phone"]),
    ("I'd prefer a face-to-face meeting", ["face_to_face"]),
    ("can I talk face2face", ["face_to_face"]),
    ("I want to meet someone, or a phone call, in BSL", ["bsl", "phone", "face_to_face"]),
    ("what is Access to Work", []),
    ("I am Deaf and want to chat with a real person", ["no_voice_call"]),
    ("I use BSL", ["bsl"]),
    ("im hard of hearing", ["no_voice_call"]),
    ("I cant use the phone, can someone help", ["no_voice_call"]),  # a phone call ruled out, never wanted
    ("I am deaf and sign", ["bsl", "no_voice_call"]),
])
def test_the_ways_to_talk_a_person_asks_for_are_heard(said, needs):
    assert needs_in(said) == needs
