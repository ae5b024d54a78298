"""Checks on each answer of a referral: phone, email, postcode, choices, and the Easy Read problems."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, strategies as st

from bot.knowledge.providers import Problem
from bot.referrals import status
from bot.storage.reference import ALPHABET, new_reference, parse_reference
from bot.referrals.validation import Referral, normalise_email, normalise_phone, validate
from bot.understanding.phone import is_mobile

# ---------------------------------------------------------------- phone numbers

national_numbers = st.one_of(
    st.from_regex(r"\A07[1-57-9][0-9]{8}\Z"),  # mobiles
    st.from_regex(r"\A0[12][0-9]{9}\Z"),  # geographic, 11 digits
    st.from_regex(r"\A01[0-9]{8}\Z"),  # a few small places have 10
    st.from_regex(r"\A03[0-9]{9}\Z"),
)


@given(national_numbers, st.sampled_from(["{}", "+44{}", "+44 (0){}", "0044{}"]), st.sampled_from(["", " ", "-"]))
def test_uk_numbers_are_accepted_as_people_write_them(number, form, separator):
    rest = number[1:]
    spaced = separator.join([rest[:3], rest[3:6], rest[6:]])
    typed = form.format(spaced) if form != "{}" else "0" + spaced
    assert normalise_phone(typed) == number


@given(st.text(max_size=25))
def test_any_text_gives_a_uk_number_or_a_problem(text):
    result = normalise_phone(text)
    assert isinstance(result, Problem) or (result.startswith("0") and result.isdigit() and len(result) in (10, 11))


@pytest.mark.parametrize("text", ["", "12345", "0900 123 4567", "+1 202 555 0100", "07700 90012", "07700 9001234",
                                  "phone me", "0800 123 456"])
def test_not_uk_personal_numbers(text):
    assert isinstance(normalise_phone(text), Problem)


def test_texts_need_a_mobile():
    assert is_mobile("07700900461") and not is_mobile("02079460101") and not is_mobile("07600123456")


# ---------------------------------------------------------------- email


@given(st.from_regex(r"\A[a-z0-9._%+-]{1,20}@[a-z0-9-]{1,20}(\.[a-z]{2,6}){1,2}\Z"))
def test_ordinary_email_addresses_are_accepted(email):
    assert normalise_email(f"  {email} ") == email


@pytest.mark.parametrize("text", ["", "name", "name@", "@example.org", "name@example", "a b@example.org",
                                  "name@@example.org", "x@" + "a" * 260 + ".org"])
def test_not_email_addresses(text):
    assert isinstance(normalise_email(text), Problem)


def test_the_domain_is_lower_cased_but_not_the_name():
    assert normalise_email("Robin.Q@Example.ORG") == "Robin.Q@example.org"


# ---------------------------------------------------------------- references


@given(st.integers(0, 50))
def test_references_are_easy_to_read_out(_):
    reference = new_reference()
    assert len(reference) == 9 and reference[4] == "-"
    assert not set(reference.replace("-", "")) & set("01OILU")
    assert parse_reference(reference.lower().replace("-", " ")) == reference


@given(st.text(max_size=20))
def test_any_text_is_a_well_formed_reference_or_none(text):
    found = parse_reference(text)
    assert found is None or (len(found) == 9 and set(found.replace("-", "")) <= set(ALPHABET))


# ---------------------------------------------------------------- a whole referral


def codes(problems):
    return {(p.field, p.code) for p in problems}


def test_a_good_referral_is_cleaned(make_referral):
    cleaned, problems = validate(make_referral(phone="+44 7700 900461", council_id=None, postcode="w2 1aa"))
    assert problems == []
    assert (cleaned.phone, cleaned.postcode, cleaned.council_id) == ("07700900461", "W2 1AA", "westminster")


def test_health_and_the_other_optional_answers_can_be_left_out(directory, now):
    provider = directory.provider("riverside_sample")
    referral = Referral(provider_id=provider.id, name="Robin", contact_methods=("email",), email="r@example.org",
                        council_id="lambeth", consent=status.consent_given(provider, now))
    assert validate(referral)[1] == []


@pytest.mark.parametrize("changes, expected", [
    (dict(consent=None), ("consent", "consent_missing")),
    (dict(name="  "), ("name", "name_missing")),
    (dict(name="x" * 101), ("name", "too_long")),
    (dict(contact_methods=()), ("contact_methods", "contact_missing")),
    (dict(phone=None), ("phone", "phone_missing")),
    (dict(phone="020 7946 0101"), ("phone", "phone_not_mobile")),
    (dict(contact_methods=("email",), phone=None), ("email", "email_missing")),
    (dict(contact_methods=("video",), phone=None), ("contact_methods", "video_needs_contact")),
    (dict(contact_methods=("post",), phone=None), ("address", "address_missing")),
    (dict(contact_methods=("supporter",), phone=None), ("supporter", "supporter_missing")),
    (dict(council_id=None), ("postcode", "area_missing")),
    (dict(council_id=None, postcode="NW8 7AB"), ("council_id", "council_choose")),
    (dict(council_id=None, postcode="not one"), ("postcode", "postcode_not_valid")),
    (dict(council_id="lambeth"), ("provider_id", "outside_area")),
    (dict(council_id=None, postcode="M1 1AE"), ("provider_id", "outside_area")),
    (dict(council_id="atlantis"), ("council_id", "council_not_known")),
    (dict(provider_id="nobody"), ("provider_id", "provider_unknown")),
    (dict(programme_id="workwell"), ("programme_id", "programme_not_offered")),
    (dict(help_wanted=("world_peace",)), ("help_wanted", "choice_not_known")),
    (dict(work_situation="retired"), ("work_situation", "choice_not_known")),
    (dict(health_in_own_words="x" * 2001), ("health_in_own_words", "too_long")),
])
def test_each_problem_names_the_answer_to_fix(make_referral, changes, expected):
    referral = dataclasses.replace(make_referral(), **changes)
    _, problems = validate(referral)
    assert expected in codes(problems)
    assert all(p.text.easy for p in problems)


def test_a_council_chosen_on_a_border_is_kept(make_referral):
    cleaned, problems = validate(make_referral(council_id="westminster", postcode="NW8 7AB"))
    assert problems == [] and cleaned.council_id == "westminster"


def test_every_problem_code_used_has_words(make_referral):
    for code in ("consent_missing", "name_missing", "too_long", "contact_missing", "phone_missing",
                 "phone_not_valid", "phone_not_mobile", "email_missing", "email_not_valid", "address_missing",
                 "supporter_missing", "video_needs_contact", "area_missing", "council_choose", "outside_area",
                 "provider_unknown", "programme_not_offered", "choice_not_known"):
        assert status.problem(code, "x").text.easy


def test_personal_answers_leave_out_the_routing_fields(make_referral):
    personal = make_referral().personal()
    assert personal["name"] == "Robin Quillfeather" and personal["help_wanted"] == ["confidence", "cv"]
    assert not {"provider_id", "programme_id", "council_id", "consent"} & personal.keys()
    assert personal["may_contact_employer"] is False  # never without asking


def test_consent_records_the_exact_words_for_the_provider(directory, now):
    provider = directory.provider("northbank_sample")
    consent = status.consent_given(provider, now)
    assert provider.name in consent.wording and consent.version
    assert len(consent.sha256) == 64
