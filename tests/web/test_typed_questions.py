"""The 25 questions people ask most about work and benefits, typed in words that are not in data/nlu,
through the gateway, the real Rasa server and the action server: each reaches its answer. The five that
had no answer before get one from data/knowledge/answers.yml, then the way to a benefits adviser (or, about
telling an employer, a person to talk it through with)."""
import pytest

from bot.rules import first_wca_warning, load_rates, quoted_figures

pytestmark = pytest.mark.stack

ADVISER = "A benefits adviser can look at your own money with you."
TALK = "You can talk this through with a person."

# (what the person types, words of the answer it must reach, the offer after it)
QUESTIONS = [
    *[(words, "If the job ends within 12 weeks, you can claim ESA again.", ADVISER) for words in (
        "if this new job goes wrong can i get my benefits back",
        "what if i cant keep the job, will i get esa again",
        "my job might finish next month, can i claim universal credit again after")],
    *[(words, "You can work while you wait for a Work Capability Assessment.", ADVISER) for words in (
        "im waiting on my work capability assessment, am i allowed to do a part time job",
        "can i get a job before the wca",
        "still waiting for dwp to assess me, can i work some hours")],
    *[(words, "These are called reasonable adjustments.", TALK) for words in (
        "do i need to tell my new manager im autistic",
        "does my employer have to know about my mental health problems",
        "should i tell my job about my condition or keep it to myself")],
    *[(words, "Access to Work can help people who work for themselves too.", ADVISER) for words in (
        "can i start a business and keep my universal credit",
        "im self employed a few days a week, does that affect my esa",
        "what happens to my benefits if i work for myself")],
    *[(words, "Pay from work can change Housing Benefit.", ADVISER) for words in (
        "will a job affect my housing benefit and council tax",
        "i'm on carers allowance, am i allowed a part time job",
        "what happens to council tax reduction when i start working")],
]


@pytest.mark.parametrize("words, answer, offer", QUESTIONS)
def test_a_question_typed_in_own_words_reaches_its_answer(new_chat, words, answer, offer):
    said = new_chat().texts(words)
    assert answer in said and offer in said, said


def test_the_first_assessment_rule_and_more_detail(new_chat):
    rates = load_rates()
    person = new_chat()
    said = person.texts("can i do some work while i wait for my wca")
    assert first_wca_warning(rates)[2] in said  # "If you earn £... a month or more before tax, it may not happen."
    shown, _ = quoted_figures(rates)
    assert f"up to {shown['pw_higher']} a week" in said
    more = person.texts("tell me more")
    assert "using form PW1" in more and "{" not in more


def test_the_answer_names_the_body_of_the_nation_the_person_gave(new_chat):
    person = new_chat()
    person.texts("what help is there to find work")
    person.texts("Northern Ireland")
    said = person.texts("if the job doesnt last can i go back onto my benefit")
    assert "Tell the Department for Communities when your job ends." in said and "the DWP" not in said


# The other twenty of the 25: (what the person types, one after another; words the last replies must hold).
# Each answer's words come from the response or the knowledge file that says it.
OTHER_QUESTIONS = {
    "does talking to you or joining change my benefits": (
        ["if i talk to you will it change my benefits"], "does not change your benefits by itself"),
    "must I join, will I be sanctioned": (
        ["do i have to sign up to this or will they sanction me"], "Saying no will not get you a sanction."),
    "ESA hours and pay limits": (
        ["how many hours am i allowed on esa and how much can i earn"], "This is called Permitted Work."),
    "how much can I earn before UC goes down": (
        ["how much can i earn on universal credit before it goes down", "universal credit"], "work allowance"),
    "will I be better off": (
        ["would i be better off working", "esa", "12", "12.71 an hour", "21 or over"], "better off"),
    "does work affect PIP": (["will getting a job stop my pip"], "Your pay from work does not change your PIP."),
    "will trying work trigger a reassessment": (
        ["if i try working will they reassess me", "universal credit"], "Right to Try"),
    "does work change my LCWRA or health element": (
        ["will working take away my lcwra", "universal credit"], "health element"),
    "can I volunteer": (["can i do voluntary work on universal credit"], "You can volunteer while you get benefits."),
    "what is Access to Work": (["what is access to work exactly"], "Access to Work is money from the DWP."),
    "what help is near me, can I refer myself": (
        ["can i refer myself to someone local"], "I can ask a local service to contact you."),
    "what is there in Wales": (["what help is there to find work in wales"], "Connect to Work"),
    "I am struggling at work": (
        ["im struggling at work with my health what help is there"], "Some help you keep the job you have."),
    "reasonable adjustments": (
        ["what are reasonable adjustments and how do i ask for them"], "It can help you get changes at work."),
    "the lowest legal pay for me": (["whats the minimum wage for me"], "National Living Wage"),
    "how do I send a PW1": (["how do i send the pw1 form"], "PW1 is a form."),
    "can someone check my own money": (
        ["can someone look at my own benefit money"], "A benefits adviser can look at them with you."),
    "help with interview costs, CV or training": (
        ["can i get help paying to get to an interview"], "These might suit you"),
    "must I go to Jobcentre meetings": (
        ["do i have to go to my jobcentre appointments"], "Some Jobcentre meetings can be part of your benefit claim."),
    "BSL, Easy Read or someone with me": (["can i have a bsl interpreter or someone with me"], "email"),
}


# Known gaps, each failing until it is fixed (strict: a fix shows as an unexpected pass).
NOT_YET: dict[str, str] = {}


@pytest.mark.parametrize("question", [
    pytest.param(question, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[question])) if question in NOT_YET
    else question for question in OTHER_QUESTIONS])
def test_each_of_the_questions_people_ask_most_reaches_its_answer_when_typed(new_chat, question):
    typed, answer = OTHER_QUESTIONS[question]
    person = new_chat()
    said = [person.texts(words) for words in typed]
    assert answer in said[-1], said
    assert "did not understand" not in "\n".join(said)


def test_wales_is_not_offered_englands_programmes(new_chat):
    said = new_chat().texts("what help is there to find work in wales")
    assert "Connect to Work" in said and "WorkWell" not in said, said  # WorkWell runs in England only
