"""The questions about work and benefits that issue 26 found unanswered, typed in words that are not in
data/nlu, through the gateway, the real Rasa server and the action server: each reaches its answer, then
the way to a benefits adviser (or, about telling an employer, a person to talk it through with)."""
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
