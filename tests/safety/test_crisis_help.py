"""The crisis help message: all four services, in Easy Read, and it refuses to load with a number missing."""
from __future__ import annotations

import datetime as dt

import pytest

from accessibility.easy_read import check_text, known_acronyms_from_glossary
from bot.config import ROOT
from bot.safety import load_crisis_help
from bot.safety.help import DEFAULT_PATH

SERVICES = {"Samaritans": "116 123", "NHS 111": "111", "999": "999", "Shout": "85258"}


@pytest.fixture(scope="module")
def crisis():
    return load_crisis_help()


def test_it_names_all_four_services_with_their_numbers(crisis):
    assert {s.name: s.contact for s in crisis.services} == SERVICES
    for text in (crisis.message.easy, crisis.message.more):
        for name, number in SERVICES.items():
            assert name in text and number in text


def test_it_says_when_to_call_999_and_how_to_reach_mental_health_help(crisis):
    easy = crisis.message.easy
    assert "danger now" in easy
    assert "option 2" in easy and "mental health" in easy
    assert "free" in easy  # Samaritans: free, any time


def test_it_offers_a_person_from_the_team(crisis):
    for text in (crisis.message.easy, crisis.message.more):
        assert "person from our team" in text


def test_every_service_has_its_source_and_date(crisis):
    for service in crisis.services:
        assert service.source == "FACTS.md §5 (well-known public services)"
        assert service.checked == dt.date(2026, 11, 23)


@pytest.mark.parametrize("level", ["easy", "more"])
def test_the_message_passes_the_easy_read_checker(crisis, level):
    known = known_acronyms_from_glossary(ROOT / "data/knowledge/glossary.yml")
    text = getattr(crisis.message, level)
    assert check_text(text, level=level, where=f"crisis.yml [{level}]", known_acronyms=known) == []


def test_a_file_missing_a_number_is_refused(tmp_path):
    broken = tmp_path / "crisis.yml"
    broken.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace("116 123.", "Samaritans."), encoding="utf-8")
    with pytest.raises(ValueError, match="Samaritans"):
        load_crisis_help(broken)
