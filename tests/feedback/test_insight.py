"""Anonymous insight: counts from the tracker store and the app database, for one partner only, with counts
from 1 to 4 hidden everywhere they are shown."""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter

from hypothesis import given, settings, strategies as st

from bot.feedback.store import FeedbackStore
from bot.handoff import choose_specialist
from bot.handoff.tickets import TicketStore
from bot.insight import DAILY, Insight, gather_insight, shown
from bot.knowledge.providers import load_providers
from bot.referrals.status import consent_given
from bot.referrals.store import ReferralStore
from bot.referrals.validation import Referral
from bot.web.insight import insight_html

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
TODAY, YESTERDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 22)


def chat(tracker, name: str, partner: str, when: dt.datetime, intents: list[str], form: str | None = None,
         question: str | None = None) -> None:
    at = when.timestamp()
    for intent in intents:
        tracker.add(name, {"event": "user", "timestamp": at, "text": "words nobody should see",
                           "metadata": {"partner": partner}, "parse_data": {"intent": {"name": intent}}})
    if form:
        tracker.add(name, {"event": "active_loop", "timestamp": at, "name": form})
        tracker.add(name, {"event": "slot", "timestamp": at, "name": "requested_slot", "value": question})


def test_small_counts_are_hidden_and_others_shown():
    assert [shown(n) for n in (0, 1, 4, 5, 120)] == ["0", "fewer than 5", "fewer than 5", "5", "120"]


def test_insight_counts_one_partners_chats_handoffs_referrals_and_ratings(tracker, engine, cipher):
    for n in range(6):
        chat(tracker, f"today-{n}", "demo", NOW, ["greet", "ask_programme"])
    chat(tracker, "yesterday-1", "demo", NOW - dt.timedelta(days=1), ["greet"])
    chat(tracker, "yesterday-2", "demo", NOW - dt.timedelta(days=1), ["refer_me", "inform"], "referral_form",
         "referral_phone")
    chat(tracker, "finished-form", "demo", NOW, ["what_might_suit_me"], "suit_form", "nation")
    tracker.add("finished-form", {"event": "active_loop", "timestamp": NOW.timestamp(), "name": None})
    chat(tracker, "elsewhere", "another-partner", NOW, ["greet"])
    chat(tracker, "long-ago", "demo", NOW - dt.timedelta(days=60), ["greet"])
    TicketStore(engine, cipher).open_ticket("today-0", "demo", choose_specialist("asked"), "", [], {}, now=NOW)
    directory = load_providers()
    westway = directory.provider("westway_sample")
    referral = Referral(provider_id=westway.id, name="Robin", contact_methods=("phone",), phone="07700 900461",
                        council_id=westway.councils[0], consent=consent_given(westway, NOW))
    referrals = ReferralStore(engine, cipher, directory)
    referrals.submit(referral, "today-1:form", conversation_id="today-1", now=NOW)
    referrals.submit(referral, "elsewhere:form", conversation_id="elsewhere", now=NOW)
    feedback = FeedbackStore(engine, cipher)
    for _ in range(5):
        feedback.rate("demo", "Hello.", "easy", today=TODAY)
    feedback.rate("another-partner", "Hello.", "not_easy", today=TODAY)

    found = gather_insight("demo", tracker, engine, now=NOW)
    assert len(found.days) == 28 and found.days[-1] == TODAY
    assert found.daily["conversations"][TODAY] == 7 and found.daily["conversations"][YESTERDAY] == 2
    assert found.daily["handoffs"][TODAY] == 1 and found.daily["rated_easy"][TODAY] == 5
    assert found.daily["referrals"][TODAY] == 1, "only the referral from this partner's chat"
    assert found.daily["rated_not_easy"][TODAY] == 0
    assert found.topics["greet"] == 7 and found.topics["ask_programme"] == 6 and "refer_me" in found.topics
    assert dict(found.stopped_in) == {("referral_form", "referral_phone"): 1}

    table = found.csv()
    assert "conversations,2026-11-23,7" in table and "conversations,2026-11-22,fewer than 5" in table
    assert "handoffs,2026-11-23,fewer than 5" in table and "rated_easy,2026-11-23,5" in table
    assert "topic,ask_programme,6" in table and "topic,refer_me,fewer than 5" in table
    assert "stopped in a form,referral_form: referral_phone,fewer than 5" in table
    assert "words nobody should see" not in table and "today-0" not in table


def total_shown(page: str, heading: str = "Conversations") -> tuple[str, str]:
    """The text and the bar of one row of the "In total" table."""
    row = re.search(rf'<th scope="row">{heading}</th><td>([^<]*)</td><td>(.*?)</td></tr>', page)
    return row.group(1), row.group(2)


def test_a_hidden_count_cannot_be_worked_out_from_a_total(tracker, engine, cipher):
    # Seven chats today and two yesterday: a total of 9 beside "7" and "fewer than 5" would give the 2 away.
    for n in range(7):
        chat(tracker, f"today-{n}", "demo", NOW, ["greet"])
    for n in range(2):
        chat(tracker, f"yesterday-{n}", "demo", NOW - dt.timedelta(days=1), ["greet"])
    # Every day shown for this partner: its total is theirs, and the chat that started before the 28 days (so
    # is in none of them) is not in it either, or subtraction would count it.
    for n in range(7):
        chat(tracker, f"busy-today-{n}", "busy", NOW, ["greet"])
    for n in range(5):
        chat(tracker, f"busy-yesterday-{n}", "busy", NOW - dt.timedelta(days=1), ["greet"])
    chat(tracker, "busy-long-ago", "busy", NOW - dt.timedelta(days=40), ["greet"])
    chat(tracker, "busy-long-ago", "busy", NOW, ["inform"])

    page = insight_html(gather_insight("demo", tracker, engine, now=NOW))
    assert "<td>7</td>" in page and "<td>fewer than 5</td>" in page
    assert total_shown(page) == ("at least 8", ""), "7 shown, and at least 1 on the hidden day; no bar to measure"
    busy = insight_html(gather_insight("busy", tracker, engine, now=NOW))
    text, bar = total_shown(busy)
    assert text == "12" and "<svg" in bar, "the days shown add up to the total shown"


def view(days: list[dt.date], counts: tuple[int, ...], measure: str) -> tuple[str, str]:
    found = Insight("demo", days, {m: Counter() for m in DAILY})
    found.daily[measure].update(dict(zip(days, counts)))
    return found.csv(), insight_html(found)


@settings(max_examples=40, deadline=None)
@given(counts=st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 9]), min_size=1, max_size=4),
       measure=st.sampled_from(["conversations", "handoffs"]))
def test_no_hidden_count_is_determined_by_what_is_shown(counts, measure):
    """For any counts, every other count a hidden day could have had shows the page and the CSV exactly as
    they are: so nothing shown, totals and bars included, tells which it was."""
    days = [TODAY - dt.timedelta(days=n) for n in range(len(counts) - 1, -1, -1)]
    seen = view(days, tuple(counts), measure)
    hidden = [i for i, count in enumerate(counts) if 0 < count < 5]
    could_be = [others for others in itertools.product(*(range(1, 5) if i in hidden else [count]
                                                          for i, count in enumerate(counts)))
                if view(days, others, measure) == seen]
    for i in hidden:
        assert {others[i] for others in could_be} == {1, 2, 3, 4}, (counts, i)
