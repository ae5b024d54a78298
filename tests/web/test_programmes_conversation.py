"""Programme conversations through the gateway, the real Rasa server and the action server."""
import pytest

from bot.knowledge.programmes import load_programmes

pytestmark = pytest.mark.stack
CATALOGUE = load_programmes()


def test_ask_about_a_programme_then_follow_up_questions(new_chat):
    person = new_chat()
    ctw = CATALOGUE.get("connect_to_work")
    assert ctw.summary.easy in person.texts("what is Connect to Work")
    assert ctw.voluntary_note.easy in person.texts("do I have to join")
    assert ctw.affects_benefits.easy in person.texts("will joining change my benefits")
    assert "Saying no will not get you a sanction." in person.texts("can I be sanctioned")


def test_a_closed_programme_is_never_offered_as_open(new_chat):
    closed = CATALOGUE.get("work_and_health_programme")
    reply = new_chat().texts("is the Work and Health Programme still running")
    assert closed.closed_note.easy in reply and closed.summary.easy not in reply


def test_what_might_suit_me_in_three_questions(new_chat):
    person = new_chat()
    assert "Are you in work at the moment?" in person.texts("what might suit me")
    assert "What help would you like most?" in person.texts("I'm out of work")
    assert "Where do you live?" in person.texts("finding a job")
    suggestions = person.texts("Wales")
    assert "These might suit you:" in suggestions
    for suggestion in CATALOGUE.suggest(in_work="out_of_work", need="finding_a_job", nation="wales")[:3]:
        assert f"{suggestion.programme.name}: {suggestion.reason}" in suggestions


def test_the_difference_between_two_programmes(new_chat):
    reply = new_chat().texts("what is the difference between Access to Work and WorkWell")
    assert "Access to Work: " + CATALOGUE.get("access_to_work").summary.easy in reply
    assert "WorkWell: " + CATALOGUE.get("workwell").summary.easy in reply
