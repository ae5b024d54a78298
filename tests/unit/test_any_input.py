"""Property tests: every check on what a person types takes any text at all without failing, and gives
back either a clean, well-formed value or a plain "no". Phone numbers, email addresses, references,
amounts and office hours have their own in tests/referrals, tests/unit and tests/handoff."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings, strategies as st

from bot.benefit_names import parse_benefit
from bot.handoff.routing import ACCESS_NEEDS, needs_in, summarise
from bot.knowledge.providers import load_providers, normalise_postcode
from bot.referrals.status import consent_given
from bot.referrals.validation import Referral, validate
from bot.safety import detect_crisis
from bot.typed_text import clean_typed_text

UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff"
                    "\ud800-\udfff\U000e0001]")
# Any text, with more of the awkward kinds than chance would give. Joined from a list: st.text() given this
# alphabet never draws the sampled characters, so they would be no likelier than chance.
awkward = st.lists(st.one_of(st.characters(), st.sampled_from(
    ["\x00", "\x1b", "\r", "\n", "\t", "\u202e", "\u2066", "\ufeff", "\ud800", "\u0301", "<", ">", "&", "'", '"',
     "🙂", "ß", "İ", "٣", "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\u200d", "\ufe0f", "\U000e0067",
     "\U000e007f", "\U0001f3f4"])), max_size=80).map("".join)
lenient = settings(deadline=None, max_examples=300)


@lenient
@given(awkward)
def test_typed_text_is_left_with_nothing_unseen_and_cleaning_twice_changes_nothing(text):
    cleaned = clean_typed_text(text)
    assert not UNSEEN.search(cleaned) and cleaned == cleaned.strip()
    assert clean_typed_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # storable and sendable


@pytest.mark.parametrize("typed, shown", [
    # Direction marks reorder what the inbox shows: "0800 123 456" would read "0800456 123".
    ("0800 \u200f123\u200f 456", "0800 123 456"),
    ("0800\u061c 123 \u200e456", "0800 123 456"),
    ("call me\u200b on\u2060 Friday\u2063\u2064", "call me on Friday"),
    ("a\u00adb\u180ec\U000e0001\U000e0065\U000e006e", "abc"),  # soft hyphen, old separator, loose tags
    ("\u3164\u115f\u1160hello", "hello"),  # Hangul fillers, used as blank names
    # What emoji need stays: the joiner, variation selectors and the tags of a flag such as Wales.
    ("👩\u200d💻 ❤\ufe0f", "👩\u200d💻 ❤\ufe0f"),
    ("\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f Cymru",
     "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f Cymru"),
    ("می\u200cخواهم", "می\u200cخواهم"),  # the non-joiner is part of how Persian is spelled
])
def test_direction_marks_and_invisible_characters_are_removed_and_emoji_kept(typed, shown):
    assert clean_typed_text(typed) == shown


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=40))
def test_ordinary_typing_is_kept_as_it_was(text):
    assert clean_typed_text(text) == text.strip()


@lenient
@given(awkward)
def test_a_postcode_is_well_formed_ascii_or_none(text):
    found = normalise_postcode(text)
    assert found is None or re.fullmatch(r"(GIR|[A-Z]{1,2}[0-9][0-9A-Z]?)( [0-9][A-Z]{2})?", found), found


DIRECTORY = load_providers()
WESTWAY = DIRECTORY.provider("westway_sample")


@lenient
@given(name=awkward, health=awkward, good_times=awkward)
def test_a_referral_with_any_answers_is_cleaned_or_explained_never_an_error(name, health, good_times):
    referral = Referral(provider_id=WESTWAY.id, programme_id="connect_to_work", name=name,
                        contact_methods=("phone",), phone="07700 900461", council_id=WESTWAY.councils[0],
                        consent=consent_given(WESTWAY, dt.datetime.now(dt.timezone.utc)),
                        health_in_own_words=health, good_times=good_times)
    cleaned, problems = validate(referral, DIRECTORY)
    explained = {p.field for p in problems}  # an answer with a problem is asked for again, not kept
    for field in {"name", "health_in_own_words", "good_times"} - explained:
        value = getattr(cleaned, field)
        assert value is None or (value and not UNSEEN.search(value)), (field, value)
    assert all(p.text.easy for p in problems)


@lenient
@given(awkward)
def test_crisis_words_benefit_names_and_access_needs_are_read_from_any_text(text):
    detect_crisis(text)
    assert parse_benefit(text) is None or isinstance(parse_benefit(text), str)
    assert set(needs_in(text)) <= set(ACCESS_NEEDS)


@lenient
@given(st.lists(st.fixed_dictionaries({"event": st.sampled_from(["user", "bot", "action", "slot"]),
                                       "text": st.one_of(st.none(), awkward),
                                       "timestamp": st.one_of(st.none(), st.floats(allow_nan=True), awkward)}),
                max_size=8))
def test_a_handover_summary_is_made_from_any_chat(events):
    assert isinstance(summarise(events), str)
