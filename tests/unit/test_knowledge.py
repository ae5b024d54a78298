"""Tests for the programmes catalogue and the glossary (bot/knowledge, data/knowledge)."""
import datetime as dt
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import PhraseMatcher, normalise
from bot.knowledge.glossary import acronyms_in, is_acronym, load_glossary
from bot.knowledge.programmes import (
    IN_WORK,
    NATIONS,
    NEEDS,
    Programme,
    load_programmes,
    normalise_in_work,
    normalise_nation,
)

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "data" / "knowledge"
FACTS = REPO.parent / "shared" / "domain" / "FACTS.md"  # CI clones main with shared/ beside it
CHECKED = dt.date(2026, 11, 23)

# FACTS.md section 2: name as written there -> id in programmes.yml
OPEN_PROGRAMMES = {
    "Connect to Work": "connect_to_work",
    "Access to Work": "access_to_work",
    "WorkWell": "workwell",
    "IPS (Individual Placement and Support)": "ips",
    "Jobcentre Plus support": "jobcentre_plus_support",
    "Local Supported Employment": "local_supported_employment",
}
CLOSED_PROGRAMMES = {
    "Work and Health Programme": "work_and_health_programme",
    "Small Employer Offer": "small_employer_offer",
    "Work Choice": "work_choice",
    "New Deal for Disabled People": "new_deal_for_disabled_people",
}
REQUIRED_TERMS = [
    "ESA", "UC", "PIP", "LCW", "LCWRA", "WCA", "DWP", "PW1", "NHS", "IPS", "BSL", "GP", "CV", "DDPO",
    "Permitted Work", "work allowance", "taper", "work coach", "Disability Employment Adviser",
    "supported employment", "sanction", "voluntary", "reasonable adjustments", "National Living Wage",
    "self-referral", "Access to Work", "Jobcentre Plus", "means-tested", "tax year",
]
HARD_WORDS = [
    "eligible", "eligibility", "utilise", "commence", "assist", "facilitate", "regarding", "prior to",
    "obtain", "require", "sufficient", "terminate", "economically inactive",
]
NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve twenty thirty hundred".split()


@pytest.fixture(scope="module")
def catalogue():
    return load_programmes()


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def texts(node, level=None, path=""):
    """(path, level, text) for every string under a key named easy or more, anywhere in the YAML."""
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}"
            if key in ("easy", "more"):
                for i, item in enumerate(value if isinstance(value, list) else [value]):
                    if isinstance(item, str):
                        yield sub, key, item
                    else:
                        yield from texts(item, key, f"{sub}[{i}]")
            else:
                yield from texts(value, level, sub)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from texts(item, level, f"{path}[{i}]")


def all_texts():
    found = []
    for name in ("programmes.yml", "glossary.yml"):
        data = yaml.safe_load((KNOWLEDGE / name).read_text(encoding="utf-8"))
        found += [(f"{name}{where}", level, text) for where, level, text in texts(data)]
    return found


def sentences(text):
    return [s.strip() for s in re.split(r"[.!?\n]+", text) if s.strip()]


def word_count(sentence):
    return len(re.findall(r"[£$]?\w[\w'’,.-]*", sentence))


ALL_TEXTS = all_texts()
EASY_TEXTS = [t for t in ALL_TEXTS if t[1] == "easy"]


# ---------------------------------------------------------------- programmes present, sourced, dated


@pytest.mark.parametrize("name, pid", {**OPEN_PROGRAMMES, **CLOSED_PROGRAMMES}.items())
def test_every_facts_programme_is_present_with_source_and_date(catalogue, name, pid):
    programme = catalogue.get(pid)
    assert programme is not None, f"{name} is missing from programmes.yml"
    assert catalogue.find(name) == programme
    assert programme.source.strip()
    assert programme.checked == CHECKED
    assert programme.confidence in ("P", "S", "I")
    assert programme.is_open == (pid in OPEN_PROGRAMMES.values())


@pytest.mark.skipif(not FACTS.is_file(), reason="shared/domain/FACTS.md is not beside the repository")
def test_every_row_of_facts_section_2_is_found(catalogue):
    section = FACTS.read_text(encoding="utf-8").split("## 2.")[1].split("## 3.")[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]
    names = [r for r in rows if r not in ("Programme",)]
    assert len(names) >= 6
    for name in names:
        found = catalogue.find(name)
        assert found is not None and found.is_open, name
    closed = section.split("Closed or historic")[1]
    for name in CLOSED_PROGRAMMES:
        assert name in closed  # the list here matches FACTS.md
        assert not catalogue.find(name).is_open


def test_closed_programmes_say_so_and_point_to_open_ones(catalogue):
    for programme in catalogue.closed():
        assert programme.closed_note is not None and "cannot join" in programme.closed_note.easy
        assert programme.instead and all(p.is_open for p in catalogue.instead_of(programme))
        assert not programme.how_to_join.self_referral
    for programme in catalogue.open():
        assert programme.closed_note is None


def test_open_programmes_are_voluntary_and_say_so(catalogue):
    for programme in catalogue.open():
        assert programme.voluntary, programme.id
        assert "your choice" in programme.voluntary_note.easy.lower(), programme.id


def test_ids_are_snake_case_and_unique(catalogue):
    ids = [p.id for p in catalogue]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_file_and_catalogue_have_a_checked_date(catalogue, glossary):
    assert catalogue.checked == CHECKED
    assert glossary.checked == CHECKED


# ---------------------------------------------------------------- closed programmes are never offered


def test_closed_programmes_are_never_offered(catalogue):
    closed = {p.id for p in catalogue.closed()}
    assert closed == set(CLOSED_PROGRAMMES.values())
    assert not closed & {p.id for p in catalogue.open()}
    for need in NEEDS:
        assert not closed & {p.id for p in catalogue.by_need(need)}, need
    for in_work, need, nation in itertools.product((None, *IN_WORK), (None, *NEEDS), (None, *NATIONS)):
        offered = {s.programme.id for s in catalogue.suggest(in_work=in_work, need=need, nation=nation)}
        assert not closed & offered, (in_work, need, nation)


# ---------------------------------------------------------------- suggestions


def test_suggestions_match_the_filters_and_reasons_are_short(catalogue):
    for in_work, need, nation in itertools.product((None, *IN_WORK), (None, *NEEDS), (None, *NATIONS)):
        suggestions = catalogue.suggest(in_work=in_work, need=need, nation=nation)
        scores = [s.score for s in suggestions]
        assert scores == sorted(scores, reverse=True)
        for s in suggestions:
            p = s.programme
            assert nation is None or nation in p.where.nations
            assert in_work is None or in_work in p.in_work
            assert need is None or need in p.needs
            assert s.reason and all(word_count(x) <= 15 for x in sentences(s.reason)), s.reason


def test_scotland_gets_no_england_only_programme_and_northern_ireland_only_ips(catalogue):
    england_only = {p.id for p in catalogue if "scotland" not in p.where.nations}
    assert {"connect_to_work", "workwell", "local_supported_employment"} <= england_only
    assert {"england", "wales", "scotland", "northern_ireland"} == set(catalogue.get("ips").where.nations)
    for in_work, need in itertools.product((None, *IN_WORK), (None, *NEEDS)):
        scottish = {s.programme.id for s in catalogue.suggest(in_work, need, "scotland")}
        assert not scottish & england_only, (in_work, need)
        # Northern Ireland runs its own programmes: of ours, only IPS (NHS teams) may run there
        assert {s.programme.id for s in catalogue.suggest(in_work, need, "northern_ireland")} <= {"ips"}
    for nation in ("scotland", "Scotland", "northern_ireland", "Northern Ireland", "NI"):
        note = catalogue.nation_note(nation)
        assert note and "own" in note
    assert catalogue.nation_note("england") is None
    assert catalogue.nation_note("wales") is None
    assert catalogue.nation_note(None) is None


def test_a_good_match_comes_first(catalogue):
    assert catalogue.suggest("in_work", "equipment", "england")[0].programme.id == "access_to_work"
    assert catalogue.suggest("out_of_work", "mental_health", "england")[0].programme.id == "ips"
    assert catalogue.suggest("at_risk", "staying_in_work", "england")[0].programme.id == "workwell"
    first = catalogue.suggest("out_of_work", "finding_a_job", "wales")[0]
    assert first.programme.id == "connect_to_work"
    assert "find a job" in first.reason and "out of paid work" in first.reason


def test_by_need(catalogue):
    assert [p.id for p in catalogue.by_need("equipment")] == ["access_to_work"]
    assert catalogue.by_need("mental_health")[0].id == "ips"
    assert catalogue.by_need("finding a job")  # words work as well as tags
    with pytest.raises(ValueError):
        catalogue.by_need("a pony")


def test_unknown_filters_are_refused(catalogue):
    with pytest.raises(ValueError):
        catalogue.suggest(nation="france")
    with pytest.raises(ValueError):
        catalogue.suggest(in_work="sometimes")
    with pytest.raises(ValueError):
        catalogue.suggest(need="money")


def test_nation_and_work_words_are_normalised():
    assert normalise_nation("Northern Ireland") == "northern_ireland"
    assert normalise_nation("Cymru") == "wales"
    assert normalise_in_work("out of work") == "out_of_work"
    assert normalise_in_work("at-risk") == "at_risk"
    assert normalise_in_work(None) is None


# ---------------------------------------------------------------- finding programmes


@pytest.mark.parametrize("typed, pid", [
    ("Connect to Work", "connect_to_work"),
    ("connect_to_work", "connect_to_work"),
    ("CTW", "connect_to_work"),
    ("conect to work", "connect_to_work"),
    ("connect 2 work", "connect_to_work"),
    ("Conect to wrok", "connect_to_work"),
    ("tell me about connect to work please", "connect_to_work"),
    ("access to work", "access_to_work"),
    ("acess to work", "access_to_work"),
    ("Access 2 Work", "access_to_work"),
    ("AtW", "access_to_work"),
    ("work well", "workwell"),
    ("WorkWel", "workwell"),
    ("what is IPS?", "ips"),
    ("individual placment and support", "ips"),
    ("job centre", "jobcentre_plus_support"),
    ("Disability Employment Advisor", "jobcentre_plus_support"),
    ("local supported employment", "local_supported_employment"),
    ("WHP", "work_and_health_programme"),
    ("work and health programe", "work_and_health_programme"),
    ("workchoice", "work_choice"),
    ("NDDP", "new_deal_for_disabled_people"),
])
def test_find_by_name_alias_and_misspelling(catalogue, typed, pid):
    found = catalogue.find(typed)
    assert found is not None and found.id == pid


@pytest.mark.parametrize("typed", ["", "   ", "hello", "I want a job", "money", "supported employment", "work"])
def test_find_does_not_guess(catalogue, typed):
    assert catalogue.find(typed) is None


def test_find_all_and_compare(catalogue):
    a, b = catalogue.find_all("what is the difference between connect to work and workwell?")
    assert (a.id, b.id) == ("connect_to_work", "workwell")
    rows = catalogue.compare("Connect to Work", "WorkWell")
    labels = [label for label, _, _ in rows]
    assert labels[:2] == ["Open now", "What it is"] and "Your benefits" in labels
    assert len(labels) == len(set(labels))
    assert all(x and y for _, x, y in rows)
    assert dict((label, (x, y)) for label, x, y in rows)["What it is"] == (a.summary.easy, b.summary.easy)
    closed = dict((label, y) for label, _, y in catalogue.compare(a, "Work Choice"))
    assert "cannot join" in closed["Open now"]
    with pytest.raises(LookupError):
        catalogue.compare("Connect to Work", "no such thing")


# ---------------------------------------------------------------- glossary


def test_glossary_has_the_required_terms(glossary):
    terms = {t.term for t in glossary}
    assert not [t for t in REQUIRED_TERMS if t not in terms]
    for term in glossary:
        assert term.means and term.easy and term.more and term.source, term.term
        assert term.checked >= CHECKED, f"{term.term}: checked before the glossary's last full check"


@pytest.mark.parametrize("question, term", [
    ("what does LCWRA mean?", "LCWRA"),
    ("What is LCW", "LCW"),
    ("lcwra", "LCWRA"),
    ("e.s.a", "ESA"),
    ("Employment and Support Allowance", "ESA"),
    ("what's a PW1?", "PW1"),
    ("explain permited work to me", "Permitted Work"),
    ("whats the work alowance", "work allowance"),
    ("what is the taper in universal credit?", "taper"),
    ("can I get sanctions", "sanction"),
    ("what is a DDPO", "DDPO"),
    ("self referral", "self-referral"),
    ("Is it means tested?", "means-tested"),
    ("what does disability employment advisor mean", "Disability Employment Adviser"),
    ("reasonable adjustmants", "reasonable adjustments"),
])
def test_glossary_lookup_in_a_question_and_with_a_typo(glossary, question, term):
    found = glossary.lookup(question)
    assert found is not None and found.term == term


@pytest.mark.parametrize("text", ["", "hello", "what does it mean?", "tips", "paper"])
def test_glossary_lookup_does_not_guess(glossary, text):
    assert glossary.lookup(text) is None


def test_glossary_acronyms(glossary):
    acronyms = glossary.acronyms()
    assert {"ESA", "UC", "PIP", "LCW", "LCWRA", "PW1", "DDPO"} <= acronyms
    assert "taper" not in acronyms and "Access to Work" not in acronyms
    assert acronyms_in("Ask your GP or GPs about ESA, PW1 and LCWRA's rules. I got {ESA_RATE} in 2026.") == {
        "GP", "ESA", "PW1", "LCWRA"}
    assert is_acronym("PW1") and not is_acronym("I") and not is_acronym("Work")


def test_every_acronym_in_the_knowledge_text_is_in_the_glossary(glossary):
    known = glossary.acronyms()
    missing = {(where, a) for where, _, text in ALL_TEXTS for a in acronyms_in(text) if a not in known}
    assert not missing


# ---------------------------------------------------------------- Easy Read basics (the full checker is accessibility/)


def test_sentences_are_short():
    assert len(EASY_TEXTS) > 100
    limits = {"easy": 15, "more": 25}
    too_long = [(where, s, word_count(s)) for where, level, text in ALL_TEXTS
                for s in sentences(text) if word_count(s) > limits[level]]
    assert not too_long


def test_easy_text_avoids_hard_words_and_number_words():
    for where, _, text in EASY_TEXTS:
        lower = text.lower()
        assert not [w for w in HARD_WORDS if re.search(rf"\b{w}", lower)], where
        assert not [w for w in NUMBER_WORDS if re.search(rf"\b{w}\b", lower)], where


def test_disabled_always_comes_with_health_condition():
    # The content style (docs/content-style.md): "disabled people and people with a health condition", never
    # "people with a disability"; tests/unit/test_terms.py checks the words to avoid.
    for where, _, text in ALL_TEXTS:
        for sentence in sentences(text):
            if re.search(r"\bdisabled\b", sentence, re.IGNORECASE):
                assert re.search(r"health condition", sentence, re.IGNORECASE), f"{where}: {sentence}"
        # "learning disability" and the names of benefits and advisers are names of their own
        alone = (r"(?<!learning )\bdisability\b(?! (or|and) health)(?! employment adviser)(?! payment)"
                 r"(?! living allowance)")
        assert not re.search(alone, text, re.IGNORECASE), f"{where}: say 'disabled or with a health condition'"


# ---------------------------------------------------------------- loading


def test_default_paths_do_not_depend_on_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load_programmes()) == 10
    assert load_glossary().lookup("ESA").term == "ESA"


def test_paths_can_be_overridden(tmp_path):
    data = yaml.safe_load((KNOWLEDGE / "programmes.yml").read_text(encoding="utf-8"))
    data["programmes"] = [p for p in data["programmes"] if p["id"] == "access_to_work"]
    path = tmp_path / "programmes.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    catalogue = load_programmes(path)
    assert [p.id for p in catalogue] == ["access_to_work"]
    assert catalogue.find("connect to work") is None


@pytest.mark.parametrize("breakage, message", [
    (lambda p: p.pop("closed_note"), "closed_note"),
    (lambda p: p.update(status="paused"), "status"),
    (lambda p: p.update(needs=["money"]), "needs"),
    (lambda p: p["where"].update(nations=["france"]), "nations"),
    (lambda p: p.update(checked="last week"), "checked"),
    (lambda p: p.pop("source"), "source"),
    (lambda p: p.update(instead=["work_and_health_programme"]), "instead"),
])
def test_a_broken_programme_is_refused_with_a_clear_message(tmp_path, breakage, message):
    data = yaml.safe_load((KNOWLEDGE / "programmes.yml").read_text(encoding="utf-8"))
    closed = next(p for p in data["programmes"] if p["id"] == "work_choice")
    breakage(closed)
    path = tmp_path / "programmes.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_programmes(path)


def test_a_name_used_for_two_entries_is_refused(tmp_path):
    data = yaml.safe_load((KNOWLEDGE / "glossary.yml").read_text(encoding="utf-8"))
    data["terms"][1]["aliases"].append("ESA")
    path = tmp_path / "glossary.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match="2 different entries"):
        load_glossary(path)


def test_loaders_are_cached_until_the_file_changes(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text((KNOWLEDGE / "glossary.yml").read_text(encoding="utf-8"), encoding="utf-8")
    first = load_glossary(path)
    assert load_glossary(path) is first
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["terms"] = data["terms"][:1]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    later = path.stat().st_mtime_ns + 10**9  # a clearly newer time, however coarse the file system clock
    os.utime(path, ns=(later, later))
    assert len(load_glossary(path)) == 1


def test_domain_code_does_not_import_rasa():
    code = ("import sys, bot.knowledge.glossary, bot.knowledge.programmes; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- the matcher


def test_normalise():
    assert normalise("  Connect-to-Work! ") == "connect to work"
    assert normalise("E.S.A.") == "esa"
    assert normalise("PIP's rules & UC") == "pip rules and uc"


def test_matcher_prefers_the_longer_exact_phrase_and_the_first_phrase():
    matcher = PhraseMatcher([("work", 1), ("work allowance", 2), ("universal credit", 3)])
    assert matcher.find("what is the work allowance in universal credit") == 2
    assert matcher.find_all("universal credit and the work allowance") == [3, 2]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_lookups_never_crash(text):
    catalogue, glossary = load_programmes(), load_glossary()
    found = catalogue.find(text)
    assert found is None or isinstance(found, Programme)
    glossary.lookup(text)
    glossary.lookup_all(text)
