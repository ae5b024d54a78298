"""The provider directory: postcodes, councils, providers for an area, and the side-by-side comparison."""
from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from bot.knowledge import knowledge_path
from bot.knowledge.providers import (ACCESS, MEETS, Area, Problem, _parse, area_for_postcode, load_providers,
                                     normalise_postcode, parse_postcode, providers_for)

CENTRAL_LONDON = {"camden", "city_of_london", "hackney", "haringey", "islington", "kensington_and_chelsea",
                  "lambeth", "lewisham", "southwark", "tower_hamlets", "wandsworth", "westminster"}

# ---------------------------------------------------------------- postcode format, as property tests

AREA_LETTER = st.sampled_from("ABCDEFGHIJKLMNOPRSTUWYZ")  # first letter: not Q, V, X
SECOND_LETTER = st.sampled_from("ABCDEFGHKLMNOPQRSTUVWXY")  # not I, J, Z
DIGIT = st.sampled_from("0123456789")
THIRD = st.sampled_from("ABCDEFGHJKPSTUW")  # A9A
FOURTH = st.sampled_from("ABEHMNPRVWXY")  # AA9A
INWARD_LETTER = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")  # not C, I, K, M, O, V

outward_codes = st.one_of(
    st.tuples(AREA_LETTER, DIGIT),
    st.tuples(AREA_LETTER, DIGIT, DIGIT),
    st.tuples(AREA_LETTER, SECOND_LETTER, DIGIT),
    st.tuples(AREA_LETTER, SECOND_LETTER, DIGIT, DIGIT),
    st.tuples(AREA_LETTER, DIGIT, THIRD),
    st.tuples(AREA_LETTER, SECOND_LETTER, DIGIT, FOURTH),
).map("".join)
inward_codes = st.tuples(DIGIT, INWARD_LETTER, INWARD_LETTER).map("".join)


def _as_typed(code: str, draw) -> str:
    # How a person might type it: any case, spaces anywhere, around it too.
    chars = [c.lower() if draw(st.booleans()) else c for c in code]
    return "".join(c + " " * draw(st.integers(0, 2)) for c in chars).strip() + " " * draw(st.integers(0, 2))


@settings(deadline=None)  # a loaded CI machine is slow; the test is about answers, not speed
@given(outward_codes, inward_codes, st.data())
def test_every_valid_postcode_is_accepted_however_it_is_typed(outward, inward, data):
    typed = _as_typed(outward + inward, data.draw)
    assert normalise_postcode(typed) == f"{outward} {inward}"


@given(outward_codes, st.data())
def test_the_first_half_alone_is_accepted(outward, data):
    assert normalise_postcode(_as_typed(outward, data.draw)) == outward


@given(st.text(max_size=30))
def test_any_text_gives_a_well_formed_postcode_or_none(text):
    result = normalise_postcode(text)
    if result is not None:
        assert re.fullmatch(r"[A-Z0-9]{2,4}( [0-9][A-Z]{2})?", result)
        assert normalise_postcode(result) == result  # normalising twice changes nothing


@given(outward_codes, inward_codes, st.sampled_from("CIKMOV"), st.integers(1, 2))
def test_letters_never_used_in_the_second_half_are_refused(outward, inward, bad, position):
    wrong = inward[:position] + bad + inward[position + 1:]
    assert parse_postcode(outward + wrong) is None


@pytest.mark.parametrize("text", ["", "   ", "hello", "SW1A 1A", "SW1A 1AAA", "QA1 1AA", "12345", "SW1A-1AA",
                                  "W1A 1OA", "XX1 1AA", None, 12345, "E1" * 20])
def test_not_postcodes(text):
    assert parse_postcode(text) is None


# ---------------------------------------------------------------- areas


def test_a_postcode_inside_one_council_gives_that_council():
    area = area_for_postcode("sw1a1aa")
    assert isinstance(area, Area)
    assert (area.postcode, area.district, area.council.id) == ("SW1A 1AA", "SW1A", "westminster")
    assert not area.needs_choice


def test_a_district_on_a_border_asks_the_person_to_choose():
    area = area_for_postcode("N4 2AB")
    assert area.needs_choice and area.council is None
    assert {c.id for c in area.councils} == {"haringey", "hackney", "islington"}


def test_a_postcode_outside_the_sample_area_has_no_council():
    area = area_for_postcode("M1 1AE")
    assert isinstance(area, Area) and area.councils == () and area.district == "M1"


@pytest.mark.parametrize("text, code", [("", "postcode_missing"), ("not a postcode", "postcode_not_valid")])
def test_a_bad_postcode_says_what_to_do_in_easy_read(text, code):
    problem = area_for_postcode(text)
    assert isinstance(problem, Problem) and problem.code == code
    assert "council" in problem.text.easy  # always offers the other way: choosing the council


@pytest.mark.parametrize("typed, council", [("Kensington & Chelsea", "kensington_and_chelsea"),
                                            ("I live in tower hamlets", "tower_hamlets"),
                                            ("harringey", "haringey"), ("City of Westminster", "westminster")])
def test_a_council_can_be_chosen_by_name(typed, council):
    assert load_providers().area_for_council(typed).council.id == council


def test_an_unknown_council_is_a_problem():
    assert load_providers().area_for_council("Atlantis").code == "council_not_known"


# ---------------------------------------------------------------- the providers file


def test_every_central_london_borough_has_a_connect_to_work_provider():
    directory = load_providers()
    assert {c.id for c in directory.councils.values() if c.connect_to_work_area} == CENTRAL_LONDON
    for council in CENTRAL_LONDON:
        assert providers_for(council, "connect_to_work"), council


def test_the_providers_are_marked_as_sample_data_with_drama_numbers_and_example_addresses():
    for provider in load_providers().providers.values():
        assert provider.sample and "(sample)" in provider.name
        assert re.fullmatch(r"020 7946 0\d{3}", provider.phone)
        assert provider.email.endswith("@example.org")
        assert provider.delivery.email is None or provider.delivery.email.endswith("@example.org")
        assert provider.delivery.url is None or provider.delivery.url.startswith("http://127.0.0.1:")
        assert set(provider.meets) <= set(MEETS) and set(provider.access) <= set(ACCESS)


def test_each_delivery_kind_is_represented():
    kinds = {p.delivery.kind for p in load_providers().providers.values()}
    assert kinds == {"webhook", "email", "pull"}


def test_providers_for_an_area_on_a_border_shows_every_choice():
    directory = load_providers()
    found = directory.providers_for_area(directory.area_for_postcode("EC2A 1AB"), "connect_to_work")
    assert {p.id for p in found} == {"northbank_sample", "eastside_sample", "westway_sample"}


def test_comparison_side_by_side_in_easy_read():
    rows = load_providers().compare("northbank_sample", "riverside_sample")
    labels = [row[0] for row in rows]
    assert labels == ["About them", "How you can meet", "Help to take part", "When they will contact you"]
    assert all(len(row) == 3 for row in rows)
    assert rows[1][1] == "Phone call, Video call, Face to face, At your home"
    assert rows[3][1:] == ("Within 3 working days", "Within 5 working days")
    with pytest.raises(LookupError):
        load_providers().compare("northbank_sample", "nobody")


def _files():
    return yaml.safe_load(knowledge_path("providers.yml").read_text()), \
        yaml.safe_load(knowledge_path("postcode_districts.yml").read_text())


@pytest.mark.parametrize("url", ["http://example.org/hook", "ftp://127.0.0.1/x", "http://10.0.0.5/hook"])
def test_a_webhook_must_be_https_unless_it_is_on_this_machine(url):
    providers, districts = _files()
    providers["providers"][0]["delivery"] = {"webhook": {"url": url, "secret_env": "X"}}
    with pytest.raises(ValueError, match="https"):
        _parse(providers, districts)


def test_a_provider_in_an_unknown_council_is_refused():
    providers, districts = _files()
    providers["providers"][0]["areas"]["councils"].append("atlantis")
    with pytest.raises(ValueError, match="known ids"):
        _parse(providers, districts)
