"""The crisis help for each kind of crisis: the right numbers first, every nation covered when the nation is
unknown, a way in for Deaf people, Easy Read, and a file with a number missing refused."""
from __future__ import annotations

import re

import pytest

from accessibility.easy_read import check_text, known_acronyms_from_glossary
from bot.config import ROOT
from bot.safety import CATEGORIES, CHECK, DANGER_FROM_OTHERS, EMERGENCY, HARMING_OTHERS, SELF_HARM, SUICIDE
from bot.safety import load_crisis_help
from bot.safety.help import DEFAULT_PATH

UK_WIDE = ["116 123", "85258"]  # Samaritans, Shout
NATIONS = {"England": "NHS 111 and choose option 2", "Wales": "NHS 111", "Scotland": "NHS 24 on 111",
           "Northern Ireland": "Lifeline on 0808 808 8000"}
ABUSE_LINES = {"England": "0808 2000 247", "Scotland": "0800 027 1234", "Wales": "0808 80 10 800",
               "Northern Ireland": "0808 802 1414"}


@pytest.fixture(scope="module")
def crisis():
    return load_crisis_help()


def lines(text: str) -> list[str]:
    return text.splitlines()


def first_line_with(text: str, words: str) -> int:
    return next(i for i, line in enumerate(lines(text)) if words in line)


def test_every_category_of_the_detector_has_one_help(crisis):
    assert {category: crisis.for_category(category).id for category in CATEGORIES} == {
        EMERGENCY: "emergency", DANGER_FROM_OTHERS: "danger_from_others", SUICIDE: "suicide",
        SELF_HARM: "self_harm", HARMING_OTHERS: "suicide", CHECK: "check"}


def test_an_emergency_says_call_999_first_and_gives_deaf_people_a_way_in(crisis):
    for text in crisis.for_category(EMERGENCY).message.easy, crisis.for_category(EMERGENCY).message.more:
        assert lines(text)[0].startswith("Please call 999 now")
        assert "999bsl.co.uk" in text and "emergencySMS" in text and "text 999" in text
        assert "ambulance" in text


def test_danger_from_another_person_gives_999_the_silent_call_and_the_abuse_line_of_each_nation(crisis):
    for text in crisis.for_category(DANGER_FROM_OTHERS).message.easy, crisis.for_category(DANGER_FROM_OTHERS).message.more:
        assert "call 999" in lines(text)[1]
        assert first_line_with(text, "press 55") == 2
        assert "999bsl.co.uk" in text
        abuse = [first_line_with(text, number) for number in ABUSE_LINES.values()]
        assert abuse == sorted(abuse) and abuse[-1] - abuse[0] == 3, "one short list, one line each"
        for nation, number in ABUSE_LINES.items():
            assert nation in lines(text)[first_line_with(text, number)]


@pytest.mark.parametrize("category", [SUICIDE, SELF_HARM])
def test_suicide_and_self_harm_help_give_999_then_the_uk_wide_lines_then_each_nation(crisis, category):
    for text in crisis.for_category(category).message.easy, crisis.for_category(category).message.more:
        order = [first_line_with(text, "999")] + [first_line_with(text, n) for n in UK_WIDE]
        nations = [first_line_with(text, f"- {nation}:") for nation in NATIONS]
        assert order == sorted(order) and max(order) < min(nations), "999, then UK-wide lines, then nations"
        assert nations == sorted(nations) and nations[-1] - nations[0] == 3, "one short list, one line each"
        for (nation, service), at in zip(NATIONS.items(), nations):
            assert service in lines(text)[at], nation


def test_no_nhs_111_is_offered_for_northern_ireland(crisis):
    for help in crisis.helps:
        for text in (help.message.easy, help.message.more):
            for line in lines(text):
                if "Northern Ireland" in line:
                    assert not re.search(r"call (NHS )?111|NHS 111 and", line), line


def test_the_check_asks_gently_with_999_and_help_one_press_away(crisis):
    check = crisis.for_category(CHECK)
    assert "Are you safe right now?" in check.message.easy and "call 999" in check.message.easy
    reply = check.reply()
    assert reply["text"] == check.message.easy
    assert {"title": "No, I am not safe", "payload": "/crisis"} in reply["buttons"]
    assert {"title": "Talk to a person", "payload": "/talk_to_person"} in reply["buttons"]
    assert "No, I am not safe" in check.message.easy, "the words say which button gives help"


def test_every_help_but_the_check_offers_a_person_from_the_team(crisis):
    for help in crisis.helps:
        if help.id != CHECK:
            assert "person from our team" in help.message.easy and "person from our team" in help.message.more


def test_every_service_has_its_source_and_date(crisis):
    for service in crisis.services:
        assert service.source.startswith("FACTS.md §5")
        assert service.checked.year >= 2026


@pytest.mark.parametrize("level", ["easy", "more"])
def test_every_help_passes_the_easy_read_checker(crisis, level):
    known = known_acronyms_from_glossary(ROOT / "data/knowledge/glossary.yml")
    for help in crisis.helps:
        text = getattr(help.message, level)
        assert check_text(text, level=level, where=f"crisis.yml {help.id} [{level}]", known_acronyms=known) == []


def test_a_file_missing_a_number_is_refused(tmp_path):
    broken = tmp_path / "crisis.yml"
    broken.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace("call Samaritans on 116 123", "call Samaritans",
                                                                      1), encoding="utf-8")
    with pytest.raises(ValueError, match="Samaritans"):
        load_crisis_help(broken)


def test_a_file_leaving_a_category_without_help_is_refused(tmp_path):
    broken = tmp_path / "crisis.yml"
    broken.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace("for: [self_harm]", "for: []"),
                      encoding="utf-8")
    with pytest.raises(ValueError, match="self_harm"):
        load_crisis_help(broken)
