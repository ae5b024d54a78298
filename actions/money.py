"""Actions for Permitted Work and better-off sums: a short form, then the sum with its working."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import asked, say_answer, typed_answer
from bot.benefit_names import parse_benefit
from bot.understanding.yes_no import parse_yes_no
from bot.rules import BadAmount, better_off_summary, load_rates, quoted_figures
from bot.rules.amounts import parse_hours, parse_pay, parse_pay_period
from bot.rules.rates import as_hours, as_money, monthly_to_weekly

SUM_BENEFITS = {"esa": "ESA", "uc": "UC"}
AGE_FOR_BAND = {"21_plus": 21, "18_to_20": 18, "16_to_17": 16}


def hourly_pay(amount: Decimal, period: str, hours: Decimal) -> Decimal:
    """Pay an hour from pay for an hour, a week or a month (a month back to a week as DWP does: x 12 / 52)."""
    if period == "hour":
        return amount
    weekly = amount if period == "week" else monthly_to_weekly(amount)
    return weekly / hours


def money_answer(slots: dict[str, Any], today=None) -> tuple[list[str], bool]:
    """The working, step by step, and whether the answer should offer an adviser first."""
    hours = Decimal(str(slots["hours_a_week"]))
    if hours == 0:
        raise BadAmount("With 0 hours there is no pay to work out. Please give the hours a week.")
    rate = hourly_pay(Decimal(str(slots["pay_amount"])), slots["pay_period"], hours)
    summary = better_off_summary(
        hours, rate, load_rates(today=today),
        benefit=SUM_BENEFITS[slots["benefit"]], age=AGE_FOR_BAND[slots["age_band"]],
        has_lcw_or_lcwra=slots.get("uc_lcw") == "yes", has_child=slots.get("uc_child") == "yes",
        has_housing_costs=slots.get("uc_housing") == "yes",
    )
    return summary.steps, summary.needs_adviser


class ActionBenefitAnswer(Action):
    """How work fits with the person's benefit, with this tax year's limits from data/knowledge/rates."""

    def name(self) -> str:
        return "action_benefit_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        figures, inferred = quoted_figures(load_rates())
        dispatcher.utter_message(response="utter_benefit_answer", **figures)
        if inferred and tracker.get_slot("benefit") in SUM_BENEFITS:
            dispatcher.utter_message(response="utter_figures_expected")
        return []


class ActionMoneyAnswer(Action):
    """Gives the sum when the form is done, and again when the person changes an answer ("I meant 12 hours")."""

    def name(self) -> str:
        return "action_money_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        slots = {name: tracker.get_slot(name) for name in ("benefit", "esa_group", "uc_lcw", "uc_child", "uc_housing",
                                                           "hours_a_week", "pay_amount", "pay_period", "age_band")}
        if slots["benefit"] not in SUM_BENEFITS:
            dispatcher.utter_message(response="utter_money_not_for_sum")
            dispatcher.utter_message(response="utter_money_next")
            return []
        changes = corrections(tracker.latest_message.get("text") or "", dispatcher)
        slots.update(changes)
        if any(slots[name] is None for name in ("hours_a_week", "pay_amount", "pay_period", "age_band")):
            dispatcher.utter_message(response="utter_money_next")  # nothing to work out from yet
            return []
        try:
            steps, _ = money_answer(slots)
        except BadAmount as problem:
            dispatcher.utter_message(response="utter_amount_problem", problem=str(problem))
            return []
        events = [SlotSet(name, value) for name, value in changes.items()]
        events += say_answer(dispatcher, tracker, "\n".join(steps))
        dispatcher.utter_message(response="utter_right_to_try")
        dispatcher.utter_message(response="utter_money_next")
        return events


def corrections(text: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """New hours or pay named in a message such as "no, I meant 12 hours". A bad value is refused plainly."""
    changes: dict[str, Any] = {}
    hours = parse_hours(text)
    amount, period = parse_pay(text)
    try:
        if hours is not None:
            changes["hours_a_week"] = float(as_hours(hours))
        if amount is not None:
            changes["pay_amount"] = float(as_money(amount))
        if period is not None:
            changes["pay_period"] = period
    except BadAmount as problem:
        dispatcher.utter_message(response="utter_amount_problem", problem=str(problem))
        return {}
    return changes


def yes_or_no(text: str) -> str | None:
    reply = parse_yes_no(text)
    return reply if reply in ("yes", "no") else None


class ValidateMoneyForm(FormValidationAction):
    """Asks only what the sum needs, reads typed answers, and answers bad ones with a plain question."""

    def name(self) -> str:
        return "validate_money_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        benefit = tracker.get_slot("benefit")
        if benefit not in SUM_BENEFITS:
            return ["benefit"]  # PIP, none or not sure: no sum to work out, the answer says why
        if benefit == "esa":
            questions = ["esa_group"]
        else:
            questions = ["uc_lcw", "uc_child"]
            # Housing costs only change the sum when there is a work allowance.
            if "yes" in (tracker.get_slot("uc_lcw"), tracker.get_slot("uc_child")):
                questions.append("uc_housing")
        return ["benefit", *questions, "hours_a_week", "pay_amount", "pay_period", "age_band"]

    @staticmethod
    def _text(tracker: Tracker) -> str:
        return tracker.latest_message.get("text") or ""

    async def extract_benefit(self, dispatcher, tracker, domain):
        return typed_answer("benefit", tracker, dispatcher, parse_benefit, "utter_benefit_not_understood")

    async def extract_esa_group(self, dispatcher, tracker, domain):
        def read(text):
            text = text.lower()
            if "support" in text:
                return "support"
            if "work" in text or "wrag" in text:
                return "work_related_activity"
            return "not_sure" if parse_yes_no(text) == "not_sure" else None
        return typed_answer("esa_group", tracker, dispatcher, read)

    async def extract_uc_lcw(self, dispatcher, tracker, domain):
        return typed_answer("uc_lcw", tracker, dispatcher, parse_yes_no)

    async def extract_uc_child(self, dispatcher, tracker, domain):
        return typed_answer("uc_child", tracker, dispatcher, yes_or_no)

    async def extract_uc_housing(self, dispatcher, tracker, domain):
        return typed_answer("uc_housing", tracker, dispatcher, yes_or_no)

    async def extract_hours_a_week(self, dispatcher, tracker, domain):
        text = self._text(tracker)
        hours = parse_hours(text)
        money, _ = parse_pay(text)
        if hours is None and money is None and asked(tracker, "hours_a_week"):
            hours, _ = parse_pay(text, expecting_pay=True)  # a bare number answers the question asked
        if hours is None:
            if asked(tracker, "hours_a_week") and money is None:
                dispatcher.utter_message(response="utter_hours_not_understood")
                return {"hours_a_week": None}
            return {}
        try:
            return {"hours_a_week": float(as_hours(hours))}
        except BadAmount as problem:
            dispatcher.utter_message(response="utter_amount_problem", problem=str(problem))
            return {"hours_a_week": None}

    async def extract_pay_amount(self, dispatcher, tracker, domain):
        text = self._text(tracker)
        pay_asked = asked(tracker, "pay_amount")
        amount, period = parse_pay(text, expecting_pay=pay_asked)
        if amount is None:
            if pay_asked and parse_hours(text) is None:  # a message that changes the hours is not a bad pay answer
                dispatcher.utter_message(response="utter_pay_not_understood")
                return {"pay_amount": None}
            return {}
        try:
            found = {"pay_amount": float(as_money(amount))}
        except BadAmount as problem:
            dispatcher.utter_message(response="utter_amount_problem", problem=str(problem))
            return {"pay_amount": None}
        return {**found, "pay_period": period} if period else found

    async def extract_pay_period(self, dispatcher, tracker, domain):
        chosen = next(tracker.get_latest_entity_values("pay_period"), None)
        if chosen:
            return {"pay_period": chosen}
        return typed_answer("pay_period", tracker, dispatcher, parse_pay_period)

    async def extract_age_band(self, dispatcher, tracker, domain):
        if not asked(tracker, "age_band") or tracker.get_slot("age_band"):
            return {}
        amount, _ = parse_pay(self._text(tracker), expecting_pay=True)
        if amount is None:
            dispatcher.utter_message(response="utter_situation_not_understood")
            return {"age_band": None}
        if amount < 16:
            dispatcher.utter_message(response="utter_amount_problem", problem="This guide is for people aged 16 or over.")
            return {"age_band": None}
        return {"age_band": "21_plus" if amount >= 21 else "18_to_20" if amount >= 18 else "16_to_17"}
