"""Actions for Permitted Work and better-off sums: a short form, then the sum with its working."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import asked, nation_answer, say_answer, typed_answer, typed_nation
from bot.benefit_names import parse_benefit
from bot.config import today
from bot.knowledge.glossary import load_glossary
from bot.rules import BadAmount, BadInput, Rates, better_off_summary, pay_a_month, rates_for, tax_year_for
from bot.rules.answers import benefit_answer_slots
from bot.rules.amounts import parse_hours, parse_pay, parse_pay_period
from bot.rules.rates import as_hours, as_money
from bot.understanding.yes_no import parse_yes_no

SUM_BENEFITS = {"esa": "ESA", "uc": "UC"}
AGE_FOR_BAND = {"21_plus": 21, "18_to_20": 18, "16_to_17": 16}
PENSION = re.compile(r"\bpension", re.I)
KNOWN = {"yes": True, "no": False, "not_sure": None}  # "not sure" is not "no": the sum gives both cases


def current_rates() -> tuple[Rates, str | None]:
    """This tax year's rates, and the tax year of today when only an earlier year's are on file."""
    day = today()
    rates = rates_for(day)
    wanted = tax_year_for(day)
    return rates, (wanted if wanted != rates.tax_year else None)


def money_answer(slots: dict[str, Any]) -> tuple[list[str], bool]:
    """The working, step by step, and whether the answer should offer an adviser first."""
    rates, newest_for = current_rates()
    summary = better_off_summary(
        Decimal(str(slots["pay_amount"])), slots["pay_period"], Decimal(str(slots["hours_a_week"])), rates,
        benefit=SUM_BENEFITS[slots["benefit"]], age=AGE_FOR_BAND[slots["age_band"]],
        nation=slots.get("nation"),
        has_lcw_or_lcwra=KNOWN.get(slots.get("uc_lcw"), False), has_child=KNOWN.get(slots.get("uc_child"), False),
        has_housing_costs=KNOWN.get(slots.get("uc_housing"), False), newest_rates_for=newest_for,
        pension_a_month=slots.get("pension_a_month") or 0,
    )
    return summary.steps, summary.needs_adviser


def tax_depends_on_nation(slots: dict[str, Any]) -> bool:
    """True when the pay is over the personal allowance, where Scotland's income tax differs."""
    try:
        month = pay_a_month(slots["pay_amount"], slots["pay_period"], slots["hours_a_week"]).pay_a_month
    except (BadInput, TypeError):
        return False
    rates, _ = current_rates()
    return month * 12 > rates["income_tax_personal_allowance"].value


class ActionBenefitAnswer(Action):
    """How work fits with the person's benefit, with this tax year's limits from data/knowledge/rates."""

    def name(self) -> str:
        return "action_benefit_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        if tracker.get_slot("benefit") != "esa" and "volunteering" in terms_asked_about(tracker):
            # Unpaid work: the limits on pay do not apply. The ESA answer covers volunteering; for the others,
            # the glossary's sourced words are the answer.
            volunteering = load_glossary().lookup("volunteering")
            more = tracker.get_slot("detail_level") == "more"
            dispatcher.utter_message(response="utter_answer", answer=volunteering.more if more else volunteering.easy)
            return []
        figures, inferred = benefit_answer_slots(current_rates()[0], tracker.get_slot("nation"))
        dispatcher.utter_message(response="utter_benefit_answer", **figures)
        if inferred and tracker.get_slot("benefit") in SUM_BENEFITS:
            dispatcher.utter_message(response="utter_figures_expected")
        if tracker.get_slot("benefit") in SUM_BENEFITS:  # ESA and UC have the assessment people fear
            dispatcher.utter_message(response="utter_right_to_try")
        return []


def terms_asked_about(tracker: Tracker) -> set[str]:
    """The glossary terms named in the question about work and benefits: the latest message that asked it,
    which may be before the question about which benefit."""
    for event in reversed(tracker.events):
        if event.get("event") == "user" and (event.get("parse_data") or {}).get("intent", {}).get("name") == \
                "ask_work_and_benefits":
            return {term.term for term in load_glossary().lookup_all(event.get("text") or "")}
    return set()


class ActionMoneyAnswer(Action):
    """Gives the sum when the form is done, and again when the person changes an answer ("I meant 12 hours")."""

    def name(self) -> str:
        return "action_money_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        slots = {name: tracker.get_slot(name) for name in ("benefit", "uc_lcw", "uc_child", "uc_housing",
                                                           "hours_a_week", "pay_amount", "pay_period", "age_band",
                                                           "nation", "pension_a_month")}
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
        except BadInput as problem:
            dispatcher.utter_message(response="utter_amount_problem", problem=str(problem))
            return []
        events = [SlotSet(name, value) for name, value in changes.items()]
        events += say_answer(dispatcher, tracker, "\n".join(steps))
        dispatcher.utter_message(response="utter_right_to_try")
        dispatcher.utter_message(response="utter_money_next")
        return events


def corrections(text: str, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """New hours or pay named in a message such as "no, I meant 12 hours", or pension payments ("I pay £50 a
    month into my pension", a month when no period is named). A bad value is refused plainly."""
    changes: dict[str, Any] = {}
    if PENSION.search(text):
        amount, period = parse_pay(text, expecting_pay=True)
        try:
            if amount is not None:
                monthly = pay_a_month(amount, period if period not in (None, "hour") else "month", 1).pay_a_month
                changes["pension_a_month"] = float(monthly)
        except BadAmount as problem:
            dispatcher.utter_message(response="utter_amount_problem", problem=str(problem))
            return {}
        return changes
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


class ValidateMoneyForm(FormValidationAction):
    """Asks only what the sum needs, reads typed answers, and answers bad ones with a plain question."""

    def name(self) -> str:
        return "validate_money_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        benefit = tracker.get_slot("benefit")
        if benefit not in SUM_BENEFITS:
            return ["benefit"]  # PIP, none or not sure: no sum to work out, the answer says why
        if benefit == "esa":
            questions = []  # the Permitted Work limits are the same in either ESA group: nothing to ask
        else:
            questions = ["uc_lcw", "uc_child"]
            # Housing costs only change the sum when there may be a work allowance.
            if {"yes", "not_sure"} & {tracker.get_slot("uc_lcw"), tracker.get_slot("uc_child")}:
                questions.append("uc_housing")
        pay = ["hours_a_week", "pay_amount", "pay_period"]
        # Scotland's income tax differs: ask where the person lives only when the pay is taxed.
        if tax_depends_on_nation({name: tracker.get_slot(name) for name in pay}):
            pay.append("nation")
        return ["benefit", *questions, *pay, "age_band"]

    @staticmethod
    def _text(tracker: Tracker) -> str:
        return tracker.latest_message.get("text") or ""

    async def extract_benefit(self, dispatcher, tracker, domain):
        return typed_answer("benefit", tracker, dispatcher, parse_benefit, "utter_benefit_not_understood")

    async def extract_uc_lcw(self, dispatcher, tracker, domain):
        return typed_answer("uc_lcw", tracker, dispatcher, parse_yes_no)

    async def extract_uc_child(self, dispatcher, tracker, domain):
        return typed_answer("uc_child", tracker, dispatcher, parse_yes_no)

    async def extract_uc_housing(self, dispatcher, tracker, domain):
        return typed_answer("uc_housing", tracker, dispatcher, parse_yes_no)

    async def extract_nation(self, dispatcher, tracker, domain):
        return typed_nation(tracker, dispatcher)

    def validate_nation(self, value, dispatcher, tracker, domain):
        return nation_answer(value, tracker, dispatcher)

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
