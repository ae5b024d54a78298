"""Money sums with every answer typed, as people are paid: every pay period, hours a month, halves,
"not sure", and a change of answer, through the gateway, the real Rasa server and the action server.

Each figure is worked by hand beside it, with this tax year's rates (2026-27).
"""
import pytest

pytestmark = pytest.mark.stack

# Universal Credit, no LCW, no child, 20 hours a week: every way of saying £866.67 a month.
# No income tax (under £12,570 a year) and no National Insurance (under £1,047.50 a month);
# no work allowance, so UC goes down by 55% of £866.67 = £476.67, leaving £390.
SAME_PAY = ["£800 every four weeks", "£800 4 weekly", "£400 every two weeks", "400 quid a fortnight",
            "£10,400 a year", "£200 a week", "£866.67 a month", "£10 an hour"]


@pytest.mark.parametrize("pay", SAME_PAY)
def test_every_pay_period_typed_gives_the_same_month(new_chat, pay):
    person = new_chat()
    for answer in ["work out a sum", "universal credit", "no", "no", "20 hours"]:
        person.texts(answer)
    reply = person.texts(pay)
    assert "How old are you?" in reply  # no question about the period: it was clear
    answer = person.texts("I'm 30")
    assert "is £866.67 a month." in answer or "You are paid £866.67 a month before tax." in answer
    assert "So your UC goes down by £476.67 a month." in answer
    assert "So you would be £390 a month better off." in answer
    assert "£13.33333" not in answer and "£10.0000" not in answer


@pytest.mark.parametrize("pay, period, factor", [
    ("£800", "every four weeks", "we multiply by 13 and divide by 12."),
    ("800", "4", "we multiply by 13 and divide by 12."),  # the fourth button, by its number
    ("£400 bi-weekly", "Every two weeks", "we multiply by 26 and divide by 12."),
])
def test_a_period_not_given_or_unclear_is_asked(new_chat, pay, period, factor):
    person = new_chat()
    for answer in ["work out a sum", "universal credit", "no", "no", "20 hours"]:
        person.texts(answer)
    assert "How often is that paid?" in person.texts(pay)
    assert "How old are you?" in person.texts(period)
    answer = person.texts("21 or over")
    assert factor in answer and "So you would be £390 a month better off." in answer


def test_hours_a_month_are_made_hours_a_week_for_permitted_work(new_chat):
    person = new_chat()
    for answer in ["work out a sum", "esa"]:
        person.texts(answer)
    person.texts("64 hours a month")  # 64 x 12 / 52 = 14.77 hours a week: under 16, so the higher limit
    person.texts("£150 a week")
    answer = person.texts("25")
    assert "You work 14.77 hours a week." in answer
    assert "You work under 16 hours" in answer and "So you can do this work and keep your ESA." in answer


def test_half_hours_are_kept(new_chat):
    person = new_chat()
    for answer in ["work out a sum", "esa"]:
        person.texts(answer)
    person.texts("15 and a half hours")
    person.texts("£12.71 an hour")  # 15.5 x 12.71 = 197.005 -> £197.01 a week, under £203.50
    answer = person.texts("over 21")
    assert "You work 15.5 hours a week." in answer and "that is £197.01 a week before tax." in answer
    assert "So you can do this work and keep your ESA." in answer


# Not sure: the worst and the best case, never "no". £800 every four weeks = £866.67 a month.
# Worst: no work allowance, UC down £476.67, £390 better off. Best: the £710 allowance (no rent),
# (866.67 - 710) x 55% = £86.17, so £780.50 better off.
@pytest.mark.parametrize("lcw, child, housing", [("not sure", "no", "no"), ("no", "I'm not sure", "no"),
                                                 ("I don't know", "no", "dunno")])
def test_not_sure_gives_the_worst_and_the_best_case(new_chat, lcw, child, housing):
    person = new_chat()
    person.texts("work out a sum")
    person.texts("universal credit")
    person.texts(lcw)
    assert "money for your rent?" in person.texts(child)
    for answer in [housing, "20 hours", "£800 every four weeks"]:
        person.texts(answer)
    answer = person.texts("30")
    assert "You were not sure of something that changes your UC." in answer
    assert "At worst, UC goes down by £476.67 a month." in answer
    assert "Then you would be £390 a month better off." in answer
    assert "At best, UC goes down by £86.17 a month." in answer
    assert "Then you would be £780.50 a month better off." in answer
    assert "You do not get a work allowance." not in answer
    assert "A benefits adviser can find out which is right for you." in answer


def test_taxed_pay_asks_where_the_person_lives_and_scotland_has_its_own_tax(new_chat):
    person = new_chat()
    for answer in ["work out a sum", "universal credit", "no", "no", "37.5 hours"]:
        person.texts(answer)
    assert "Scotland has its own income tax rates." in person.texts("£24,000 a year")
    person.texts("I live in Glasgow")
    answer = person.texts("30")
    # 24,000 - 12,570 = 11,430: 3,967 at 19% = 753.73, 7,463 at 20% = 1,492.60; 2,246.33 / 12 = 187.19.
    # NI: (2,000 - 1,047.50) x 8% = 76.20. Take home 1,736.61; UC down 55% = 955.14 (955.1355); better off 781.47.
    assert "Income tax is £187.19 a month." in answer and "National Insurance is £76.20 a month." in answer
    assert "So you take home £1,736.61 a month." in answer
    assert "So you would be £781.47 a month better off." in answer


def test_a_change_of_pay_period_after_the_sum(new_chat):
    person = new_chat()
    for answer in ["work out a sum", "universal credit", "no", "no", "20 hours", "£800 every four weeks", "30"]:
        person.texts(answer)
    changed = person.texts("no, I'm paid every two weeks")
    # 800 x 26 / 12 = 1,733.33: tax (20,800 - 12,570) x 20% / 12 = 137.17; NI (1,733.33 - 1,047.50) x 8% = 54.87;
    # take home 1,541.29; UC down 847.71; better off 693.58. Where they live is not known: the steps say so.
    assert "£800 every two weeks is £1,733.33 a month." in changed
    assert "We used the income tax rates for England, Wales and Northern Ireland." in changed
    assert "So you would be £693.58 a month better off." in changed


def test_pension_payments_named_after_the_sum_come_off(new_chat):
    person = new_chat()
    for answer in ["work out a sum", "universal credit", "no", "no", "37.5 hours", "£24,000 a year", "England",
                   "30"]:
        person.texts(answer)
    changed = person.texts("I pay £100 a month into my pension")
    # 2,000 a month; tax on (1,900 x 12 - 12,570) x 20% / 12 = 170.50 (the pension comes off first);
    # NI 76.20 on the whole pay; take home 2,000 - 170.50 - 76.20 - 100 = 1,653.30; UC down 909.32 (909.315).
    assert "Your pension payments are £100 a month." in changed and "Income tax is £170.50 a month." in changed
    assert "So you would be £743.98 a month better off." in changed
