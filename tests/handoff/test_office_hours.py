"""Office hours in UK time: edges of the day, weekends, the 2026 clock changes, and call-back slots."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from accessibility.easy_read import check_text
from bot.handoff import callback_slots, describe_slot, is_open, load_handoff_words, next_opening, parse_hours, slot_said

UK = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
WEEKDAYS_9_TO_5 = {day: ["09:00", "17:00"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}
HOUR = dt.timedelta(hours=1)


def uk(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UK)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# ---------------------------------------------------------------- the edges of a day (Monday 23 November 2026)


@pytest.mark.parametrize("moment, expected", [
    (uk(2026, 11, 23, 8, 59, 59), False),  # just before opening
    (uk(2026, 11, 23, 9, 0), True),  # opening time
    (uk(2026, 11, 23, 16, 59, 59), True),
    (uk(2026, 11, 23, 17, 0), False),  # closing time is closed
    (uk(2026, 11, 28, 12, 0), False),  # Saturday
    (uk(2026, 11, 29, 12, 0), False),  # Sunday
])
def test_open_or_closed(moment, expected):
    assert is_open(WEEKDAYS_9_TO_5, moment) is expected


def test_just_before_opening_the_next_opening_is_today():
    assert next_opening(WEEKDAYS_9_TO_5, uk(2026, 11, 23, 8, 59)) == uk(2026, 11, 23, 9, 0)


def test_when_open_the_next_opening_is_now():
    now = uk(2026, 11, 23, 11, 15)
    assert next_opening(WEEKDAYS_9_TO_5, now) == now


def test_at_friday_closing_time_the_next_opening_is_monday():
    assert next_opening(WEEKDAYS_9_TO_5, uk(2026, 11, 27, 17, 0)) == uk(2026, 11, 30, 9, 0)


def test_at_the_weekend_the_next_opening_is_monday():
    assert next_opening(WEEKDAYS_9_TO_5, uk(2026, 11, 28, 10, 0)) == uk(2026, 11, 30, 9, 0)


def test_a_closed_day_in_the_week_is_skipped():
    hours = dict(WEEKDAYS_9_TO_5, wednesday=None)
    assert next_opening(hours, uk(2026, 11, 24, 17, 30)) == uk(2026, 11, 26, 9, 0)


def test_results_are_in_uk_time_whatever_zone_now_is_in():
    opening = next_opening(WEEKDAYS_9_TO_5, dt.datetime(2026, 11, 23, 2, 0, tzinfo=ZoneInfo("America/New_York")))
    assert opening.tzinfo == UK and opening == uk(2026, 11, 23, 9, 0)


# ---------------------------------------------------------------- clocks go forward: Sunday 29 March 2026


def test_spring_friday_afternoon_is_open_in_gmt():
    assert is_open(WEEKDAYS_9_TO_5, utc(2026, 3, 27, 16, 30))  # 16:30 GMT


def test_spring_monday_opens_at_8_utc():
    assert not is_open(WEEKDAYS_9_TO_5, utc(2026, 3, 30, 7, 59))  # 08:59 BST
    assert is_open(WEEKDAYS_9_TO_5, utc(2026, 3, 30, 8, 0))  # 09:00 BST
    assert not is_open(WEEKDAYS_9_TO_5, utc(2026, 3, 30, 16, 30))  # 17:30 BST


def test_spring_weekend_is_an_hour_shorter():
    friday_close = utc(2026, 3, 27, 17, 0)
    opening = next_opening(WEEKDAYS_9_TO_5, friday_close)
    assert opening == uk(2026, 3, 30, 9, 0) and opening.utcoffset() == HOUR
    assert opening - friday_close == dt.timedelta(hours=63)


def test_a_sunday_opening_on_the_spring_change_day():
    hours = {"sunday": ["10:00", "16:00"]}
    assert not is_open(hours, utc(2026, 3, 29, 8, 30))  # 09:30 BST
    assert is_open(hours, utc(2026, 3, 29, 9, 30))  # 10:30 BST
    assert next_opening(hours, utc(2026, 3, 29, 0, 0)) == utc(2026, 3, 29, 9, 0)


def test_an_opening_time_the_clocks_skip_comes_an_hour_later():
    hours = {"sunday": ["01:30", "04:00"]}  # 01:30 does not happen on 29 March
    opening = next_opening(hours, uk(2026, 3, 28, 12, 0))
    assert opening == utc(2026, 3, 29, 1, 30) and (opening.hour, opening.minute) == (2, 30)


# ---------------------------------------------------------------- clocks go back: Sunday 25 October 2026


def test_autumn_friday_closes_at_16_utc():
    assert not is_open(WEEKDAYS_9_TO_5, utc(2026, 10, 23, 16, 30))  # 17:30 BST
    assert is_open(WEEKDAYS_9_TO_5, utc(2026, 10, 23, 15, 30))  # 16:30 BST


def test_autumn_monday_is_in_gmt():
    assert is_open(WEEKDAYS_9_TO_5, utc(2026, 10, 26, 16, 30))  # 16:30 GMT
    assert not is_open(WEEKDAYS_9_TO_5, utc(2026, 10, 26, 8, 30))  # 08:30 GMT


def test_autumn_weekend_is_an_hour_longer():
    friday_close = uk(2026, 10, 23, 17, 0)
    opening = next_opening(WEEKDAYS_9_TO_5, friday_close)
    assert opening == utc(2026, 10, 26, 9, 0) and opening.utcoffset() == dt.timedelta(0)
    # Python subtracts two UK times by their wall clocks (64 hours); real time needs UTC.
    assert opening.astimezone(UTC) - friday_close.astimezone(UTC) == dt.timedelta(hours=65)


def test_a_sunday_opening_on_the_autumn_change_day():
    hours = {"sun": ["10:00", "16:00"]}
    assert not is_open(hours, utc(2026, 10, 25, 9, 30))  # 09:30 GMT
    assert is_open(hours, utc(2026, 10, 25, 10, 0))  # 10:00 GMT


# ---------------------------------------------------------------- call-back slots


def test_slots_later_today_then_tomorrow():
    slots = callback_slots(WEEKDAYS_9_TO_5, uk(2026, 11, 23, 15, 10), 3, every=dt.timedelta(minutes=30))
    assert slots == [uk(2026, 11, 23, 16, 30), uk(2026, 11, 24, 9, 0), uk(2026, 11, 24, 9, 30)]


def test_the_last_slot_ends_at_closing_time():
    slots = callback_slots(WEEKDAYS_9_TO_5, uk(2026, 11, 23, 14, 0), 2)
    assert slots == [uk(2026, 11, 23, 15, 0), uk(2026, 11, 23, 16, 0)]  # 16:00 to 17:00 is the last


def test_slots_after_friday_close_in_spring_are_monday_in_bst():
    slots = callback_slots(WEEKDAYS_9_TO_5, utc(2026, 3, 27, 17, 0), 3)
    assert [s.astimezone(UTC).hour for s in slots] == [8, 9, 10]
    assert [(s.hour, s.utcoffset()) for s in slots] == [(9, HOUR), (10, HOUR), (11, HOUR)]


def test_slots_on_the_autumn_change_weekend_are_monday_in_gmt():
    slots = callback_slots(WEEKDAYS_9_TO_5, uk(2026, 10, 24, 10, 0), 2)
    assert slots == [utc(2026, 10, 26, 9, 0), utc(2026, 10, 26, 10, 0)]


def test_asking_again_from_the_last_slot_gives_the_next_ones():
    first = callback_slots(WEEKDAYS_9_TO_5, uk(2026, 11, 23, 8, 0), 3)
    more = callback_slots(WEEKDAYS_9_TO_5, first[-1], 3, notice=HOUR)
    assert more[0] == first[-1] + HOUR and not set(first) & set(more)


def test_no_open_day_means_no_slots_and_no_opening():
    assert callback_slots({"saturday": None}, uk(2026, 11, 23, 9, 0)) == []
    with pytest.raises(ValueError):
        next_opening({}, uk(2026, 11, 23, 9, 0))


@st.composite
def weekly_hours(draw):
    hours = {}
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        if draw(st.booleans()):
            opens = draw(st.integers(0, 22 * 4)) * 15
            closes = draw(st.integers(opens // 15 + 1, 24 * 4 - 1)) * 15
            hours[day] = [f"{opens // 60:02d}:{opens % 60:02d}", f"{closes // 60:02d}:{closes % 60:02d}"]
    return hours


def _between(start: dt.datetime, end: dt.datetime):
    return st.datetimes(min_value=start, max_value=end, timezones=st.just(UTC))


# Any time in 2026, with extra weight on the two clock-change weekends.
moments = st.one_of(_between(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31)),
                    _between(dt.datetime(2026, 3, 27), dt.datetime(2026, 3, 31)),
                    _between(dt.datetime(2026, 10, 23), dt.datetime(2026, 10, 27)))


@settings(max_examples=300, deadline=None)
@given(weekly_hours(), moments, st.integers(1, 4), st.sampled_from([15, 30, 60, 90]))
def test_every_slot_is_wholly_inside_open_hours(hours, now, count, minutes):
    every = dt.timedelta(minutes=minutes)
    slots = callback_slots(hours, now, count, every=every)
    assert len(slots) <= count
    in_utc = [slot.astimezone(UTC) for slot in slots]  # UK times equal on the wall clock may differ in fact
    assert in_utc == sorted(set(in_utc))
    for slot in slots:
        assert slot >= now + HOUR  # the default notice
        assert is_open(hours, slot)
        assert is_open(hours, slot.astimezone(UTC) + every - dt.timedelta(seconds=1))  # real time, not wall clock
        assert slot.tzinfo == UK


@settings(max_examples=300, deadline=None)
@given(weekly_hours(), moments)
def test_next_opening_is_open_and_never_in_the_past(hours, now):
    if not parse_hours(hours):
        return
    opening = next_opening(hours, now)
    assert opening >= now and is_open(hours, opening)
    assert opening == now or not is_open(hours, opening.astimezone(UTC) - dt.timedelta(minutes=1))


# ---------------------------------------------------------------- reading hours and saying times


def test_hours_written_in_yaml_without_quotes_are_understood():
    hours = yaml.safe_load("monday: [9:00, 17:00]\ntue: [09:30, 16:00]\nsaturday: closed\n")
    assert parse_hours(hours) == {0: (dt.time(9), dt.time(17)), 1: (dt.time(9, 30), dt.time(16))}


def test_the_partners_file_form_works_as_it_is():
    hours = yaml.safe_load('monday: {open: "09:00", close: "17:00"}\nfriday: {open: "10:00", close: "12:30"}\n')
    assert parse_hours(hours) == {0: (dt.time(9), dt.time(17)), 4: (dt.time(10), dt.time(12, 30))}


def test_weekday_numbers_work_too():
    assert parse_hours({0: ["09:00", "17:00"]}) == {0: (dt.time(9), dt.time(17))}


@pytest.mark.parametrize("hours", [
    {"monday": ["17:00", "09:00"]},  # closes before it opens
    {"monday": ["09:00"]},
    {"funday": ["09:00", "17:00"]},
    {"monday": ["09:00", "17:00"], "mon": ["10:00", "12:00"]},
    {"monday": None, "mon": ["10:00", "12:00"]},
    {"monday": ["nine", "five"]},
    ["09:00", "17:00"],
])
def test_bad_hours_are_refused(hours):
    with pytest.raises(ValueError):
        parse_hours(hours)


def test_now_without_a_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        is_open(WEEKDAYS_9_TO_5, dt.datetime(2026, 11, 23, 10, 0))


def test_slots_in_plain_words():
    now = uk(2026, 11, 23, 15, 0)
    assert describe_slot(uk(2026, 11, 23, 16, 30), now) == "today at 4:30pm"
    assert describe_slot(uk(2026, 11, 24, 9, 0), now) == "tomorrow at 9am"
    assert describe_slot(uk(2026, 3, 30, 12, 0)) == "Monday 30 March at midday"
    assert describe_slot(utc(2026, 3, 30, 8, 0)) == "Monday 30 March at 9am"  # BST


def test_midday_and_midnight_are_words_never_12pm_or_12am():
    now = uk(2026, 11, 23, 15, 0)  # Monday afternoon
    assert describe_slot(uk(2026, 11, 24, 12, 0), now) == "tomorrow at midday"
    assert describe_slot(uk(2026, 11, 24, 0, 0), now) == "tonight at midnight"
    assert describe_slot(uk(2026, 11, 25, 0, 0), now) == "midnight at the start of Wednesday 25 November"
    assert describe_slot(uk(2026, 11, 24, 0, 30), now) == "tomorrow at 12:30am"
    assert describe_slot(uk(2026, 11, 24, 12, 30), now) == "tomorrow at 12:30pm"


def test_a_team_whose_hours_start_at_midnight_is_offered_midnight_in_words():
    hours = {"tuesday": ["00:00", "02:00"], "wednesday": ["00:00", "02:00"]}
    now = uk(2026, 11, 23, 15, 0)  # Monday afternoon
    slots = callback_slots(hours, now, count=3)
    words = [describe_slot(s, now) for s in slots]
    assert words == ["tonight at midnight", "tomorrow at 1am", "midnight at the start of Wednesday 25 November"]
    assert not any("12am" in w or "12pm" in w for w in words)


def test_the_booked_message_with_midnight_or_midday_is_still_easy_read():
    booked = load_handoff_words().callback_booked.easy
    now = uk(2026, 11, 23, 15, 0)
    for slot in (uk(2026, 11, 24, 0, 0), uk(2026, 11, 25, 0, 0), uk(2026, 11, 24, 12, 0)):
        text = booked.format(slot=describe_slot(slot, now))
        assert check_text(text, level="easy", where="callback_booked") == [], text


# ---------------------------------------------------------------- a call-back time typed

NOW = uk(2026, 11, 23, 15, 10)  # a Monday
OFFERED = [uk(2026, 11, 23, 16, 0), uk(2026, 11, 24, 12, 0), uk(2026, 11, 25, 12, 0), uk(2026, 11, 24, 14, 30)]


@pytest.mark.parametrize("typed, meant", [
    ("tomorrow at midday", OFFERED[1]),  # the button's own words
    ("tomorrow at 12pm", OFFERED[1]),
    ("noon tomorrow please", OFFERED[1]),
    ("12 on wednesday", OFFERED[2]),
    ("4pm", OFFERED[0]),
    ("4 pm is fine", OFFERED[0]),
    ("16:00", OFFERED[0]),
    ("2.30pm", OFFERED[3]),
    ("14:30", OFFERED[3]),
])
def test_a_time_typed_as_people_say_it_picks_the_slot(typed, meant):
    assert slot_said(typed, OFFERED, NOW) == meant


@pytest.mark.parametrize("typed", ["12pm", "midday", "9am", "1:30pm", "whenever", "the 2nd one"])
def test_a_time_on_two_days_or_not_offered_picks_none(typed):
    assert slot_said(typed, OFFERED, NOW) is None
