"""Every answer typed, never pressed, through the gateway, the real Rasa server and the action server.

People who use a screen reader, or skip the buttons, type: the button's title, its number, "yes" or "no",
their own words, with slips. Each way of answering must end where pressing the buttons ends.
"""
import pytest

from bot.rules import load_rates, quoted_figures

pytestmark = pytest.mark.stack

# Three people answer every question of the self-referral in their own way.
REFERRAL_ANSWERS = {
    "button titles": ["I want to sign up", "Yes, that is OK", "SW1A 1AA", "Westway Work Project (sample)", "Mary",
                      "Phone call", "07700 900461", "None", "I am out of paid work", "Finding a job", "Skip this",
                      "Yes, I agree. Send it"],
    "numbers, yes and no": ["can you refer me to a service", "yes", "SW1A 1AA", "1", "my name is Sam", "2",
                            "07700 900462", "no", "no", "1", "no", "yes"],
    "own words with slips": ["sign me up pls", "ok", "westminster", "westway", "Jo", "phnoe call",
                             "my number is 07700 900463", "nothing thanks", "im out of work", "finding a job",
                             "skip", "send it"],
}


@pytest.mark.parametrize("who", REFERRAL_ANSWERS)
def test_a_referral_typed_from_start_to_sent(new_chat, who):
    person = new_chat()
    replies = [person.say(answer)["messages"] for answer in REFERRAL_ANSWERS[who]]
    said = ["\n".join(m.get("text", "") for m in reply) for reply in replies]
    assert "Is that OK?" in said[0]
    assert "What is your postcode?" in said[1]
    assert "Which service would you like?" in said[2]
    assert "What would you like the service to call you?" in said[3]
    assert "How would you like the service to contact you?" in said[4]
    assert "What is your phone number?" in said[5]
    assert "Do you need any help to take part?" in said[6]
    assert "Are you in work" in said[7]
    assert "What help would you like most?" in said[8]
    assert "your health in your own words" in said[9]
    assert "Here are your answers." in said[10] and "Westway Work Project (sample)" in said[10]
    assert "Your reference is " in said[11], said[11]
    reference = said[11].split("Your reference is ")[1].split(".")[0]
    for reply in replies:  # never the same apology twice in one reply
        texts = [m.get("text", "") for m in reply]
        assert len(texts) == len(set(texts))
        assert sum("Sorry" in text for text in texts) <= 1

    assert "What is your reference?" in person.texts("check my referral")
    assert "Westway Work Project (sample) has your request." in person.texts(reference)


@pytest.mark.parametrize("choice", ["2", "Hackney", "hackny", "the second one"])
def test_a_council_on_a_border_chosen_by_typing(new_chat, choice):
    person = new_chat()
    person.say("I want to sign up")
    person.say("yes")
    assert "Please choose your council." in person.texts("N1 9GU")  # Islington, then Hackney
    assert "Eastside Peer Work Network (sample)" in person.texts(choice)  # in Hackney, not Islington


def test_no_to_the_question_about_work_means_out_of_work(new_chat):
    person = new_chat()
    for answer in ["I want to sign up", "yes", "SW1A 1AA", "1", "Kim", "email", "kim@example.org", "none"]:
        person.say(answer)
    assert "What help would you like most?" in person.texts("no")


# An ESA sum: 12 hours at £12.71 is £152.52 a week, under the Permitted Work limit: £660.92 a month better off.
ESA_SUM_ANSWERS = {
    "button titles": ["work out a sum", "Employment and Support Allowance (ESA)", "12 hours", "£12.71 an hour",
                      "21 or over"],
    "numbers": ["how much better off would i be", "1", "12", "12.71 an hour", "1"],
    "own words with slips": ["can you work out my money if i work", "esa", "12 hrs", "£12.71 per hour", "im 25"],
}


@pytest.mark.parametrize("who", ESA_SUM_ANSWERS)
def test_an_esa_sum_typed(new_chat, who):
    person = new_chat()
    said = [person.texts(answer) for answer in ESA_SUM_ANSWERS[who]]
    assert "Which benefit do you get?" in said[0]
    assert "How many hours a week" in said[1]  # no question about the ESA group: the sum never used it
    assert "If ESA is your only benefit, you would be £660.92 a month better off." in said[-1]


# "What might suit me": in work or not, the help wanted, the nation.
SUIT_ANSWERS = {
    "button titles": ["what might suit me", "I am out of paid work", "Finding a job", "Wales"],
    "numbers, yes and no": ["which programme is right for me", "no", "1", "Wales"],
    "own words with slips": ["help me chose", "im not working", "findin a job", "i live in cardiff"],
}


# A UC sum: LCW, no child, help with rent, 16 hours at £200 a week, aged 21 or over: the £427 allowance,
# then 55% of the rest of £866.67 a month (test_money_conversation.py works it through).
UC_SUM_ANSWERS = {
    "button titles": ["work out a sum", "Universal Credit", "Yes", "No", "Yes", "16 hours", "£200 a week",
                      "21 or over"],
    "numbers, yes and no": ["how much better off would i be", "2", "1", "no", "yes", "16", "200 a week", "1"],
    "own words with slips": ["can you work out my money if i work", "univeral credit", "yep", "nope",
                             "yes it does", "16 hrs", "200 quid a week", "im 30"],
}


@pytest.mark.parametrize("who", UC_SUM_ANSWERS)
def test_a_universal_credit_sum_typed(new_chat, who):
    person = new_chat()
    said = [person.texts(answer) for answer in UC_SUM_ANSWERS[who]]
    assert "Has a Work Capability Assessment said your health limits your work?" in said[1]
    assert "Do you look after a child" in said[2]
    assert "money for your rent?" in said[3]
    assert "How many hours a week" in said[4]
    assert "So your UC goes down by £241.82 a month." in said[-1]
    assert "So you would be £624.85 a month better off." in said[-1]


@pytest.mark.parametrize("who", SUIT_ANSWERS)
def test_what_might_suit_me_typed(new_chat, who):
    person = new_chat()
    said = [person.texts(answer) for answer in SUIT_ANSWERS[who]]
    assert "Are you in work at the moment?" in said[0]
    assert "What help would you like most?" in said[1]
    assert "Where do you live?" in said[2]
    assert "These might suit you:" in said[3]


@pytest.mark.parametrize("choice", ["1", "the first one", "first"])
def test_a_call_back_typed(new_chat, choice):
    person = new_chat("closed-today")
    offer = person.say("talk to a person please")["messages"][-1]
    assert "What phone number should we call?" in person.texts(choice)
    # A number of each test's own: the stack's tests share one database, and a number has at most 3 open
    # call-backs a day (more join one already open).
    phone = {"1": "07700 900125", "the first one": "my number is 07700 900126",
             "first": "+44 (0)7700 900127 thanks"}[choice]
    assert "Is that the right number?" in person.texts(phone)
    assert f"We will call you at this time: {offer['buttons'][0]['title']}" in person.texts("yes")


def test_a_wrong_number_read_back_is_put_right_by_typing(new_chat):
    person = new_chat("closed-today")
    person.say("can i speak to someone")
    person.texts("the first one")
    assert "We will call 07700 900131. Is that the right number?" in person.texts("07700 900131")
    assert "What phone number should we call?" in person.texts("no thats wrong")
    assert "We will call 07700 900132." in person.texts("07700 900132")
    # a number typed in place of yes or no replaces the one read back
    assert "We will call 07700 900133." in person.texts("sorry its 07700 900133")
    assert "We will call you at this time:" in person.texts("yes thats right")


@pytest.mark.parametrize("words", ["I am Deaf and use BSL. I want to talk to a person", "i need a bsl interpreter",
                                   "can i talk to someone, i cant use the phone"])
def test_a_deaf_person_is_never_offered_only_a_phone_call(new_chat, words):
    reply = new_chat("closed-today").say(words)["messages"]
    said = "\n".join(m.get("text", "") for m in reply)
    assert "I will not ask to phone you." in said and "closed-today@example.org" in said
    assert not [b for m in reply for b in m.get("buttons") or [] if "callback_time" in b["payload"]]


@pytest.mark.parametrize("words", ["Start again", "start again please", "strat again"])
def test_start_again_typed_in_the_middle_of_a_referral(new_chat, words):
    person = new_chat()
    person.texts("I want to sign up")
    person.texts("yes")
    assert "We will start again." in person.texts(words)


def test_a_question_that_names_the_benefit_gets_the_answer_at_once(new_chat):
    person = new_chat()
    reply = person.texts("how many hours can i work on esa")
    assert "Which benefit do you get?" not in reply and "Permitted Work" in reply
    figures, _ = quoted_figures(load_rates())  # this tax year's, as the person is told them
    assert f"up to {figures['pw_lower']} a week" in reply and f"Under {figures['pw_hours']} hours" in reply
    assert f"up to {figures['pw_higher']} a week" in reply
    more = person.texts("tell me more")
    assert f"up to {figures['pw_supported']} a week at any hours" in more and "{" not in more


def test_the_universal_credit_answer_gives_the_taper_and_the_work_allowance(new_chat):
    person = new_chat()
    person.texts("how does work affect my benefits")
    reply = person.texts("Universal Credit")
    figures, _ = quoted_figures(load_rates())
    assert f"by {figures['taper']} for each £1" in reply
    assert f"It is {figures['allowance_without_housing']} a month, or {figures['allowance_with_housing']} if" in reply


@pytest.mark.parametrize("health", ["I get anxious on buses, can you help with that?", "my knees ache on frosty mornings"])
def test_health_in_own_words_is_the_answer_whatever_it_sounds_like(new_chat, health):
    person = new_chat()
    for answer in ["I want to sign up", "yes", "SW1A 1AA", "1", "Kim", "email", "kim@example.org", "none", "no",
                   "finding a job"]:
        person.say(answer)
    summary = person.texts(health)
    assert "Here are your answers." in summary and health in summary


def test_a_message_not_understood_offers_the_likeliest_topics(new_chat):
    reply = new_chat().say("work thing")["messages"]  # read as an answer, with programmes next likeliest
    buttons = [b["title"] for m in reply for b in m.get("buttons") or []]
    assert buttons[-2:] == ["Something else", "Talk to a person"]


def test_what_a_wca_is_comes_with_the_first_assessment_rule(new_chat):
    said = new_chat().texts("what does WCA mean")
    assert "Work Capability Assessment" in said
    assert "a month or more before tax, it may not happen." in said and "health element" in said


@pytest.mark.parametrize("nation, says, never", [
    ("Scotland", "Scotland has its own job support", "WorkWell"),
    ("Northern Ireland", "Department for Communities", "Connect to Work"),
    ("Wales", "Connect to Work", "WorkWell"),
])
def test_help_to_work_asks_where_first_then_names_that_nations_help(new_chat, nation, says, never):
    person = new_chat()
    asked = person.texts("what help is there to find work")
    assert "Where do you live?" in asked and "Connect to Work" not in asked
    answer = person.texts(nation)  # the button's title, typed
    assert says in answer and never not in answer


def test_a_postcode_not_understood_offers_only_what_is_there_the_council_typed(new_chat):
    person = new_chat()
    person.texts("I want to sign up")
    person.texts("yes")
    said = person.texts("not sure of it")
    assert "does not look like a postcode" in said and "type the name of your council" in said
    assert "list" not in said  # no list of councils is shown here, so none is promised
    assert "Which service would you like?" in person.texts("islington")
