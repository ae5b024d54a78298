"""The money actions, run with rasa-sdk's own Tracker and CollectingDispatcher, with the clock moved."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.money import ActionBenefitAnswer, ActionMoneyAnswer, ValidateMoneyForm

UC_SLOTS = {"benefit": "uc", "uc_lcw": "no", "uc_child": "no", "hours_a_week": 20.0, "pay_amount": 800.0,
            "pay_period": "four_weeks", "age_band": "21_plus", "detail_level": "easy"}


def tracker(slots: dict, text: str = "", requested: str | None = None) -> Tracker:
    return Tracker(sender_id="test-person", slots={"requested_slot": requested, **slots},
                   latest_message={"text": text, "intent": {"name": "inform", "confidence": 1.0}, "entities": []},
                   events=[], paused=False, followup_action=None,
                   active_loop={"name": "money_form"} if requested else {}, latest_action_name="action_listen")


async def said(action, t: Tracker) -> list[dict]:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, t, {})
    return dispatcher.messages


async def test_after_the_last_tax_year_on_file_the_sum_uses_the_newest_and_says_so(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2027-06-01")  # 2027-28: no rates file yet
    messages = await said(ActionMoneyAnswer(), tracker(UC_SLOTS))
    answer = messages[0]["answer"]
    assert "We do not have the rates for 2027-28 yet." in answer
    assert "So we use the newest we have, from 2026-27." in answer
    assert "So you would be £390 a month better off." in answer  # 800 x 13 / 12 = 866.67; less 55%: 476.67
    assert any(m.get("response") == "utter_benefit_answer" for m in await said(ActionBenefitAnswer(), tracker({})))


async def test_in_this_tax_year_the_sum_says_nothing_about_newer_rates(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-07")
    answer = str(await said(ActionMoneyAnswer(), tracker(UC_SLOTS)))
    assert "These sums use rates from 6 April 2026 to 5 April 2027." in answer and "newest" not in answer


@pytest.mark.parametrize("pay, period, asks_nation", [
    (800.0, "four_weeks", False),  # £866.67 a month: under the £12,570 a year before income tax
    (24000.0, "year", True),  # over it, where Scotland's income tax differs
    (15.0, "hour", True),  # 40 hours at £15 = £2,600 a month
])
async def test_the_nation_is_asked_only_when_the_pay_is_taxed(pay, period, asks_nation):
    slots = {**UC_SLOTS, "pay_amount": pay, "pay_period": period, "hours_a_week": 40.0}
    required = await ValidateMoneyForm().required_slots([], CollectingDispatcher(), tracker(slots), {})
    assert ("nation" in required) is asks_nation


@pytest.mark.parametrize("answer, housing_asked", [("yes", True), ("not_sure", True), ("no", False)])
async def test_not_sure_about_lcw_still_asks_about_rent(answer, housing_asked):
    slots = {**UC_SLOTS, "uc_lcw": answer}
    required = await ValidateMoneyForm().required_slots([], CollectingDispatcher(), tracker(slots), {})
    assert ("uc_housing" in required) is housing_asked


@pytest.mark.parametrize("value, text, nation", [
    ("scotland", "/inform", "scotland"), ("Glasgow", "I live in Glasgow", "scotland"),  # the place as the entity finder gave it
    ("Bangor", "Bangor", None), ("Narnia", "I live in Narnia", None), (None, "Bangor", None),
])
def test_a_nation_is_always_one_of_the_four(value, text, nation):
    dispatcher = CollectingDispatcher()
    assert ValidateMoneyForm().validate_nation(value, dispatcher, tracker({}, text, "nation"), {}) == {"nation": nation}
    assert len(dispatcher.messages) == (1 if value is not None and nation is None else 0)  # asked again once, never twice


CORE = yaml.safe_load((Path(__file__).parents[2] / "domain" / "core.yml").read_text())


def benefit_answer_text(benefit: str, level: str, filled: dict) -> str:
    for v in CORE["responses"]["utter_benefit_answer"]:
        if {c["name"]: c["value"] for c in v.get("condition") or []} == {"benefit": benefit, "detail_level": level}:
            return v["text"].format(**filled)
    raise LookupError((benefit, level))


@pytest.mark.parametrize("level", ["easy", "more"])
async def test_the_answer_about_work_and_universal_credit_warns_about_the_first_assessment(level, monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-07")
    messages = await said(ActionBenefitAnswer(), tracker({"benefit": "uc", "detail_level": level}))
    answer = benefit_answer_text("uc", level, messages[0])
    assert "£881.23 a month or more before tax" in answer
    assert "Work Capability Assessment" in answer and "health element" in answer
    # below a work allowance, UC does not go down: the answer no longer says it always does
    assert "When you earn money, your Universal Credit goes down." not in answer
    assert "before Universal Credit goes down" in answer or "before their Universal Credit goes down" in answer


async def test_a_question_about_volunteering_on_universal_credit_is_answered_too():
    asked = Tracker(sender_id="test-person", slots={"benefit": "uc", "detail_level": "easy"},
                    latest_message={"text": "universal credit", "intent": {"name": "inform"}, "entities": []},
                    events=[{"event": "user", "text": "can i do voluntary work on universal credit",
                             "parse_data": {"intent": {"name": "ask_work_and_benefits"}}},
                            {"event": "user", "text": "universal credit", "parse_data": {"intent": {"name": "inform"}}}],
                    paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")
    answers = [m.get("answer") or "" for m in await said(ActionBenefitAnswer(), asked)]
    assert any("You can volunteer while you get benefits." in answer for answer in answers)
    # a question that does not name volunteering gets no word about it
    answers = [m.get("answer") or "" for m in await said(ActionBenefitAnswer(), tracker({"benefit": "uc"}))]
    assert not any("volunteer" in answer for answer in answers)
