"""Better-off sums through the gateway, the real Rasa server and the action server."""
import pytest

pytestmark = pytest.mark.stack


def test_esa_sum_step_by_step_then_a_correction(new_chat):
    person = new_chat()
    assert "Which benefit do you get?" in person.texts("work out a sum")
    assert "How many hours a week" in person.texts("ESA")
    assert "How much would you be paid?" in person.texts("12 hours")
    assert "How old are you?" in person.texts("£12.71 an hour")
    answer = person.texts("I'm 25")
    # 12 x £12.71 = £152.52 a week; x 52 / 12 = £660.92 a month; under the £203.50 limit, so ESA stays.
    assert "At £12.71 an hour, that is £152.52 a week before tax." in answer
    assert "On pay this size, you pay no income tax or National Insurance." in answer
    assert "So you can do this work and keep your ESA." in answer
    assert "Before you start, tell the DWP (in Northern Ireland, the Department for Communities)." in answer
    assert "If ESA is your only benefit, you would be £660.92 a month better off." in answer
    assert "Universal Credit, Housing Benefit or Council Tax Reduction can go down when you earn." in answer
    assert "These sums use rates from 6 April 2026 to 5 April 2027." in answer
    assert "It is planned, not law yet." in answer

    changed = person.texts("no, I meant 10 hours")
    # 10 x £12.71 = £127.10 a week; x 52 / 12 = £550.77 a month.
    assert "that is £127.10 a week before tax." in changed
    assert "If ESA is your only benefit, you would be £550.77 a month better off." in changed


def test_universal_credit_sum_with_a_work_allowance(new_chat):
    person = new_chat()
    person.texts("work out a sum")
    assert "Has a Work Capability Assessment said your health limits your work?" in person.texts("universal credit")
    assert "child" in person.texts("yes")
    assert "rent" in person.texts("no")
    person.texts("yes")
    person.texts("16 hours")
    person.texts("£200 a week")
    answer = person.texts("30")
    # £200 x 52 / 12 = £866.67; over the £427 allowance by £439.67; 55% of that is £241.82.
    assert "So your UC goes down by £241.82 a month." in answer
    assert "So you would be £624.85 a month better off." in answer


def test_bad_input_gets_a_plain_question_not_a_sum(new_chat):
    person = new_chat()
    person.texts("work out a sum")
    person.texts("ESA")
    assert "cannot be less than 0" in person.texts("-5 hours")
    assert "A week has only 168 hours." in person.texts("200 hours")
    assert "Sorry, I need a number of hours." in person.texts("not many hours")
    assert "How much would you be paid?" in person.texts("16 hours")
    assert "How often is that paid?" in person.texts("about 20 quid")


def test_pip_has_no_sum_and_says_why(new_chat):
    person = new_chat()
    person.texts("work out a sum")
    assert "PIP is not means-tested." in person.texts("PIP")
