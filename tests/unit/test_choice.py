"""Typing picks a button only when it is sure: the title, a slip of it, part of one title, its place, or
yes and no to a yes-or-no question."""
import pytest

from bot.understanding.choice import chosen_button

CONTACT = ["Phone call", "Text message", "Email"]
CONSENT = ["Yes, that is OK", "No, thank you"]
WORK = ["I am in work", "I am out of paid work", "My job is at risk"]
SAFE = ["No, I am not safe", "Yes, I am safe", "Talk to a person"]  # two answers that differ by "not"


@pytest.mark.parametrize("typed, titles, index", [
    ("Phone call", CONTACT, 0), ("phone call.", CONTACT, 0), ("Phnoe call", CONTACT, 0),
    ("phone", CONTACT, 0), ("by text please", CONTACT, 1), ("email", CONTACT, 2), ("e mail", CONTACT, 2),
    ("2", CONTACT, 1), ("the second one", CONTACT, 1), ("number 3", CONTACT, 2), ("last", CONTACT, 2),
    ("yes", CONSENT, 0), ("yeah ok", CONSENT, 0), ("ok", CONSENT, 0), ("no", CONSENT, 1), ("nope", CONSENT, 1),
    ("im out of work", WORK, 1), ("I'm in work", WORK, 0), ("at risk", WORK, 2),
    # Words in two titles pick the one without "not", unless "not" is typed.
    ("I am safe", SAFE, 1), ("i'm safe now", SAFE, 1), ("yes", SAFE, 1), ("not safe", SAFE, 0), ("no", SAFE, 0),
])
def test_a_typed_answer_picks_the_button(typed, titles, index):
    assert chosen_button(typed, titles) == index


@pytest.mark.parametrize("typed, titles", [
    ("4", CONTACT),  # no fourth button
    ("I am safe", ["No, I am not safe", "Talk to a person"]),  # the gateway's check: "safe" is not "not safe"
    ("work", WORK),  # in more than one title
    ("I would rather you called me on my mobile after lunch", CONTACT),  # a sentence, read as words
    ("not sure", CONSENT), ("maybe", CONSENT),
    ("yes", CONTACT),  # not a yes-or-no question
    ("no I just want it all to stop", CONSENT),  # more than a no: read as words
    ("", CONTACT), ("phone", []),
])
def test_anything_less_sure_picks_nothing(typed, titles):
    assert chosen_button(typed, titles) is None
