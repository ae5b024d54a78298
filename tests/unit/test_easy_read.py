"""Tests for the Easy Read checker (accessibility/easy_read.py)."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accessibility.easy_read import (
    MAX_EASY_GRADE,
    Breach,
    Text,
    check_all,
    check_text,
    count_words,
    domain_texts,
    knowledge_texts,
    known_acronyms_from_glossary,
    load_hard_words,
    main,
    reading_grade,
    split_sentences,
)

REPO = Path(__file__).resolve().parents[2]

GOOD_EASY_READ = (
    "Connect to Work can help you find a job. "
    "You choose if you want to join. "
    "A support worker meets you each week. "
    "They help you get ready for work. "
    "You can stop at any time."
)
HARD_TEXT = (
    "Notwithstanding the aforementioned considerations, individuals experiencing "
    "incapacitating conditions may nevertheless demonstrate considerable occupational potential."
)


def rules(breaches):
    return [b.rule for b in breaches]


def easy(text, known=()):
    return check_text(text, level="easy", where="test", known_acronyms=known)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------- sentence length


def test_long_sentence_is_a_breach_with_the_count():
    sentence = " ".join(["work"] * 18) + "."
    [breach] = easy(sentence)
    assert breach.rule == "sentence_length"
    assert breach.detail == "18 words; Easy Read allows 15"
    assert breach.sentence == sentence
    assert breach.where == "test"


def test_fifteen_words_is_fine():
    assert easy(" ".join(["work"] * 15) + ".") == []


def test_more_level_allows_25_words_and_hard_words():
    twenty = "You can utilise the service " + " ".join(["today"] * 15) + "."
    assert count_words(twenty) == 20
    assert check_text(twenty, level="more", where="t") == []
    assert set(rules(easy(twenty))) == {"sentence_length", "hard_word"}

    [breach] = check_text(" ".join(["work"] * 26) + ".", level="more", where="t")
    assert breach.rule == "sentence_length"
    assert breach.detail == "26 words; the 'more' level allows 25"


def test_unknown_level_is_refused():
    with pytest.raises(ValueError):
        check_text("Hello.", level="hard", where="t")


def test_placeholders_money_and_numbers_are_one_word_each():
    assert count_words("Hello {first_name}, you get £203.50 a week.") == 7
    assert count_words("You can work 16 hours, or earn 1,000 pounds.") == 9
    assert count_words("Go to https://www.gov.uk/access-to-work today.") == 4
    # 7 words (2 slots and 1 money figure among them) plus 8 more is 15: fine.
    fifteen = "You get {amount} or £203.50 on {day} " + " ".join(["each"] * 8) + "."
    assert easy("Hello {name}. " + fifteen) == []
    [breach] = easy(fifteen.replace("each.", "each week."))
    assert breach.detail == "16 words; Easy Read allows 15"


def test_punctuation_is_not_a_word():
    assert count_words("Yes - no , maybe ... ok ?") == 4


# ---------------------------------------------------------------- splitting


def test_newlines_and_bullets_split_sentences():
    text = "You can:\n- get help\n* find a job\n1. call us\n\n2) talk to {name}"
    assert split_sentences(text) == ["You can:", "get help", "find a job", "call us", "talk to {name}"]


def test_a_long_bullet_list_is_not_one_long_sentence():
    lines = "\n".join(f"- help with step {n} of the plan" for n in range(1, 6))
    assert count_words(lines) > 15
    assert easy("We can give you:\n" + lines) == []


def test_full_stops_split_sentences():
    assert split_sentences("You can work. It is your choice! Do you want help?") == [
        "You can work.", "It is your choice!", "Do you want help?"]


# ---------------------------------------------------------------- acronyms


def test_unexplained_acronym_is_a_breach():
    [breach] = easy("You may get PIP.", known={"ESA"})
    assert breach.rule == "acronym"
    assert '"PIP"' in breach.detail
    assert easy("You may get PIP.", known={"PIP"}) == []


def test_acronyms_with_digits_plurals_and_possessives():
    found = {b.detail.split('"')[1] for b in easy("Fill in a PW1. Ask GPs about UC's rules.")}
    assert found == {"PW1", "GP", "UC"}


def test_i_a_and_placeholders_are_not_acronyms():
    assert easy("A job can help. I can help you. Hello {NAME}, you get {ESA_RATE}.") == []


def test_known_acronyms_ignore_case():
    assert easy("ESA is money.", known={"esa"}) == []


# ---------------------------------------------------------------- hard words


def test_hard_word_is_a_breach_and_names_the_plain_word():
    [breach] = easy("You can utilise this.")
    assert breach.rule == "hard_word"
    assert '"utilise"' in breach.detail and '"use"' in breach.detail


@pytest.mark.parametrize("sentence, word", [
    ("She Utilised the form.", "Utilised"),
    ("He utilises it.", "utilises"),
    ("We will notify you.", "notify"),
    ("They notified us.", "notified"),
    ("You are in receipt of money.", "in receipt of"),
    ("Call us prior  to the date.", "prior  to"),
])
def test_hard_words_match_inflections_and_phrases(sentence, word):
    [breach] = easy(sentence)
    assert breach.rule == "hard_word"
    assert f'"{word}"' in breach.detail


def test_hard_words_match_whole_words_only():
    # "assist" must not be found inside "assistant"; slots and links are not words.
    assert easy("The assistant can talk to you. Hi {assist}. See www.gov.uk/assist now.") == []


def test_hard_word_explained_in_the_next_sentence_is_allowed():
    assert easy("You may be eligible. Eligible means you can get it.") == []
    assert rules(easy("You may be eligible. You can get it.")) == ["hard_word"]


def test_hard_words_list_is_plain():
    words = load_hard_words()
    assert 40 <= len(words) <= 60
    assert words["economically inactive"] == "out of paid work"
    assert all(plain.strip() and plain.lower() != hard.lower() for hard, plain in words.items())


def test_custom_hard_words():
    [breach] = check_text("Please endeavour.", level="easy", where="t", hard_words={"please": "go on"})
    assert '"go on"' in breach.detail


# ---------------------------------------------------------------- good text and reading grade


def test_good_easy_read_text_passes():
    assert easy(GOOD_EASY_READ) == []
    assert reading_grade([GOOD_EASY_READ]) <= MAX_EASY_GRADE


def test_hard_text_has_a_high_reading_grade():
    assert reading_grade([HARD_TEXT]) > MAX_EASY_GRADE


def test_reading_grade_ignores_money_numbers_and_slots():
    plain = reading_grade(["You get money each week. Ask us for help."])
    with_figures = reading_grade(["You get £1,203.50 {amount} money each week 52. Ask us for help 0800."])
    assert with_figures == pytest.approx(plain)


def test_reading_grade_of_nothing_is_zero():
    assert reading_grade([]) == 0.0
    assert reading_grade(["£5", "{name}"]) == 0.0


def test_breach_prints_on_one_line():
    breach = Breach("domain/core.yml: utter_greet[0] [easy]", "Hi PIP.", "acronym", '"PIP" is not known')
    line = str(breach)
    assert "\n" not in line
    assert line == 'domain/core.yml: utter_greet[0] [easy]: acronym: "PIP" is not known: "Hi PIP."'
    assert str(Breach("all", "", "reading_grade", "grade 5.0")) == "all: reading_grade: grade 5.0"


# ---------------------------------------------------------------- gathering content


DOMAIN = """\
    version: "3.1"
    intents: [greet]
    responses:
      utter_greet:
        - text: "Hello. I can help you find work."
          buttons:
            - title: "Tell me more"
              payload: /more
            - title: "Stop"
              payload: /stop
        - condition:
            - type: slot
              name: detail_level
              value: more
          text: "Hello. I can explain the voluntary employment support programmes that may be open to you where you live."
        - custom:
            widget: card
"""


def test_domain_gathering_levels_and_buttons(tmp_path):
    write(tmp_path / "domain" / "core.yml", DOMAIN)
    write(tmp_path / "domain" / "other.yml", "intents: [bye]\n")  # no responses: skipped
    texts = domain_texts(tmp_path / "domain", tmp_path)
    assert texts == [
        Text("domain/core.yml: utter_greet[0] [easy]", "easy", "Hello. I can help you find work."),
        Text("domain/core.yml: utter_greet[0].buttons[0] [easy]", "easy", "Tell me more"),
        Text("domain/core.yml: utter_greet[0].buttons[1] [easy]", "easy", "Stop"),
        Text("domain/core.yml: utter_greet[1] [more]", "more",
             "Hello. I can explain the voluntary employment support programmes that may be open to you where you live."),
    ]


def test_domain_more_variation_is_checked_at_more_level(tmp_path):
    # The "more" text has 18 words: fine at 25, a breach if it were treated as Easy Read.
    write(tmp_path / "domain" / "core.yml", DOMAIN)
    assert check_all(tmp_path) == []


def test_other_conditions_stay_easy(tmp_path):
    write(tmp_path / "domain" / "x.yml", """\
        responses:
          utter_x:
            - condition: [{type: slot, name: detail_level, value: easy}]
              text: "We will terminate it."
    """)
    [breach] = check_all(tmp_path)
    assert breach.rule == "hard_word" and breach.where == "domain/x.yml: utter_x[0] [easy]"


def test_knowledge_gathering_of_nested_easy_and_more(tmp_path):
    write(tmp_path / "data" / "knowledge" / "programmes.yml", """\
        programmes:
          - name: Connect to Work
            easy: Connect to Work helps you find a job.
          - name: WorkWell
            summary:
              easy: WorkWell helps you stay in work.
              more: WorkWell offers early support for people whose health makes work hard.
            steps:
              easy:
                - Talk to your work coach.
                - Say yes.
            source: https://www.gov.uk/
    """)
    write(tmp_path / "data" / "knowledge" / "sub" / "extra.yaml", "easy: You choose.\n")
    texts = knowledge_texts(tmp_path / "data" / "knowledge", tmp_path)
    assert texts == [
        Text("data/knowledge/programmes.yml: programmes[0].easy", "easy", "Connect to Work helps you find a job."),
        Text("data/knowledge/programmes.yml: programmes[1].summary.easy", "easy", "WorkWell helps you stay in work."),
        Text("data/knowledge/programmes.yml: programmes[1].summary.more", "more",
             "WorkWell offers early support for people whose health makes work hard."),
        Text("data/knowledge/programmes.yml: programmes[1].steps.easy[0]", "easy", "Talk to your work coach."),
        Text("data/knowledge/programmes.yml: programmes[1].steps.easy[1]", "easy", "Say yes."),
        Text("data/knowledge/sub/extra.yaml: easy", "easy", "You choose."),
    ]


GLOSSARY = """\
    terms:
      - term: ESA
        means: Employment and Support Allowance
        aliases: [employment and support allowance, New Style ESA]
        easy: ESA means Employment and Support Allowance. It is money from the government.
        more: ESA is a benefit for people whose health limits how much they can work.
      - term: Universal Credit
        aliases: [UC]
        easy: UC means Universal Credit. It is money to help with living costs.
      - term: Access to Work
        easy: Access to Work can pay for help at work.
"""


def test_known_acronyms_from_glossary(tmp_path):
    path = write(tmp_path / "glossary.yml", GLOSSARY)
    assert known_acronyms_from_glossary(path) == {"ESA", "UC"}
    assert known_acronyms_from_glossary(tmp_path / "missing.yml") == set()


def test_check_all_uses_the_glossary_acronyms(tmp_path):
    write(tmp_path / "data" / "knowledge" / "glossary.yml", GLOSSARY)
    write(tmp_path / "domain" / "benefits.yml", """\
        responses:
          utter_benefits:
            - text: "Do you get ESA or UC? Do you get PIP?"
    """)
    [breach] = check_all(tmp_path)
    assert breach.rule == "acronym" and '"PIP"' in breach.detail
    assert breach.where == "domain/benefits.yml: utter_benefits[0] [easy]"


def test_check_all_adds_a_reading_grade_breach(tmp_path):
    # Short sentences with long words: no length breach, but a high grade.
    write(tmp_path / "data" / "knowledge" / "hard.yml", """\
        easy: Occupational rehabilitation opportunities. Thorough individualised consideration. Organisational responsibilities.
    """)
    breaches = check_all(tmp_path)
    assert rules(breaches) == ["reading_grade"]
    assert breaches[0].detail.startswith("Flesch-Kincaid grade ")
    assert "allows 4.0" in breaches[0].detail


def test_check_all_on_an_empty_folder(tmp_path):
    assert check_all(tmp_path) == []


def test_single_domain_file_is_used_when_there_is_no_domain_folder(tmp_path):
    write(tmp_path / "domain.yml", "responses:\n  utter_a:\n    - text: We will commence soon.\n")
    assert rules(check_all(tmp_path)) == ["hard_word"]


# ---------------------------------------------------------------- command line


def test_cli_exit_codes_and_output(tmp_path, capsys):
    write(tmp_path / "domain" / "core.yml", DOMAIN)
    assert main(["--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip().startswith("Easy Read check: 4 texts, 0 breaches, reading grade ")

    write(tmp_path / "domain" / "bad.yml", "responses:\n  utter_bad:\n    - text: You may get PIP.\n")
    assert main(["--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("domain/bad.yml: utter_bad[0] [easy]: acronym:")
    assert out[-1].startswith("Easy Read check: 5 texts, 1 breaches")


def test_cli_runs_as_a_module(tmp_path):
    command = [sys.executable, "-m", "accessibility.easy_read", "--root", str(tmp_path)]
    clean = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    assert "Easy Read check: 0 texts, 0 breaches" in clean.stdout

    write(tmp_path / "data" / "knowledge" / "x.yml", "easy: " + " ".join(["word"] * 20) + ".\n")
    broken = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert broken.returncode == 1, broken.stderr
    assert "20 words; Easy Read allows 15" in broken.stdout


# ---------------------------------------------------------------- property


SHORT_WORDS = ["you", "can", "get", "help", "to", "find", "a", "job", "work", "each", "week",
               "hours", "16", "£12.50", "{name}", "it", "is", "your", "choice", "don't", "part-time"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SHORT_WORDS), min_size=1, max_size=15), min_size=1, max_size=6),
       st.sampled_from([". ", "! ", "? ", ".\n", "\n"]))
def test_sentences_of_15_words_or_fewer_never_break_the_length_rule(sentences, end):
    # spaCy reads a lone letter before a full stop ("a.") as a short form, not a sentence end.
    sentences = [words[:-1] + ["help"] if words[-1] == "a" else words for words in sentences]
    text = end.join(" ".join(words) for words in sentences) + "."
    assert "sentence_length" not in rules(easy(text))
