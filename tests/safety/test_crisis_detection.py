"""Crisis words are found however they are typed; everyday sayings that look like them are not."""
from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import ROOT
from bot.knowledge import read_yaml
from bot.safety import CATEGORIES, CHECK, detect_crisis, shows_some_risk
from bot.understanding import yes_no
from bot.safety.normalise import clauses

# (what a person might type, the category we expect)
CRISIS = [
    ("I want to kill myself", "suicide"),
    ("i wanna kil myself", "suicide"),
    ("i want to kil my self", "suicide"),
    ("i feel suicidle", "suicide"),
    ("suiside", "suicide"),
    ("i'm sucidal", "suicide"),
    ("I've been having suicidal thoughts", "suicide"),
    ("I just want to end it all", "suicide"),
    ("i wanna end it", "suicide"),
    ("I dont want to be here anymore", "suicide"),
    ("i don't wanna live anymore", "suicide"),
    ("there's no point living", "suicide"),
    ("what's the point of living", "suicide"),
    ("life isn't worth living", "suicide"),
    ("Nothing to live for anymore", "suicide"),
    ("I want to die", "suicide"),
    ("i want to diiiie", "suicide"),
    ("I wish I was dead", "suicide"),
    ("i wish i had never been born", "suicide"),
    ("I want to go to sleep and never wake up", "suicide"),
    ("im going to end my life tonight", "suicide"),
    ("I've been thinking of ending my life", "suicide"),
    ("kms", "suicide"),
    ("I want to unalive myself", "suicide"),
    ("sewerslide", "suicide"),
    ("everyone would be better off without me", "suicide"),
    ("they'd all be better off if I was gone", "suicide"),
    ("I can't go on", "suicide"),
    ("i cant go on like this", "suicide"),
    ("I can't take it anymore", "suicide"),
    ("I'm a burden to everyone", "suicide"),
    ("no way out", "suicide"),
    ("no one would miss me", "suicide"),
    ("I just want it all to stop", "suicide"),
    ("i want 2 die", "suicide"),
    ("i have pills saved up", "suicide"),
    ("I'm thinking about taking an overdose", "suicide"),
    ("overdoze", "suicide"),
    ("I'm going to take all my pills", "suicide"),
    ("I want to take all my tablets", "suicide"),
    ("want to od", "suicide"),
    ("thinking about jumping off a bridge", "suicide"),
    ("I'm going to step in front of a train", "suicide"),
    ("I keep wanting to hurt myself", "self_harm"),
    ("i want to hurt myslef", "self_harm"),
    ("I've been self harming again", "self_harm"),
    ("selfharm", "self_harm"),
    ("I cut myself last night", "self_harm"),
    ("I'm going to jump", "emergency"),
    ("im gonna jump now, please", "emergency"),
    ("I've taken too many tablets", "emergency"),
    ("i swallowed a whole packet of paracetamol", "emergency"),
    ("I've taken an overdose", "emergency"),
    ("I'm standing on the bridge", "emergency"),
    ("He is going to kill me", "danger_from_others"),
    ("my partner hits me", "danger_from_others"),
    ("i dont feel safe at home", "danger_from_others"),
    ("i am not safe", "danger_from_others"),
    ("I want to hurt someone", "harming_others"),
    ("I'm scared I'll hurt my baby", "harming_others"),
]

# Everyday sentences that share words with crisis phrases. None of them is a crisis.
# "This job is killing me" is a saying about hard work, not danger: it is handled by handing over to an
# employment specialist, not by crisis help (see bot/safety/patterns.py for the reasoning).
ORDINARY = [
    "I want to kill time before my interview",
    "I'm dying to start work",
    "This job is killing me",
    "My feet are killing me",
    "I could kill for a coffee",
    "The deadline is killing me",
    "The suspense is killing me",
    "I had a killer interview",
    "I'd die of embarrassment if I had to do that",
    "I'm dying for a cup of tea",
    "I'd rather die than wear a tie",
    "She looked drop dead gorgeous",
    "The battery died on my phone",
    "My phone is about to die",
    "I nearly died laughing",
    "I was killing myself laughing",
    "It was a dead end job",
    "I'm dead tired after work",
    "There is an overdose of paperwork",
    "my rent is overdue",
    "I'm going to overdo it",
    "I'm going to jump at the chance",
    "I'm going to jump in the shower",
    "I'm jumping through hoops for my benefits",
    "I took my tablets this morning",
    "I take lots of tablets for my condition",
    "I have to take a handful of pills every day",
    "Applying there would be career suicide",
    "I don't want to live in London",
    "I want to take my life in a new direction",
    "I want to end my contract",
    "I can't go on holiday this year",
    "I can't carry on working nights",
    "I hurt my back lifting boxes",
    "I cut my finger cooking",
    "I cut myself shaving",
    "I want to skill myself up",
    "I want to shoot a video for my CV",
    "I could murder a curry",
    "I don't want to hurt her feelings",
    "my mum will kill me if I'm late",
    "she hit me up on whatsapp",
    "He hit the nail on the head",
    "killing two birds with one stone",
    "this heat will be the death of me",
    "I don't want to be a burden on my employer",
    "is there any point trying",
    "no one would hire me",
    "at this point in life I want a new career",
    "I work 2 days a week and have 4 kids",
]

# Neutral sentences to put around a crisis phrase.
FILLER = [
    "Hello.",
    "Hi there!",
    "I am looking for work.",
    "My PIP review is next week.",
    "What is Access to Work?",
    "Thanks for your help.",
    "Sorry to bother you.",
    "I have a job interview on Monday.",
    "I get Universal Credit.",
    "Can I work 16 hours a week?",
    "My manager will not make any changes.",
    "My feet are killing me.",  # the tricky everyday sayings must not hide a crisis either
    "I would die of embarrassment.",
    "There is an overdose of paperwork.",
    "I'm going to jump at the chance.",
]


def test_there_are_enough_examples():
    assert len(CRISIS) >= 30 and len(ORDINARY) >= 20


@pytest.mark.parametrize("text, category", CRISIS)
def test_crisis_phrases_are_detected(text, category):
    match = detect_crisis(text)
    assert match is not None, f"missed: {text!r} -> {clauses(text)}"
    assert match.category == category


@pytest.mark.parametrize("text", ORDINARY)
def test_everyday_sayings_are_not_a_crisis(text):
    match = detect_crisis(text)
    assert match is None, f"{text!r} was taken as {match.category} ({match.span!r})"


# Words that may be a daily dose or an overdose: asking or helping is right, saying nothing is not.
MAY_BE_AN_OVERDOSE = ["I took all my tablets this morning", "took all my pills"]


@pytest.mark.parametrize("text", MAY_BE_AN_OVERDOSE)
def test_words_that_may_be_an_overdose_are_not_let_pass(text):
    match = detect_crisis(text)
    assert match is not None and match.category in {"emergency", "check"}, match


@pytest.mark.parametrize("text", ["whats the point of anything", "i wont need a job where im going"])
def test_some_risk_is_noticed_where_no_crisis_is_found(text):
    assert detect_crisis(text) is None and shows_some_risk(text)


@pytest.mark.parametrize("text", ["what is access to work", "my feet are killing me", "hello", "", "I cut myself shaving"])
def test_ordinary_words_show_no_risk(text):
    assert not shows_some_risk(text)


def test_every_category_is_covered():
    assert {category for _, category in CRISIS} == set(CATEGORIES) - {CHECK}


def test_the_most_urgent_category_wins():
    assert detect_crisis("I want to die. I've taken a whole packet of pills").category == "emergency"


def test_a_match_does_not_show_the_persons_words_when_printed():
    match = detect_crisis("I want to kill myself")
    assert match.span == "kill myself"
    assert "myself" not in repr(match) and "myself" not in str(match)


@pytest.mark.parametrize("empty", ["", "   ", "...", "!!!", None, 42])
def test_nothing_to_check_is_not_a_crisis(empty):
    assert detect_crisis(empty) is None


def test_words_about_work_cancel_a_rule_only_in_the_same_thought():
    assert detect_crisis("I took an overdose 5 years ago") is None  # the past, in the same run of words
    # After "...", another thought: the job does not explain the overdose.
    assert detect_crisis("I'm thinking about taking an overdose... I am looking for work.") is not None


def test_negation_still_gets_help():
    # Safety first: saying the words at all is enough to show the help numbers.
    assert detect_crisis("I'm not suicidal but I'm struggling") is not None
    assert detect_crisis("im not going to hurt myself, probably") is not None  # a denial is not a saying


def test_words_of_crisis_that_name_a_course_are_not_a_crisis_when_the_classifier_is_sure():
    assert detect_crisis("my nursing degree has a module on suicide risk, can i get extra time for essays") is None
    # the same question from a person at risk still gets help
    assert detect_crisis("i feel suicidal, can i get extra time for my essays").category == "suicide"


def test_hard_work_sayings_with_real_crisis_words_are_caught():
    assert detect_crisis("This job is killing me and I want to die") is not None
    assert detect_crisis("the deadline is killing me, i cant go on") is not None


# ---------------------------------------------------------------- properties

crisis_texts = st.sampled_from([text for text, _ in CRISIS])
filler_text = st.lists(st.sampled_from(FILLER), max_size=4).map(" ".join)
sentence_end = st.sampled_from([".", "!", "?", "!!!", "...", " x\n", "\n"])


@settings(max_examples=300, deadline=None)
@given(crisis_texts, filler_text, sentence_end, filler_text, st.sampled_from([" ", "\n", "  "]))
def test_ordinary_text_around_a_crisis_phrase_does_not_hide_it(phrase, before, end, after, gap):
    expected = detect_crisis(phrase).category
    text = f"{before}{gap}{phrase}{end}{gap}{after}".strip()
    match = detect_crisis(text)
    assert match is not None, text
    # More urgent categories may come from the filler; never a less urgent one.
    assert CATEGORIES.index(match.category) <= CATEGORIES.index(expected)


@settings(max_examples=100, deadline=None)
@given(crisis_texts, st.sampled_from(["Sorry, ", "Hi, ", "To be honest, ", "I think ", "Honestly - "]),
       st.sampled_from(["", ", sorry", ", please help", " - what do I do", ", I think"]))
def test_words_in_the_same_sentence_do_not_hide_it(phrase, before, after):
    assert detect_crisis(f"{before}{phrase}{after}") is not None


# Marks that never change meaning, and marks that also make a pause ("I'm going to jump, at the chance"
# ends a thought at the comma, so a comma may turn an everyday saying into a crisis, on purpose).
QUIET_MARKS = ["", "", "'", '"', "*", "_", "~"]
PAUSE_MARKS = [",", " ,", "(", ")", " - ", "...", "…", ":"]


@st.composite
def reshaped(draw, text: str, marks: list[str] = QUIET_MARKS + PAUSE_MARKS) -> str:
    """The same words with random capitals and random punctuation between and around them."""
    marks = st.sampled_from(marks)
    words = []
    for word in text.split():
        word = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)
        words.append(word + draw(marks))
    return draw(marks) + " ".join(words) + draw(st.sampled_from(["", ".", "!", "?!", "!!!", "..."]))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_detection_ignores_case_and_punctuation(data):
    phrase, category = data.draw(st.sampled_from(CRISIS))
    text = data.draw(reshaped(phrase))
    match = detect_crisis(text)
    assert match is not None and match.category == category, text


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_everyday_sayings_stay_ordinary_whatever_the_case_and_punctuation(data):
    text = data.draw(reshaped(data.draw(st.sampled_from(ORDINARY)), QUIET_MARKS))
    assert detect_crisis(text) is None, text


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_stretched_letters_are_understood(data):
    phrase, category = data.draw(st.sampled_from(CRISIS))
    words = phrase.split()
    # Stretch one letter of a longer plain word, as people do for feeling: "diiiie", "pleeease".
    candidates = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Za-z]{4,}", w)]
    if candidates:
        i = data.draw(st.sampled_from(candidates))
        at = data.draw(st.integers(0, len(words[i]) - 1))
        words[i] = words[i][:at] + words[i][at] * data.draw(st.integers(3, 6)) + words[i][at + 1:]
    text = " ".join(words)
    match = detect_crisis(text)
    assert match is not None and match.category == category, text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.printable + "’…–é", max_size=300))
def test_any_text_is_handled_without_error(text):
    match = detect_crisis(text)
    assert match is None or match.category in CATEGORIES


@pytest.mark.parametrize("text", ["im feeling suicidal and scared", "feeling suicidal and so alone tonight"])
def test_a_word_after_suicidal_does_not_make_it_a_course(text):
    assert detect_crisis(text).category == "suicide"


@pytest.mark.parametrize("text", ["I did a suicide and self harm awareness course", "self harm and suicide prevention team"])
def test_a_course_or_team_on_suicide_and_self_harm_is_not_a_crisis(text):
    assert detect_crisis(text) is None


def test_an_everyday_saying_explains_only_its_own_sentence():
    text = "I cut myself shaving this morning. I have been keeping back my sertraline for weeks"
    assert detect_crisis(text).category == "suicide"


def test_a_crisis_beside_a_question_is_read_on_its_own():
    assert detect_crisis("i need a job, but honestly ive got my tablets counted out for tonight").category == "suicide"


@pytest.mark.parametrize("text", ["My phone is about to die", "my laptops dying, can I carry on tomorrow"])
def test_a_flat_battery_is_not_a_crisis(text):
    assert detect_crisis(text) is None and not shows_some_risk(text)


def test_the_answers_the_assistants_own_questions_expect_are_not_a_crisis():
    """Every button title a person might type (crisis help's own aside) and every yes, no or not sure the
    assistant reads: a false alarm on "no it doesn't" would take a person out of the question they answer."""
    titles = {button["title"] for path in (ROOT / "domain").glob("*.yml") if path.name != "safety.yml"
              for variants in (read_yaml(path).get("responses") or {}).values()
              for variant in variants for button in variant.get("buttons") or []}
    answers = set(yes_no._YES) | set(yes_no._NO) | set(yes_no._NOT_SURE)
    assert not [said for said in sorted(titles | answers) if detect_crisis(said)]
